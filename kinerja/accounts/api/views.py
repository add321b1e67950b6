"""``POST /api/v1/auth/token/``: trade a username (or NIP) and password for an API token."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
)
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from kinerja.accounts.api.serializers import (
    CredentialsSerializer,
    ErrorSerializer,
    FieldErrorsSerializer,
    TokenSerializer,
)
from kinerja.accounts.models import User
from kinerja.accounts.services import issue_api_token


@extend_schema(
    operation_id="auth_token_create",
    summary="Obtain an API token",
    description=(
        "Send a username or NIP with its password; use the token in the header "
        "`Authorization: Token <token>`. The same token is returned until it is revoked."
    ),
    request=CredentialsSerializer,
    responses={
        200: TokenSerializer,
        400: OpenApiResponse(FieldErrorsSerializer, description="Missing or wrong credentials."),
        429: OpenApiResponse(ErrorSerializer, description="Too many failed attempts."),
    },
    auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@parser_classes([JSONParser])
def obtain_token(request: Request) -> Response:
    serializer = CredentialsSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    # The plain HttpRequest, not DRF's wrapper: django-axes records the attempt on it and
    # flags a lockout there.
    django_request = request._request
    user = authenticate(
        django_request,
        username=serializer.validated_data["username"],
        password=serializer.validated_data["password"],
    )
    if getattr(django_request, "axes_locked_out", False):
        # Answer in JSON ourselves; left in place, the flag makes axes' middleware replace
        # this response with its HTML lockout page.
        delattr(django_request, "axes_locked_out")
        return Response({"detail": _lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if not isinstance(user, User):
        raise ValidationError(
            {
                "non_field_errors": [
                    _(
                        "The username (or NIP) and the password do not match. Check both and "
                        "try again; capital and small letters are different."
                    )
                ]
            }
        )
    token = issue_api_token(actor=user)
    return Response({"token": token.key})


def _lockout_message() -> str:
    # The same sentences as the HTML lockout page, so that they share one translation.
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    waiting = ngettext(
        "To protect the account, signing in is locked for %(minutes)s minute. Wait, then try "
        "again with the correct password.",
        "To protect the account, signing in is locked for %(minutes)s minutes. Wait, then try "
        "again with the correct password.",
        minutes,
    ) % {"minutes": minutes}
    return f"{_('Sign-in temporarily locked')}. {waiting}"
