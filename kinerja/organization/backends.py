"""Log in with a NIP: every employee may type their NIP instead of their username.

Most accounts made from employee records are already named by the NIP; this backend also
covers accounts with another username (the camat's ``camat``, for instance). It runs after
Django's ModelBackend, behind django-axes, so lockouts apply to NIP logins too.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from kinerja.accounts.models import User
from kinerja.organization.nip import InvalidNip, check_shape


class NipBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        try:
            check_shape(username)
        except InvalidNip:
            return None
        user = User.objects.filter(employee__nip=username, employee__is_active=True).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        return user if user.check_password(password) else None
