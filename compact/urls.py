from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from platform_app.accounts import two_factor
from platform_app.dashboard import views as core
from platform_app.mail.views import unsubscribe_view
from platform_app.ops.health import health, node_health

admin.site.site_header = _("Compact Coordination Platform — Secretariat")
admin.site.site_title = _("Compact Coordination Platform")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", core.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.two_factor, name="two_factor"),
    path("accounts/", include("platform_app.accounts.urls")),
    path("unsubscribe/<str:token>/", unsubscribe_view, name="unsubscribe"),
    path("notifications/", include("platform_app.mail.urls")),
    path("directory/", include("platform_app.directory.urls")),
    path("countries/", include("platform_app.countries.urls")),
    path("support/", include("platform_app.support.urls")),
    path("library/", include("platform_app.library.urls")),
    path("calendar/", include("platform_app.calendar.urls")),
    path("working-groups/", include("workinggroups.urls")),
    path("projects/", include("platform_app.projects.urls")),
    path("cted/", include("platform_app.cted.urls")),
    path("newsletters/", include("newsletters.urls")),
    path("search/", include("platform_app.search.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("compact.api_urls")),
    path("health/", health, name="health"),
    path("health/node/", node_health, name="health_node"),
    path("i18n/", include("django.conf.urls.i18n")),
]

# The error pages, in the site's layout and the reader's language, with the way back (compact/errors.py);
# JSON under /api/. A refused CSRF check is settings.CSRF_FAILURE_VIEW.
handler400 = "compact.errors.bad_request"
handler403 = "compact.errors.permission_denied"
handler404 = "compact.errors.page_not_found"
handler500 = "compact.errors.server_error"
