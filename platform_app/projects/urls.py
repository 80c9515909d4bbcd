"""Pages of the projects and of the Multi-Year Appeal."""

from django.urls import path

from platform_app.projects import views

app_name = "projects"


urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export, name="export"),
    path("<int:pk>/", views.project, name="project"),
    # The form of a section that a package above projects adds to the page (views.add_section).
    path("<int:pk>/responses/", views.section_form, {"section": "responses"}, name="responses"),
    path("appeal/", views.appeal, name="appeal"),
    path("appeal/<int:pk>/", views.appeal_detail, name="appeal_detail"),
]
