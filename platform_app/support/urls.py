"""Pages of requests for tailored support."""

from django.urls import path

from platform_app.support import views

app_name = "support"


urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="request"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/route/", views.route, name="route"),
    path("<int:pk>/offer/", views.offer, name="offer"),
    path("<int:pk>/close/", views.close, name="close"),
    path("offers/<int:pk>/decide/", views.decide, name="decide"),
    path("offers/<int:pk>/withdraw/", views.withdraw_offer, name="withdraw_offer"),
]
