"""The early-warning rules of a criteria version: adding one, changing its parameters or
switching it on or off, and removing one, by the evaluation team and the HR admin while
the version may change. The rules themselves are listed on the version page.

Access as for the indicators: a version the user may not read is 404, one they may read
but not prepare is 403, and a version that can no longer change shows the locked page.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.criteria.forms.warning_rules import WarningRuleForm
from kinerja.criteria.models import CriteriaVersion, EarlyWarningRule
from kinerja.criteria.selectors.warning_rules import describe_rule, warning_rules_of
from kinerja.criteria.services.versions import VersionRefused
from kinerja.criteria.services.warning_rules import delete_warning_rule, save_warning_rule
from kinerja.criteria.views.versions import _locked, _team_version, _user

# What a new rule's form starts with: the office's defaults (services.versions).
NEW_RULE_INITIAL = {
    "periods": 2,
    "threshold": Decimal(80),
    "minimum_tasks": 10,
    "points": Decimal(15),
    "window": 3,
    "measure": EarlyWarningRule.Measure.RESULTS_SCORE.value,
    "is_active": True,
}


def _rule(version: CriteriaVersion, rule_id: int) -> EarlyWarningRule:
    rule = warning_rules_of(version).filter(pk=rule_id).first()
    if rule is None:
        raise Http404
    return rule


def _to_rules(version: CriteriaVersion) -> HttpResponse:
    url = reverse("criteria:version_detail", kwargs={"version_id": version.pk})
    return redirect(f"{url}#warning-rules")


def _rule_page(
    request: HttpRequest, version: CriteriaVersion, rule: EarlyWarningRule | None
) -> HttpResponse:
    title = describe_rule(rule) if rule is not None else _("New early-warning rule")
    if not version.is_editable:
        return _locked(request, version, _("Early-warning rules"))
    initial = WarningRuleForm.initial_for(rule) if rule is not None else NEW_RULE_INITIAL
    form = WarningRuleForm(request.POST or None, initial=initial, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            save_warning_rule(
                actor=_user(request), version=version, data=form.to_input(), rule=rule
            )
        except PermissionDenied:
            raise HttpForbidden from None
        except VersionRefused as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The early-warning rule is saved."))
            return _to_rules(version)
    context = {"form": form, "version": version, "rule": rule, "page_title": title}
    return render(request, "criteria/versions/warning_rule_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def warning_rule_create(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _team_version(_user(request), version_id)
    return _rule_page(request, version, None)


@login_required
@require_http_methods(["GET", "POST"])
def warning_rule_update(request: HttpRequest, version_id: int, rule_id: int) -> HttpResponse:
    version = _team_version(_user(request), version_id)
    return _rule_page(request, version, _rule(version, rule_id))


@login_required
@require_http_methods(["GET", "POST"])
def warning_rule_delete(request: HttpRequest, version_id: int, rule_id: int) -> HttpResponse:
    user = _user(request)
    version = _team_version(user, version_id)
    rule = _rule(version, rule_id)
    if not version.is_editable:
        return _locked(request, version, _("Early-warning rules"))
    if request.method == "POST":
        try:
            delete_warning_rule(actor=user, rule=rule)
        except PermissionDenied:
            raise HttpForbidden from None
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The early-warning rule is removed."))
        return _to_rules(version)
    context = {"version": version, "rule": rule, "text": describe_rule(rule)}
    return render(request, "criteria/versions/warning_rule_delete.html", context)
