"""Signing in with a username or an email address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Signs in with the username or, when the login contains '@', the email (case-insensitive)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        User = get_user_model()
        if "@" in username:
            user = User._default_manager.filter(email__iexact=username).first()
        else:
            user = User._default_manager.filter(username=username).first()
        if user is None:
            # Spend the same time as a real check so timing does not reveal which logins exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        # The request's user arrives with its focal point and organization, which every page's
        # visibility rules read (viewer_for): one query per request instead of three.
        User = get_user_model()
        user = User._default_manager.select_related("focal_point__organization").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
