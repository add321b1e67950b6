"""Permission-checked reads of the organisation.

Who may see what:
- the **directory** (name, position, unit, rank, e-mail) of an organisation is open to
  everyone who works in it, to its pimpinan and to HR admins;
- a **full profile** (NIP and what it encodes, ASN status, reporting line, appraisers) is
  open to the employee, to every superior up the reporting line (penilai, direct or
  indirect), to a pimpinan for the units under them, and to HR admins;
- an **outsider** (an account without an employee record and without a role) sees nothing.

An organisation is the tree under one root unit (a kecamatan with its kelurahan).
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.organization.models import (
    AppraisalChain,
    Employee,
    OrgUnit,
    PerformanceYear,
    Period,
    Position,
)
from kinerja.organization.nip import Sex

# Every direct and indirect report of one employee. UNION (not UNION ALL) stops the
# recursion even if a reporting cycle ever slipped into the data.
_SUBORDINATE_IDS_SQL = """
    WITH RECURSIVE subordinates(id) AS (
        SELECT id FROM organization_employee WHERE supervisor_id = %s
        UNION
        SELECT e.id FROM organization_employee e JOIN subordinates s ON e.supervisor_id = s.id
    )
    SELECT id FROM subordinates
"""


class Access(enum.IntEnum):
    NONE = 0
    DIRECTORY = 1
    FULL = 2


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking, resolved once per request."""

    user: User
    employee: Employee | None
    is_admin: bool
    is_pimpinan: bool
    is_penilai: bool
    org_root_path: str | None  # the viewer's organisation ("/KEC/"), None for outsiders

    @property
    def is_outsider(self) -> bool:
        return not self.is_admin and self.employee is None

    @property
    def pimpinan_path(self) -> str | None:
        """The subtree a pimpinan leads: the unit they work in and everything below."""
        if self.is_pimpinan and self.employee is not None:
            return self.employee.unit.path
        return None


_VIEWER_CACHE_ATTRIBUTE = "_kinerja_viewer"


def get_viewer(user: User) -> Viewer:
    """Resolve the viewer's employee record and roles, once per user object.

    ``request.user`` is loaded anew for every request, so remembering the result on it
    lets the menu and the view share one lookup without outliving the request. Callers
    pass authenticated users (views are behind login_required).
    """
    cached = getattr(user, _VIEWER_CACHE_ATTRIBUTE, None)
    if isinstance(cached, Viewer):
        return cached
    viewer = _resolve_viewer(user)
    setattr(user, _VIEWER_CACHE_ATTRIBUTE, viewer)
    return viewer


def _resolve_viewer(user: User) -> Viewer:
    employee = (
        Employee.objects.select_related("unit", "position")
        .filter(user_id=user.pk, is_active=True)
        .annotate(report_count=Count("direct_reports"))
        .first()
    )
    root_path = "/" + employee.unit.path.split("/")[1] + "/" if employee else None
    return Viewer(
        user=user,
        employee=employee,
        is_admin=can_manage_organization(user),
        is_pimpinan=user.is_pimpinan and employee is not None,
        is_penilai=bool(employee is not None and employee.report_count > 0),
        org_root_path=root_path,
    )


def subordinate_ids(employee: Employee) -> RawSQL:
    """A subquery of the ids of everyone who reports to ``employee``, at any depth."""
    # The SQL is a constant; the only value is passed as a bound parameter.
    return RawSQL(_SUBORDINATE_IDS_SQL, [employee.pk])  # noqa: S611


def _full_access_filter(viewer: Viewer) -> Q | None:
    """The employees whose full profile the viewer may read; None means all of them."""
    if viewer.is_admin:
        return None
    if viewer.employee is None:
        return Q(pk__in=[])
    scope = Q(pk=viewer.employee.pk)
    if viewer.is_penilai:
        scope |= Q(pk__in=subordinate_ids(viewer.employee))
    if viewer.pimpinan_path:
        scope |= Q(unit__path__startswith=viewer.pimpinan_path)
    return scope


def _directory_filter(viewer: Viewer) -> Q | None:
    if viewer.is_admin:
        return None
    if viewer.org_root_path is None:
        return Q(pk__in=[])
    return Q(unit__path__startswith=viewer.org_root_path)


