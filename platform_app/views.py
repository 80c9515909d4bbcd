from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import FocalPoint, MetricSnapshot


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    focal_point = FocalPoint.objects.select_related("organization").filter(user=request.user).first()
    latest = MetricSnapshot.objects.order_by("-as_of", "-id").first()
    return render(request, "platform_app/home.html", {"focal_point": focal_point, "snapshot": latest})


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and docker-compose."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "unavailable"}, status=503)
