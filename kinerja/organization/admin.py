"""Django admin for the HR admin. Saves go through the services so that paths stay
right, rules are checked and every change lands in the audit log."""

from typing import Any

from django import forms
from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from kinerja.accounts.models import User
from kinerja.core.exceptions import DomainError
from kinerja.organization import services
from kinerja.organization.models import (
    AppraisalChain,
    Employee,
    OrgUnit,
    PerformanceYear,
    Period,
    Position,
)


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class ServiceCheckedForm(forms.ModelForm):  # type: ignore[type-arg]
    """Runs the service's own rule check during validation, so a refused change is shown
    on the form instead of failing on save."""

    # _post_clean is where Django copies the cleaned data onto the instance and runs the
    # model's validation, so the instance is complete here. The stubs do not declare it.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors:
            return
        try:
            services.check(self.instance)
        except DomainError as error:
            self.add_error(None, str(error))


class NoDeleteMixin:
    """Organisation rows are referenced by history; deactivate instead of deleting."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(NoDeleteMixin, admin.ModelAdmin[OrgUnit]):
    list_display = ("code", "name", "kind", "parent", "path")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path", "depth")
    form = ServiceCheckedForm

    def save_model(
        self, request: HttpRequest, obj: OrgUnit, form: ModelForm[OrgUnit], change: bool
    ) -> None:
        services.save_unit(actor=_actor(request), unit=obj)


@admin.register(Position)
class PositionAdmin(NoDeleteMixin, admin.ModelAdmin[Position]):
    list_display = ("name", "kind", "unit")
    list_filter = ("kind",)
    search_fields = ("name", "unit__name", "unit__code")
    autocomplete_fields = ("unit",)


@admin.register(Employee)
class EmployeeAdmin(NoDeleteMixin, admin.ModelAdmin[Employee]):
    list_display = ("nip", "name", "position", "unit", "supervisor", "asn_status", "is_active")
    list_filter = ("asn_status", "is_active", "position__kind")
    search_fields = ("nip", "name", "position__name")
    autocomplete_fields = ("position", "supervisor", "user")
    list_select_related = ("position", "unit", "supervisor")
    exclude = ("unit",)
    form = ServiceCheckedForm

    def save_model(
        self, request: HttpRequest, obj: Employee, form: ModelForm[Employee], change: bool
    ) -> None:
        services.save_employee(actor=_actor(request), employee=obj)


class PeriodInline(admin.TabularInline[Period, PerformanceYear]):
    model = Period
    extra = 0
    can_delete = False
    readonly_fields = ("code", "kind", "starts_on", "ends_on", "is_evaluation_period")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PerformanceYear)
class PerformanceYearAdmin(NoDeleteMixin, admin.ModelAdmin[PerformanceYear]):
    list_display = ("year", "periodicity", "rating_method", "skp_deadline")
    inlines = (PeriodInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Periods are made when a year is opened; use the "Tahun kinerja" page for that.
        return ("year", "periodicity") if obj else ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AppraisalChain)
class AppraisalChainAdmin(admin.ModelAdmin[AppraisalChain]):
    list_display = ("period", "employee", "appraiser", "appraiser_superior", "snapshotted_at")
    list_filter = ("period__performance_year", "period")
    search_fields = ("employee__name", "employee__nip")
    list_select_related = ("period", "employee", "appraiser", "appraiser_superior")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
