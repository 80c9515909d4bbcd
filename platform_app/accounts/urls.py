"""Pages of a person's own account."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from platform_app.accounts import views as account
from platform_app.directory.views import reconfirm

app_name = "account"


urlpatterns = [
    path("profile/", account.profile, name="profile"),
    path("signed-out/", account.signed_out, name="signed_out"),
    path("tokens/new/", account.token_create_view, name="token_create"),
    path("tokens/<int:pk>/revoke/", account.token_revoke_view, name="token_revoke"),
    path("calendar-feed/reset/", account.calendar_feed_reset, name="calendar_feed_reset"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="platform_app/account/password_change.html", success_url=reverse_lazy("account:profile")
        ),
        name="password_change",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="platform_app/account/password_reset.html",
            email_template_name="platform_app/account/password_reset_email.txt",
            subject_template_name="platform_app/account/password_reset_subject.txt",
            success_url=reverse_lazy("account:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="platform_app/account/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="platform_app/account/password_reset_confirm.html",
            success_url=reverse_lazy("account:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="platform_app/account/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("invitation/<uidb64>/<token>/", account.InvitationView.as_view(), name="invitation"),
    path("reconfirm/", reconfirm, name="reconfirm"),
]
