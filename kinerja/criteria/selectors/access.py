"""Who may do what with the criteria. Every view and service asks these functions; none
of them decides on its own.

- Everyone with an employee record reads the versions of their organisation that left
  the drafting table (in consultation and later), takes part in consultations and
  acknowledges the published version.
- The evaluation team (tim evaluasi) and the HR admin prepare versions, open and close
  consultation rounds, decide proposals and answer questions.
- Only the HR admin publishes and retires a version (product.md: "publishing criteria").
- The HR admin and the pimpinan see the socialisation coverage and send reminders.
- Anyone else (an account without an employee record or role) sees nothing.
"""

from django.db.models import Q

from kinerja.accounts.models import User
from kinerja.criteria.models import CriteriaVersion
from kinerja.criteria.rules import Stage
from kinerja.organization.models import OrgUnit
from kinerja.organization.selectors import Viewer, get_viewer


def viewer_of(user: User) -> Viewer:
    return get_viewer(user)


def is_criteria_team(viewer: Viewer) -> bool:
    """The evaluation team of the viewer's organisation, or the HR admin."""
    if viewer.is_admin:
        return True
    return bool(viewer.user.is_evaluation_team and viewer.employee is not None)


def can_prepare_versions(viewer: Viewer) -> bool:
    return is_criteria_team(viewer)


def can_publish(viewer: Viewer) -> bool:
    return viewer.is_admin


def can_decide_proposals(viewer: Viewer) -> bool:
    return is_criteria_team(viewer)


def can_participate(viewer: Viewer) -> bool:
    """Post proposals, comments and votes: every employee, leaders included."""
    return viewer.employee is not None


def can_see_coverage(viewer: Viewer) -> bool:
    return viewer.is_admin or viewer.is_pimpinan


def can_see_anything(viewer: Viewer) -> bool:
    return viewer.is_admin or viewer.employee is not None


def organization_filter(viewer: Viewer, field: str = "organization") -> Q | None:
    """Rows of the viewer's organisation; None (no filter) for an HR admin without an
    employee record, who keeps every organisation."""
    if viewer.org_root_path is not None:
        return Q(**{f"{field}__path": viewer.org_root_path})
    if viewer.is_admin:
        return None
    return Q(pk__in=[])


def visible_stages(viewer: Viewer) -> list[str]:
    """Drafts stay with the team; everything from consultation on is open to all."""
    stages = [stage.value for stage in Stage]
    if is_criteria_team(viewer):
        return stages
    return [stage for stage in stages if stage != Stage.DRAFT]


def version_filter(viewer: Viewer) -> Q:
    scope = Q(status__in=visible_stages(viewer))
    organization = organization_filter(viewer)
    return scope if organization is None else scope & organization


def viewer_organization(viewer: Viewer) -> OrgUnit | None:
    """The root unit of the viewer's organisation, where new versions belong."""
    if viewer.org_root_path is None:
        return None
    return OrgUnit.objects.filter(path=viewer.org_root_path).first()


def can_read_version(viewer: Viewer, version: CriteriaVersion) -> bool:
    return CriteriaVersion.objects.filter(version_filter(viewer), pk=version.pk).exists()
