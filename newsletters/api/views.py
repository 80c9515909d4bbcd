import django_filters as filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from newsletters.models import NewsletterIssue, NewsletterSection
from platform_app.core.api.base import VisibleViewSet
from platform_app.core.filters import ChangeFilterSet, IntegerFilter

from .serializers import NewsletterIssueDetailSerializer, NewsletterIssueSerializer


class NewsletterFilterSet(ChangeFilterSet):
    status = filters.ChoiceFilter(choices=NewsletterIssue.Status.choices)
    year = IntegerFilter(
        field_name="period_start__year",
        min_value=2000,
        max_value=2200,
        label="Issues whose period starts in this year.",
    )

    class Meta:
        model = NewsletterIssue
        fields = ["status", "year"]


@extend_schema_view(
    list=extend_schema(summary="Issues of the newsletter"),
    retrieve=extend_schema(summary="An issue with its sections", responses=NewsletterIssueDetailSerializer),
)
class NewsletterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleViewSet):
    """ "Counter-Terrorism Compact in Review": published issues; drafts only for the Secretariat."""

    queryset = NewsletterIssue.objects.prefetch_related("figures")
    filterset_class = NewsletterFilterSet
    ordering_fields = ["period_start"]
    ordering = ["-period_start"]

    def base_queryset(self):
        if self.action == "retrieve":
            sections = NewsletterSection.objects.prefetch_related("items").order_by("position", "id")
            return self.queryset.prefetch_related(Prefetch("sections", sections))
        return self.queryset.all()

    def get_serializer_class(self):
        return NewsletterIssueDetailSerializer if self.action == "retrieve" else NewsletterIssueSerializer
