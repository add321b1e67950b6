"""The main menu (product.md section 6), filtered by what the viewer's roles allow, and the
name of the viewer's organisation for the page header."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.criteria.selectors.access import (
    can_see_anything,
    can_see_coverage,
    is_criteria_team,
)
from kinerja.organization.selectors import Viewer, get_viewer
from kinerja.portal.selectors import organisation_name_for_viewer
from kinerja.service_metrics.selectors.access import can_view_office, can_view_team


@dataclass(frozen=True, slots=True)
class MenuItem:
    label: str | Promise
    url: str
    is_active: bool


@dataclass(frozen=True, slots=True)
class Menu:
    label: str | Promise
    items: list[MenuItem]

    @property
    def is_active(self) -> bool:
        """True when the current page is one of this menu's items."""
        return any(item.is_active for item in self.items)


def _item(request: HttpRequest, label: str | Promise, url_name: str) -> MenuItem:
    url = reverse(url_name)
    return MenuItem(label, url, request.path.startswith(url) and url != "/")


def _services_menu(request: HttpRequest, viewer: Viewer) -> Menu | None:
    """Layanan: my numbers for employees, team and office views for leaders, and the
    catalogue and working calendar for everyone in an organisation."""
    if viewer.is_outsider:
        return None
    items = []
    if viewer.employee is not None:
        items.append(_item(request, _("My services"), "service_metrics:my_services"))
    if can_view_team(viewer):
        items.append(_item(request, _("Team services"), "service_metrics:team"))
    if can_view_office(viewer):
        items.append(_item(request, _("Office services"), "service_metrics:office"))
    items.append(_item(request, _("Service catalogue"), "service_metrics:catalogue"))
    items.append(_item(request, _("Working calendar"), "service_metrics:calendar"))
    return Menu(_("Services"), items)


def _criteria_menu(request: HttpRequest, viewer: Viewer) -> Menu | None:
    """Kriteria: the criteria in force for everyone, the consultations, the versions and
    their comparison; the socialisation coverage for the HR admin and the pimpinan."""
    if not can_see_anything(viewer):
        return None
    items = []
    if viewer.employee is not None:
        items.append(_item(request, _("Criteria in force"), "criteria:my_criteria"))
    if can_see_coverage(viewer) or is_criteria_team(viewer):
        items.append(_item(request, _("Socialisation"), "criteria:coverage_index"))
    items.append(_item(request, _("Consultation"), "criteria:round_list"))
    items.append(_item(request, _("Versions & comparison"), "criteria:version_list"))
    return Menu(_("Criteria"), items)


def _my_performance_menu(request: HttpRequest, viewer: Viewer) -> Menu | None:
    """Kinerja Saya: everyone with an employee record is a pegawai.

    "My coaching plan" is shown to every employee, with or without a case: asking whether
    the viewer has one would add a query to every page; its page says when there is none."""
    if viewer.employee is None:
        return None
    return Menu(
        _("My performance"),
        [
            _item(request, _("My SKP"), "plans:my_plans"),
            _item(request, _("Realisation & evidence"), "plans:my_realisations"),
            _item(request, _("Feedback"), "plans:my_feedback"),
            _item(request, _("My evaluations"), "appraisals:my_evaluations"),
            _item(request, _("My coaching plan"), "coaching:my_cases"),
        ],
    )


def _team_menu(request: HttpRequest, viewer: Viewer) -> Menu | None:
    """Tim Saya: appraisers (anyone with direct reports) and the pimpinan; the HR admin
    rates those without an appraiser in the system and oversees the calibrations."""
    if not (viewer.is_penilai or viewer.is_pimpinan or viewer.is_admin):
        return None
    items = []
    if viewer.is_penilai or viewer.is_pimpinan:
        items += [
            _item(request, _("Team SKP"), "plans:team_plans"),
            _item(request, _("Role and result matrix"), "plans:cascade"),
        ]
    if viewer.is_penilai or viewer.is_admin:
        items.append(_item(request, _("Evaluations"), "appraisals:team_evaluations"))
    if viewer.is_pimpinan or viewer.is_admin:
        items.append(_item(request, _("Calibration & curve"), "appraisals:calibration_list"))
    items.append(_item(request, _("Early warning"), "monitoring:alert_list"))
    items.append(_item(request, _("Coaching"), "coaching:case_list"))
    return Menu(_("My team"), items)


def _innovations_menu(request: HttpRequest, viewer: Viewer) -> Menu | None:
    """Inovasi: the verified list for everyone in an organisation, submitting for
    employees, the review panel for the evaluation team and the HR admin."""
    if viewer.is_outsider:
        return None
    items = [_item(request, _("Verified innovations"), "innovations:innovation_list")]
    if viewer.employee is not None:
        items.append(_item(request, _("My innovations"), "innovations:my_innovations"))
    if is_criteria_team(viewer):
        items.append(_item(request, _("Panel review"), "innovations:review_queue"))
    return Menu(_("Innovation"), items)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    viewer = get_viewer(user)
    menus = [
        menu
        for menu in (
            _my_performance_menu(request, viewer),
            _services_menu(request, viewer),
            _team_menu(request, viewer),
            _criteria_menu(request, viewer),
            _innovations_menu(request, viewer),
        )
        if menu is not None
    ]
    if not viewer.is_outsider:
        menus.append(
            Menu(
                _("Organisation"),
                [
                    _item(request, _("Units"), "organization:unit_tree"),
                    _item(request, _("Employees"), "organization:employee_list"),
                    _item(request, _("Performance years"), "organization:year_list"),
                    _item(request, _("Rollout stages"), "rollout:overview"),
                ],
            )
        )
    if viewer.is_admin:
        menus.append(
            Menu(
                _("Administration"),
                [
                    _item(request, _("Data import"), "organization:import_start"),
                    _item(request, _("Audit trail"), "audit:event_list"),
                ],
            )
        )
    return {
        "viewer": viewer,
        "main_menu": menus,
        "organisation_name": organisation_name_for_viewer(viewer),
    }
