"""Pages of the directory of focal points and organizations."""

from django.urls import path

from platform_app.directory import views as directory

app_name = "directory"


urlpatterns = [
    path("", directory.index, name="index"),
    path("export.csv", directory.export, name="export"),
    path("organizations/", directory.organizations, name="organizations"),
    path("organizations/<int:pk>/", directory.organization, name="organization"),
    path("people/<int:pk>/", directory.person, name="person"),
]
