"""A person's own subscription to "Counter-Terrorism Compact in Review", kept from their profile page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsletters.models import Subscription
from platform_app.accounts.preferences import Preference


def newsletter_set(user, subscribed: bool) -> None:
    """Subscribes or unsubscribes `user`, taking over a subscription made earlier with their address."""
    subscription = Subscription.objects.filter(user=user).first()
    if subscription is None and user.email:
        subscription = Subscription.objects.filter(email__iexact=user.email, user__isnull=True).first()
    if subscription is None:
        if not subscribed:
            return
        if not user.email:
            raise ValidationError({"newsletter": [_("Add an email address to your account to subscribe.")]})
        Subscription.objects.create(user=user, email=user.email)
        return
    subscription.user = user
    if subscribed and not subscription.is_active:
        subscription.is_active, subscription.unsubscribed_at = True, None
    elif not subscribed and subscription.is_active:
        subscription.is_active, subscription.unsubscribed_at = False, timezone.now()
    subscription.save()


def is_subscribed(user) -> bool:
    return Subscription.objects.filter(user=user, is_active=True).exists()


def _field() -> forms.Field:
    return forms.BooleanField(
        label=gettext_lazy('Receive the newsletter "Counter-Terrorism Compact in Review"'), required=False
    )


PROFILE_PREFERENCE = Preference(name="newsletter", field=_field, read=is_subscribed, save=newsletter_set)
