"""Getting and managing API tokens."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from platform_app.accounts.models import ApiToken
from platform_app.accounts.security import lockout_response, needs_second_factor, second_factor_device
from platform_app.accounts.tokens import token_create, token_revoke
from platform_app.accounts.two_factor import attempts_left, check_code, pause_message, paused_until
from platform_app.core.api.base import VisibleViewSet
from platform_app.core.api.inputs import StrictInputSerializer
from platform_app.core.api.schema import ErrorSerializer
from platform_app.core.api.serializers import described
from platform_app.core.api.throttling import SignInRateThrottle, TokenRateThrottle
from platform_app.core.timezones import KNOWN_TIME_ZONES


class TokenRequestInput(StrictInputSerializer):
    username = serializers.CharField(max_length=254, help_text="Username or email address.")
    password = serializers.CharField(
        max_length=128, style={"input_type": "password"}, trim_whitespace=False, help_text="The account's password."
    )
    name = serializers.CharField(
        max_length=100, required=False, default="API token", help_text="What the token is for."
    )
    expires_in_days = serializers.IntegerField(
        min_value=1, max_value=settings.API_TOKEN_MAX_DAYS, required=False, help_text="Default 90."
    )
    otp = serializers.RegexField(
        r"^\d{6}$",
        required=False,
        help_text="Staff only: the 6-digit code their authenticator app shows now (the second factor). "
        "Set the app up by signing in to the platform in a browser first.",
    )


class NewTokenInput(StrictInputSerializer):
    name = serializers.CharField(max_length=100, help_text="What the token is for.")
    expires_in_days = serializers.IntegerField(
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        required=False,
        help_text="Default 90. A token created with a token expires no later than that token.",
    )


class TokenSerializer(serializers.ModelSerializer):
    prefix = serializers.SerializerMethodField(help_text="The key's first characters, to recognise it.")
    is_active = serializers.BooleanField(read_only=True, help_text="Neither expired nor revoked: the token works.")

    class Meta:
        model = ApiToken
        extra_kwargs = described(
            created_at="When the token was created.",
            expires_at="When it stops working.",
            revoked_at="When it was revoked; null if it was not.",
            last_used_at="When it was last used; null if never.",
        )
        fields = ["id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at", "is_active"]

    def get_prefix(self, obj: ApiToken) -> str:
        return f"ccp_{obj.lookup}"


class NewTokenSerializer(TokenSerializer):
    token = serializers.CharField(help_text="The key. It is shown only now: store it safely.")

    class Meta(TokenSerializer.Meta):
        fields = ["token", *TokenSerializer.Meta.fields]


def _issue(user, data: dict, via: ApiToken | None = None) -> Response:
    token, key = token_create(user=user, name=data.get("name", "API token"), days=data.get("expires_in_days"), via=via)
    token.token = key
    return Response(NewTokenSerializer(token).data, status=status.HTTP_201_CREATED)


class ObtainTokenView(APIView):
    """Exchange a username (or email) and password for a new token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [SignInRateThrottle]
    # JSON like every other write: in a form an empty expires_in_days would count as not given.
    parser_classes = [JSONParser]

    def get_authenticate_header(self, request):
        # A wrong password is a 401 like a wrong token, not a 403.
        return "Token"

    @extend_schema(
        request=TokenRequestInput,
        responses={
            201: NewTokenSerializer,
            401: OpenApiResponse(
                ErrorSerializer,
                description="No token: `authentication_failed` (unknown username or email, or wrong password); "
                "for staff, `otp_required` (no `otp` sent), `otp_invalid` (not the code the authenticator "
                "shows now, or a code already used) or `otp_setup_required` (no authenticator set up yet).",
            ),
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many requests (`throttled`), too many failed sign-ins (`locked_out`), or a "
                "pause after too many wrong second-factor codes (`otp_throttled`, on the sign-in page's count: "
                "5 wrong codes, then 15 minutes, doubling with each further 5); retry after Retry-After seconds.",
            ),
        },
        auth=[],
        examples=[
            OpenApiExample(
                "A token for a reporting system",
                value={
                    "username": "amina.otieno@example.org",
                    "password": "correct-horse-battery-staple",
                    "name": "Quarterly reporting",
                    "expires_in_days": 30,
                },
                request_only=True,
            )
        ],
        summary="Get a token",
        description="Exchange a username (or email) and password for a new token. Staff also send the code "
        "their authenticator app shows (`otp`), as they do when signing in to the platform.",
    )
    def post(self, request):
        data = TokenRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        # The Django request, on which the lockout check (django-axes) reads the address and flags a lockout.
        django_request = request._request
        user = authenticate(
            django_request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if getattr(django_request, "axes_locked_out", False):
            return lockout_response(django_request)
        if user is None or not user.is_active:
            raise AuthenticationFailed("Unknown username or email, or wrong password.")
        if needs_second_factor(user):
            self._check_second_factor(django_request, user, data.validated_data.get("otp"))
        return _issue(user, data.validated_data)

    @staticmethod
    def _check_second_factor(request, user, code: str | None) -> None:
        """Staff get a token as they get a session: with their password and a code of their confirmed
        authenticator. Raises the answer saying what is missing or wrong."""
        device = second_factor_device(user)
        if device is None:
            raise AuthenticationFailed(
                _(
                    "This account needs a second factor, which is not set up yet: sign in to the platform in a "
                    "browser to set up your authenticator app, then send its code (otp)."
                ),
                code="otp_setup_required",
            )
        if not code:
            raise AuthenticationFailed(
                _("This account needs a second factor: send the code your authenticator app shows now (otp)."),
                code="otp_required",
            )
        # The sign-in page's rule (two_factor.check_code): the same attempts and pauses, counted together.
        device, result = check_code(request, device.pk, code)
        if result == "ok":
            return
        now = timezone.now()
        # A wrong code may have used up the attempts; a pause that ended since the check still answers 429.
        until = paused_until(device, now)
        if result == "paused" or until is not None:
            until = until or now
            with timezone.override(user.time_zone if user.time_zone in KNOWN_TIME_ZONES else "UTC"):
                message = pause_message(until, now)
            raise Throttled(wait=max(math.ceil((until - now).total_seconds()), 1), detail=message, code="otp_throttled")
        left = attempts_left(device)
        message = ngettext(
            "This code (otp) is not the one your authenticator app shows now; %(count)s attempt left.",
            "This code (otp) is not the one your authenticator app shows now; %(count)s attempts left.",
            left,
        )
        raise AuthenticationFailed(message % {"count": left}, code="otp_invalid")


@extend_schema_view(list=extend_schema(summary="Your tokens, newest first"))
class TokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """Your own tokens: list them, create another, revoke one (DELETE)."""

    serializer_class = TokenSerializer
    throttle_classes = [TokenRateThrottle]
    parser_classes = [JSONParser]
    searchable = False
    filterset_class = None
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=self.request.user)

    @extend_schema(
        request=NewTokenInput,
        responses={201: NewTokenSerializer},
        summary="Create another token",
        description="The key is in the answer only, once. Created with a token, it expires no later than that one.",
        examples=[
            OpenApiExample(
                "A token for a second system",
                value={"name": "Calendar sync", "expires_in_days": 90},
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        data = NewTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        # Signed in with a session, staff have confirmed their code (StaffSecondFactorMiddleware); with a
        # token, the new one ends no later than it (platform_app.accounts.tokens.token_create).
        via = request.auth if isinstance(request.auth, ApiToken) else None
        return _issue(request.user, data.validated_data, via=via)

    @extend_schema(
        summary="Revoke a token at once",
        description="The token stops working at once; it stays in your list, with `revoked_at`.",
        responses={204: None},
    )
    def destroy(self, request, *args, **kwargs):
        token_revoke(token=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
