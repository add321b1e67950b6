from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinerja.accounts import services
from kinerja.accounts.models import User


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by login_required
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:password_change_done")
    return render(request, "accounts/password_change.html", {"form": form})
