"""Pages of the Joint Calendar."""

from django.urls import path

from platform_app.calendar import views

app_name = "calendar"


urlpatterns = [
    path("", views.month, name="month"),
    path("list/", views.event_list, name="list"),
    path("new/", views.add, name="add"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>.ics", views.event_ics, name="event_ics"),
    # Subscribed to by calendar programs, which send no session: the token says whose feed it is.
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
