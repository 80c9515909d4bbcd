from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from platform_app import views

admin.site.site_header = "Compact Coordination Platform — Secretariat"
admin.site.site_title = "Compact Coordination Platform"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
]
