"""The site search's page."""

from django.urls import path

from platform_app.search import views

app_name = "search"


urlpatterns = [
    path("", views.index, name="index"),
]