def directory_employees_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[Employee]:
    """Active employees in the viewer's organisation, for the directory and unit pages."""
    viewer = viewer or get_viewer(user)
    employees = Employee.objects.filter(is_active=True).select_related("position", "unit")
    scope = _directory_filter(viewer)
    return employees if scope is None else employees.filter(scope)


def employees_with_full_access_for_user(
    user: User, *, viewer: Viewer | None = None
) -> QuerySet[Employee]:
    viewer = viewer or get_viewer(user)
    employees = Employee.objects.all()
    scope = _full_access_filter(viewer)
    return employees if scope is None else employees.filter(scope)


class AccessReason(enum.StrEnum):
    """Why a viewer may read an employee's full profile, checked in this order."""

    SELF = "self"
    DIRECT_SUPERVISOR = "direct_supervisor"
    PIMPINAN = "pimpinan"
    ADMIN = "admin"
    INDIRECT_SUPERVISOR = "indirect_supervisor"


@dataclass(frozen=True, slots=True)
class AccessGrant:
    access: Access
    reason: AccessReason | None = None  # set for Access.FULL only


def explain_access(viewer: Viewer, employee: Employee) -> AccessGrant:
    """How much of ``employee`` the viewer may see, and why (see the module docstring).

    The cheap reasons are checked first; the reporting line below a direct report costs
    one query, and only when no other reason applies.
    """
    own = viewer.employee
    if own is not None and employee.pk == own.pk:
        return AccessGrant(Access.FULL, AccessReason.SELF)
    if own is not None and employee.supervisor_id == own.pk:
        return AccessGrant(Access.FULL, AccessReason.DIRECT_SUPERVISOR)
    if viewer.pimpinan_path and employee.unit.path.startswith(viewer.pimpinan_path):
        return AccessGrant(Access.FULL, AccessReason.PIMPINAN)
    if viewer.is_admin:
        return AccessGrant(Access.FULL, AccessReason.ADMIN)
    if own is None:
        return AccessGrant(Access.NONE)
    if viewer.is_penilai and (
        Employee.objects.filter(pk=employee.pk).filter(pk__in=subordinate_ids(own)).exists()
    ):
        return AccessGrant(Access.FULL, AccessReason.INDIRECT_SUPERVISOR)
    if viewer.org_root_path and employee.unit.path.startswith(viewer.org_root_path):
        return AccessGrant(Access.DIRECTORY if employee.is_active else Access.NONE)
    return AccessGrant(Access.NONE)


def access_to_employee(viewer: Viewer, employee: Employee) -> Access:
    """How much of ``employee`` the viewer may see (see the module docstring)."""
    return explain_access(viewer, employee).access


def _get_employee_grant(
    user: User, lookup: Q, viewer: Viewer | None
) -> tuple[Employee, AccessGrant]:
    viewer = viewer or get_viewer(user)
    employee = (
        Employee.objects.select_related(
            "unit", "unit__parent", "position", "supervisor", "supervisor__position", "user"
        )
        .filter(lookup)
        .first()
    )
    if employee is None:
        raise NotFound
    grant = explain_access(viewer, employee)
    if grant.access is Access.NONE:
        raise NotFound
    return employee, grant


def get_employee_for_user(
    user: User, nip: str, *, viewer: Viewer | None = None
) -> tuple[Employee, Access]:
    """The employee with ``nip`` and how much of them ``user`` may see.

    Raises NotFound when the user may not see the employee at all, so that a stranger
    cannot tell an unknown NIP from a hidden one.
    """
    employee, grant = _get_employee_grant(user, Q(nip=nip), viewer)
    return employee, grant.access


def units_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[OrgUnit]:
    """Units of the viewer's organisation in tree order, with their own headcount."""
    viewer = viewer or get_viewer(user)
    units = OrgUnit.objects.annotate(
        headcount=Count("employees", filter=Q(employees__is_active=True))
    ).order_by("path")
    if viewer.is_admin:
        return units
    if viewer.org_root_path is None:
        return units.none()
    return units.filter(path__startswith=viewer.org_root_path)


