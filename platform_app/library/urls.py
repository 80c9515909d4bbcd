"""Pages of the Thematic Resource Library."""

from django.urls import path

from platform_app.library import views as library

app_name = "library"


urlpatterns = [
    path("", library.index, name="index"),
    path("upload/", library.upload, name="upload"),
    path("<int:pk>/", library.document, name="document"),
    path("<int:pk>/download/", library.download, name="download"),
    path("<int:pk>/thumbnail/", library.thumbnail, name="thumbnail"),
    path("<int:pk>/versions/new/", library.new_version, name="new_version"),
]
