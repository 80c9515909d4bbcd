from django.urls import path

from platform_app.projects import views

app_name = "projects"


urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export, name="export"),
    path("<int:pk>/", views.project, name="project"),
    path("<int:pk>/responses/", views.responses, name="responses"),
    path("appeal/", views.appeal, name="appeal"),
    path("appeal/<int:pk>/", views.appeal_detail, name="appeal_detail"),
]
