"""Request and response bodies of the token endpoint."""

from typing import Any

from rest_framework import serializers


class CredentialsSerializer(serializers.Serializer[Any]):
    # DRF's CharField already refuses NUL characters, which PostgreSQL cannot store.
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(read_only=True)


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(read_only=True)


class FieldErrorsSerializer(serializers.Serializer[Any]):
    """DRF's validation errors: a list of messages per field, or for the whole body."""

    username = serializers.ListField(child=serializers.CharField(), required=False)
    password = serializers.ListField(child=serializers.CharField(), required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)
