"""Pages of the Member States."""

from django.urls import path

from platform_app.countries import views as countries

app_name = "countries"


urlpatterns = [
    path("", countries.index, name="index"),
    path("entries/<int:pk>/edit/", countries.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", countries.entry_delete, name="entry_delete"),
    path("entries/<int:pk>/moderate/", countries.entry_moderate, name="entry_moderate"),
    path("attachments/<int:pk>/", countries.attachment, name="attachment"),
    # Matched case-insensitively by the views; anything that is not three letters is a 404 there.
    path("<str:iso3>/", countries.profile, name="profile"),
    path("<str:iso3>/page/", countries.page_edit, name="page_edit"),
    path("<str:iso3>/entries/new/", countries.entry_create, name="entry_create"),
]