def get_unit_for_user(user: User, code: str, *, viewer: Viewer | None = None) -> OrgUnit:
    """The unit with ``code`` in the viewer's organisation; NotFound otherwise."""
    unit = units_for_user(user, viewer=viewer).select_related("parent").filter(code=code).first()
    if unit is None:
        raise NotFound
    return unit


def can_manage_organization(user: User) -> bool:
    """HR admins manage master data, imports and performance years."""
    return user.has_hr_admin_rights


def performance_years_for_user(user: User) -> QuerySet[PerformanceYear]:
    """Every performance year with its period count; open to everyone but outsiders."""
    if get_viewer(user).is_outsider:
        raise PermissionDenied
    return PerformanceYear.objects.annotate(period_count=Count("periods")).order_by("-year")


def get_performance_year_for_user(
    user: User, year: int
) -> tuple[PerformanceYear, Sequence[Period]]:
    """A year and its periods, each annotated with how many appraisal chains it holds."""
    performance_year = performance_years_for_user(user).filter(year=year).first()
    if performance_year is None:
        raise NotFound
    periods = list(
        performance_year.periods.annotate(chain_count=Count("appraisal_chains")).order_by(
            "starts_on", "-ends_on"
        )
    )
    return performance_year, periods


# ---------------------------------------------------------------------------
# The directory pages: the unit tree, a unit's people, the employee list, a profile.


@dataclass(eq=False, slots=True)
class UnitNode:
    """One unit of a tree with its own headcount and the headcount of its subtree."""

    unit: OrgUnit
    headcount: int
    parent: "UnitNode | None" = None
    children: list["UnitNode"] = field(default_factory=list)
    subtree_headcount: int = 0

    @property
    def ancestors(self) -> list["UnitNode"]:
        """From the root down to this unit's parent."""
        chain: list[UnitNode] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


@dataclass(frozen=True, slots=True)
class UnitTree:
    roots: list[UnitNode]
    nodes: list[UnitNode]  # every node, depth first in display order

    def search(self, text: str) -> list[UnitNode]:
        """Units whose name or code contains ``text``, ignoring case."""
        needle = text.strip().casefold()
        return [
            node
            for node in self.nodes
            if needle in node.unit.name.casefold() or needle in node.unit.code.casefold()
        ]


def unit_tree_for_user(
    user: User, *, viewer: Viewer | None = None, within: OrgUnit | None = None
) -> UnitTree:
    """The viewer's units as a tree (the subtree of ``within`` when given), in one query.

    Subtree headcounts are summed here from the flat list rather than by one count per
    unit: the list is small (hundreds of units) and already in memory.
    """
    units = units_for_user(user, viewer=viewer)
    if within is not None:
        units = units.filter(path__startswith=within.path)
    flat = [UnitNode(unit=unit, headcount=unit.headcount) for unit in units]  # type: ignore[attr-defined]
    by_id = {node.unit.pk: node for node in flat}
    roots: list[UnitNode] = []
    for node in flat:
        parent = by_id.get(node.unit.parent_id) if node.unit.parent_id is not None else None
        if parent is None:
            roots.append(node)
        else:
            node.parent = parent
            parent.children.append(node)
    # Deepest first, so every child has added its total before its parent adds its own.
    for node in sorted(flat, key=lambda n: n.unit.path.count("/"), reverse=True):
        node.subtree_headcount += node.headcount
        if node.parent is not None:
            node.parent.subtree_headcount += node.subtree_headcount
    roots.sort(key=_display_order)
    nodes: list[UnitNode] = []
    pending = roots[::-1]
    while pending:  # depth first, in display order
        node = pending.pop()
        nodes.append(node)
        node.children.sort(key=_display_order)
        pending.extend(node.children[::-1])
    return UnitTree(roots=roots, nodes=nodes)


# Under one parent the office's own units (secretariat, sections) come first, then the
# organisations it oversees (the kelurahan of a kecamatan); each group by kind, then name.
_ORGANISATION_KINDS = {
    OrgUnit.Kind.PEMERINTAH_KOTA,
    OrgUnit.Kind.DINAS,
    OrgUnit.Kind.BADAN,
    OrgUnit.Kind.KECAMATAN,
    OrgUnit.Kind.KELURAHAN,
}
_KIND_ORDER = {kind: index for index, kind in enumerate(OrgUnit.Kind.values)}


