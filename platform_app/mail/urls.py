"""The notification centre's pages."""

from django.urls import path

from platform_app.mail import views

app_name = "notifications"


urlpatterns = [
    path("", views.index, name="index"),
    path("read/", views.read_all, name="read_all"),
    path("<int:pk>/open/", views.open_notice, name="open"),
    path("<int:pk>/read/", views.read, name="read"),
]
