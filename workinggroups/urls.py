from django.urls import path

from . import meeting_calendar, sections, showcases, views

app_name = "workinggroups"

urlpatterns = [
    path("", views.index, name="index"),
    # The group's page in sections; "detail" is its overview, at the group's own address.
    path("<slug:short_name>/", sections.overview, name="detail"),
    path("<slug:short_name>/meetings/", sections.meetings, name="meetings"),
    path("<slug:short_name>/workplan/", sections.workplan, name="workplan"),
    path("<slug:short_name>/discussion/", sections.discussion, name="discussion"),
    path("<slug:short_name>/documents/", sections.documents, name="documents"),
    path("<slug:short_name>/events/", sections.events, name="events"),
    path("<slug:short_name>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<slug:short_name>/meetings/<int:pk>/", views.meeting, name="meeting"),
    path("<slug:short_name>/meetings/<int:pk>.ics", meeting_calendar.meeting_ics, name="meeting_ics"),
    path("<slug:short_name>/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<slug:short_name>/workplan/new/", views.activity_create, name="activity_create"),
    path("<slug:short_name>/workplan/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<slug:short_name>/posts/new/", views.post_create, name="post_create"),
    path("<slug:short_name>/posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("<slug:short_name>/showcases/", showcases.showcase_list, name="showcase_list"),
    path("<slug:short_name>/showcases/new/", showcases.showcase_create, name="showcase_create"),
    path("<slug:short_name>/showcases/<int:pk>/", showcases.showcase, name="showcase"),
    path("<slug:short_name>/showcases/<int:pk>/decide/", showcases.showcase_decide, name="showcase_decide"),
    path("<slug:short_name>/showcases/<int:pk>/withdraw/", showcases.showcase_withdraw, name="showcase_withdraw"),
]
