from django.urls import path

from ..views import countries

app_name = "countries"

urlpatterns = [
    path("", countries.index, name="index"),
    # Matched case-insensitively by the view; anything that is not three letters is a 404 there.
    path("<str:iso3>/", countries.profile, name="profile"),
]
