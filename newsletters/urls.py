from django.urls import path

from . import views

app_name = "newsletters"

urlpatterns = [
    path("", views.index, name="index"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/pdf/", views.issue_pdf, name="pdf"),
]
