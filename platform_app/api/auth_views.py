"""Getting and managing API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from platform_app.models import ApiToken
from platform_app.security import lockout_response
from platform_app.tokens import token_create, token_revoke

from .base import VisibleViewSet
from .inputs import StrictInputSerializer
from .schema import ErrorSerializer
from .throttling import SignInRateThrottle, TokenRateThrottle


class TokenRequestInput(StrictInputSerializer):
    username = serializers.CharField(max_length=254, help_text="Username or email address.")
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(
        max_length=100, required=False, default="API token", help_text="What the token is for."
    )
    expires_in_days = serializers.IntegerField(
        min_value=1, max_value=settings.API_TOKEN_MAX_DAYS, required=False, help_text="Default 90."
    )


class NewTokenInput(StrictInputSerializer):
    name = serializers.CharField(max_length=100, help_text="What the token is for.")
    expires_in_days = serializers.IntegerField(
        min_value=1, max_value=settings.API_TOKEN_MAX_DAYS, required=False, help_text="Default 90."
    )


class TokenSerializer(serializers.ModelSerializer):
    prefix = serializers.SerializerMethodField(help_text="The key's first characters, to recognise it.")
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at", "is_active"]

    def get_prefix(self, obj: ApiToken) -> str:
        return f"ccp_{obj.lookup}"


class NewTokenSerializer(TokenSerializer):
    token = serializers.CharField(help_text="The key. It is shown only now: store it safely.")

    class Meta(TokenSerializer.Meta):
        fields = ["token", *TokenSerializer.Meta.fields]


def _issue(user, data: dict, created_by=None) -> Response:
    token, key = token_create(
        user=user, name=data.get("name", "API token"), days=data.get("expires_in_days"), created_by=created_by
    )
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
        responses={201: NewTokenSerializer, 401: ErrorSerializer, 429: ErrorSerializer},
        auth=[],
        summary="Get a token",
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
        return _issue(user, data.validated_data)


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

    @extend_schema(request=NewTokenInput, responses={201: NewTokenSerializer}, summary="Create another token")
    def create(self, request, *args, **kwargs):
        data = NewTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        return _issue(request.user, data.validated_data)

    @extend_schema(summary="Revoke a token at once", responses={204: None})
    def destroy(self, request, *args, **kwargs):
        token_revoke(token=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
