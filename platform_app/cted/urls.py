"""Pages of CTED's assessments, recommendations and gaps."""

from django.urls import path

from platform_app.cted import views

app_name = "cted"


urlpatterns = [
    path("", views.index, name="index"),
    path("countries/<str:iso3>/", views.country, name="country"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/sharing/", views.assessment_sharing, name="assessment_sharing"),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("recommendations/<int:pk>/progress/", views.recommendation_progress, name="recommendation_progress"),
    path("gaps/", views.gaps, name="gaps"),
]
