from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from platform_app.health import health
from platform_app.views import core, notifications, two_factor

admin.site.site_header = _("Compact Coordination Platform — Secretariat")
admin.site.site_title = _("Compact Coordination Platform")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", core.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.two_factor, name="two_factor"),
    path("accounts/", include("platform_app.urls.account")),
    path("unsubscribe/<str:token>/", notifications.unsubscribe_view, name="unsubscribe"),
    path("directory/", include("platform_app.urls.directory")),
    path("countries/", include("platform_app.urls.countries")),
    path("support/", include("platform_app.urls.support")),
    path("library/", include("platform_app.urls.library")),
    path("calendar/", include("platform_app.urls.calendar")),
    path("working-groups/", include("workinggroups.urls")),
    path("projects/", include("platform_app.urls.projects")),
    path("cted/", include("platform_app.urls.cted")),
    path("newsletters/", include("newsletters.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("platform_app.api.urls")),
    path("health/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
]