def _display_order(node: UnitNode) -> tuple[bool, int, str]:
    kind = node.unit.kind
    return (kind in _ORGANISATION_KINDS, _KIND_ORDER.get(kind, 0), node.unit.name.casefold())


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The units above ``unit``, root first, read from its materialised path in one query."""
    codes = [code for code in unit.path.split("/") if code][:-1]
    if not codes:
        return []
    return list(OrgUnit.objects.filter(code__in=codes).order_by("path"))


# The ``sort`` values of the directory tables, with a unique last key so pages are stable.
DIRECTORY_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "position": ("position__name", "name", "pk"),
    "-position": ("-position__name", "-name", "-pk"),
}


@dataclass(frozen=True, slots=True)
class DirectoryFilter:
    search: str = ""
    position_kind: str = ""
    # A full-profile field: honoured for HR admins only.
    asn_status: str = ""
    unit: OrgUnit | None = None
    include_subunits: bool = True
    sort: str = "name"


def can_search_by_nip(viewer: Viewer) -> bool:
    """Whether a NIP typed in the search box can match anyone but the viewer."""
    return viewer.is_admin or viewer.is_pimpinan or viewer.is_penilai


def _search_filter(viewer: Viewer, text: str) -> Q:
    matches = Q(name__icontains=text) | Q(position__name__icontains=text)
    if text.isdigit():
        # A NIP is a full-profile field: it may only find the people whose NIP the
        # viewer may read anyway, or the search box would reveal it digit by digit.
        by_nip = Q(nip__startswith=text)
        scope = _full_access_filter(viewer)
        matches |= by_nip if scope is None else by_nip & scope
    return matches


def search_directory_for_user(
    user: User, filters: DirectoryFilter, *, viewer: Viewer | None = None
) -> QuerySet[Employee]:
    """The directory narrowed by ``filters``, sorted, with what the tables show joined in."""
    viewer = viewer or get_viewer(user)
    employees = directory_employees_for_user(user, viewer=viewer).select_related("supervisor")
    if filters.unit is not None:
        employees = (
            employees.filter(unit__path__startswith=filters.unit.path)
            if filters.include_subunits
            else employees.filter(unit=filters.unit)
        )
    if filters.search.strip():
        employees = employees.filter(_search_filter(viewer, filters.search.strip()))
    if filters.position_kind in Position.Kind.values:
        employees = employees.filter(position__kind=filters.position_kind)
    if viewer.is_admin and filters.asn_status in Employee.AsnStatus.values:
        employees = employees.filter(asn_status=filters.asn_status)
    return employees.order_by(*DIRECTORY_SORTS.get(filters.sort, DIRECTORY_SORTS["name"]))


PUBLIC_EMPLOYEE_FIELDS: tuple[str, ...] = (
    "name",
    "position",
    "position_kind",
    "unit",
    "rank",
    "email",
)
"""What everyone in the organisation may read about a colleague: the directory entry."""

FULL_PROFILE_FIELDS: tuple[str, ...] = (
    *PUBLIC_EMPLOYEE_FIELDS,
    "nip",
    "asn_status",
    "birth_date",
    "sex",
    "tmt_cpns",
    "supervisor",
)
"""The directory entry plus the personal data behind Access.FULL."""


class FieldKind(enum.StrEnum):
    """How a profile value is displayed."""

    TEXT = "text"
    DATE = "date"
    MONTH = "month"
    EMAIL = "email"
    UNIT = "unit"
    EMPLOYEE = "employee"


@dataclass(frozen=True, slots=True)
class ProfileField:
    key: str
    label: str | Promise
    value: object  # None when unknown (a PPPK has no birth date in the NIP)
    kind: FieldKind = FieldKind.TEXT


_FIELD_LABELS: dict[str, Promise] = {
    "name": _("Name"),
    "position": _("Jabatan"),
    "position_kind": _("Jenis jabatan"),
    "unit": _("Unit"),
    "rank": _("Pangkat/golongan"),
    "email": _("E-mail"),
    "nip": _("NIP"),
    "asn_status": _("ASN status"),
    "birth_date": _("Date of birth"),
    "sex": _("Sex"),
    "tmt_cpns": _("TMT CPNS"),
    "supervisor": _("Atasan"),
}

_SEX_LABELS: dict[Sex, Promise] = {Sex.MALE: _("Male"), Sex.FEMALE: _("Female")}

_ACCESS_REASON_TEXT: dict[AccessReason, Promise] = {
    AccessReason.SELF: _("You see the full profile because this is your own profile."),
    AccessReason.DIRECT_SUPERVISOR: _(
        "You see the full profile because you are this employee's direct superior (atasan)."
    ),
    AccessReason.INDIRECT_SUPERVISOR: _(
        "You see the full profile because you are above this employee in the reporting line."
    ),
    AccessReason.PIMPINAN: _(
        "You see the full profile because you are the pimpinan of the unit this employee works in."
    ),
    AccessReason.ADMIN: _("You see the full profile because you are an HR admin."),
}


def _field_value(employee: Employee, key: str) -> tuple[object, FieldKind]:  # noqa: PLR0911
    nip = employee.pns_nip
    match key:
        case "name":
            return employee.name, FieldKind.TEXT
        case "position":
            return employee.position.name, FieldKind.TEXT
        case "position_kind":
            return employee.position.get_kind_display(), FieldKind.TEXT
        case "unit":
            return employee.unit, FieldKind.UNIT
        case "rank":
            return employee.rank, FieldKind.TEXT
        case "email":
            return employee.email, FieldKind.EMAIL
        case "nip":
            return employee.nip, FieldKind.TEXT
        case "asn_status":
            return employee.get_asn_status_display(), FieldKind.TEXT
        case "birth_date":
            return (nip.birth_date if nip else None), FieldKind.DATE
        case "sex":
            return (_SEX_LABELS[nip.sex] if nip else None), FieldKind.TEXT
        case "tmt_cpns":
            return (date(nip.tmt_year, nip.tmt_month, 1) if nip else None), FieldKind.MONTH
        case "supervisor":
            return employee.supervisor, FieldKind.EMPLOYEE
    raise KeyError(key)


@dataclass(frozen=True, slots=True)
class EmployeeProfile:
    """What one viewer may read about one employee, ready to display."""

    employee: Employee
    access: Access
    reason: AccessReason | None
    fields: list[ProfileField]
    direct_reports: list[Employee]
    appraisal_chains: list[AppraisalChain]

    @property
    def is_full(self) -> bool:
        return self.access is Access.FULL

    @property
    def reason_text(self) -> str | Promise:
        return _ACCESS_REASON_TEXT[self.reason] if self.reason else ""


def employee_profile_for_user(
    user: User, employee_id: int, *, viewer: Viewer | None = None
) -> EmployeeProfile:
    """The profile page of an employee: the directory entry for colleagues, everything for
    those with full access. Raises NotFound like get_employee_for_user.

    Profiles are addressed by id, not NIP: the NIP encodes the birth date, which a
    colleague's directory entry must not reveal through a link."""
    employee, grant = _get_employee_grant(user, Q(pk=employee_id), viewer)
    full = grant.access is Access.FULL
    keys = FULL_PROFILE_FIELDS if full else PUBLIC_EMPLOYEE_FIELDS
    fields = [ProfileField(key, _FIELD_LABELS[key], *_field_value(employee, key)) for key in keys]
    direct_reports: list[Employee] = []
    chains: list[AppraisalChain] = []
    if full:
        direct_reports = list(
            Employee.objects.filter(supervisor=employee, is_active=True)
            .select_related("position")
            .order_by("name", "pk")
        )
        # Newest year first; in each year the annual evaluation, then its periods newest first.
        chains = list(
            AppraisalChain.objects.filter(employee=employee)
            .select_related("period", "unit", "position", "appraiser", "appraiser_superior")
            .annotate(
                is_periodic=Case(
                    When(period__kind=Period.Kind.YEAR, then=Value(0)),
                    default=Value(1),
                )
            )
            .order_by(
                "-period__performance_year__year",
                "is_periodic",
                "-period__ends_on",
                "-period__starts_on",
            )
        )
    return EmployeeProfile(
        employee=employee,
        access=grant.access,
        reason=grant.reason,
        fields=fields,
        direct_reports=direct_reports,
        appraisal_chains=chains,
    )
