"""The Binawidya demo office: a fictional staffing of the real Kecamatan Binawidya
(Kota Pekanbaru) and its five kelurahan, with the demo accounts of product.md section 1.

The office is described as data (``KECAMATAN_BINAWIDYA`` below) so that a reader can check
it against an organisation chart without reading any code; ``load_demo_office`` turns the
description into rows, then gives the front desks their service catalogue and service
history (``kinerja.demo.services``), the office its criteria (``kinerja.demo.criteria``)
and everyone their SKP of the year with its execution so far (``kinerja.demo.plans``),
then the innovations the panel verified or is reviewing (``kinerja.demo.innovations``)
and the monthly evaluations of the months that ended (``kinerja.demo.appraisals``).
The people are drawn from a fixed seed, so every load gives the same names and NIPs for
the same year.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.audit.services import record_event
from kinerja.core.exceptions import DomainError
from kinerja.demo.appraisals import clear_appraisal_data, load_appraisal_data
from kinerja.demo.city import KECAMATAN_SERVICES, KELURAHAN_SERVICES, Service
from kinerja.demo.criteria import CriteriaData, clear_criteria_data, load_criteria_data
from kinerja.demo.innovations import clear_innovation_data, load_innovation_data
from kinerja.demo.monitoring import clear_monitoring_data, load_monitoring_data
from kinerja.demo.names import GENERAL, PAMONG, Titles
from kinerja.demo.people import AsnStatus, Person, make_person
from kinerja.demo.plans import PlansData, clear_plans_data, load_plans_data
from kinerja.demo.rollout import clear_rollout_data, load_rollout_data
from kinerja.demo.services import (
    Desk,
    Officer,
    ServiceData,
    clear_service_data,
    load_service_data,
)
from kinerja.organization.models import Employee, OrgUnit, PerformanceYear, Position
from kinerja.organization.services import open_performance_year
from kinerja.organization.tree import depth_of, materialised_paths

# Fixed so that the demo is the same on every machine (and in every screenshot).
DEMO_SEED = 20260101
DEMO_PASSWORD = "binawidya"  # noqa: S105 - the documented password of a public demo
EMAIL_DOMAIN = "binawidya.pekanbaru.example"  # .example is reserved (RFC 2606): no real inbox

ADMINISTRATOR = Position.Kind.ADMINISTRATOR
PENGAWAS = Position.Kind.PENGAWAS
PELAKSANA = Position.Kind.PELAKSANA
FUNGSIONAL = Position.Kind.FUNGSIONAL
PNS = AsnStatus.PNS
PPPK = AsnStatus.PPPK


@dataclass(frozen=True, slots=True)
class Post:
    """A jabatan in a unit and how many people hold it.

    Reporting line: the head of a unit reports to the head of the nearest unit above;
    everyone else reports to the post named in ``reports_to`` (a title in the same unit),
    or else to the head of their own unit.
    """

    title: str
    kind: Position.Kind
    golongan: tuple[str, ...]  # each holder's golongan is drawn from these
    asn_status: AsnStatus = PNS
    count: int = 1
    heads_unit: bool = False
    reports_to: str = ""
    titles: Titles = GENERAL
    account: str = ""  # the demo username of the (single) holder; else the NIP
    # Serves the public at the desk of the nearest unit (this one or above) that has a
    # service catalogue, and so records service tasks.
    front_desk: bool = False


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    kind: OrgUnit.Kind
    posts: tuple[Post, ...]
    children: tuple["Unit", ...] = ()
    # The services this unit is responsible for, and the requests an ordinary day
    # brings to its front desk.
    services: tuple[Service, ...] = ()
    daily_requests: float = 0.0


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    role: str | Promise
    is_pimpinan: bool = False
    is_hr_admin: bool = False
    is_staff: bool = False
    is_evaluation_team: bool = False


# The personas of product.md section 1, in the order the command prints them.
DEMO_ACCOUNTS = (
    DemoAccount("staf.pelayanan", gettext_lazy("Front-desk employee (pegawai)")),
    DemoAccount("kasi.pelayanan", gettext_lazy("Appraiser, direct superior (pejabat penilai)")),
    DemoAccount("camat", gettext_lazy("Head of office (pimpinan)"), is_pimpinan=True),
    DemoAccount("sekcam", gettext_lazy("Head of the secretariat (atasan)")),
    # is_staff lets the HR admin into the Django admin; never a superuser.
    DemoAccount("admin", gettext_lazy("HR admin (kepegawaian)"), is_hr_admin=True, is_staff=True),
    DemoAccount("tim.evaluasi", gettext_lazy("Criteria evaluation team"), is_evaluation_team=True),
)
_ACCOUNTS_BY_USERNAME = {account.username: account for account in DEMO_ACCOUNTS}


def _kelurahan(code: str, name: str, *, daily_requests: float, extra_front_desk: int = 0) -> Unit:
    """One kelurahan office. All five share this staffing and the kelurahan service
    catalogue; the busier ones have more front-desk staff. Kasi, sekretaris kelurahan
    and lurah are pengawas posts."""
    prefix, label = f"KEL-{code}", f"Kelurahan {name}"
    return Unit(
        prefix,
        label,
        OrgUnit.Kind.KELURAHAN,
        services=KELURAHAN_SERVICES,
        daily_requests=daily_requests,
        posts=(
            Post("Lurah", PENGAWAS, ("III/d", "IV/a"), heads_unit=True, titles=PAMONG),
            Post("Sekretaris Kelurahan", PENGAWAS, ("III/b", "III/c", "III/d"), titles=PAMONG),
            Post(
                "Pengadministrasi Umum",
                PELAKSANA,
                ("II/b", "II/c", "II/d", "III/a"),
                reports_to="Sekretaris Kelurahan",
            ),
        ),
        children=(
            Unit(
                f"{prefix}-PEM",
                f"Seksi Pemerintahan {label}",
                OrgUnit.Kind.SEKSI,
                posts=(
                    Post(
                        "Kepala Seksi Pemerintahan",
                        PENGAWAS,
                        ("III/b", "III/c", "III/d"),
                        heads_unit=True,
                        titles=PAMONG,
                    ),
                    Post("Pengadministrasi Pemerintahan", PELAKSANA, ("II/c", "II/d", "III/a")),
                ),
            ),
            Unit(
                f"{prefix}-TRANTIB",
                f"Seksi Ketenteraman dan Ketertiban {label}",
                OrgUnit.Kind.SEKSI,
                posts=(
                    Post(
                        "Kepala Seksi Ketenteraman dan Ketertiban",
                        PENGAWAS,
                        ("III/b", "III/c", "III/d"),
                        heads_unit=True,
                    ),
                    Post(
                        "Pengelola Ketenteraman dan Ketertiban", PELAKSANA, ("II/a", "II/b", "II/c")
                    ),
                ),
            ),
            Unit(
                f"{prefix}-PMKS",
                f"Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial {label}",
                OrgUnit.Kind.SEKSI,
                posts=(
                    Post(
                        "Kepala Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial",
                        PENGAWAS,
                        ("III/b", "III/c", "III/d"),
                        heads_unit=True,
                    ),
                    Post("Penata Layanan Operasional", PELAKSANA, ("IX",), asn_status=PPPK),
                ),
            ),
            Unit(
                f"{prefix}-PELAYANAN",
                f"Seksi Pelayanan Umum {label}",
                OrgUnit.Kind.SEKSI,
                posts=(
                    Post(
                        "Kepala Seksi Pelayanan Umum",
                        PENGAWAS,
                        ("III/b", "III/c", "III/d"),
                        heads_unit=True,
                    ),
                    Post(
                        "Pengelola Layanan Kelurahan",
                        PELAKSANA,
                        ("II/c", "II/d", "III/a", "III/b"),
                        count=1 + extra_front_desk,
                        front_desk=True,
                    ),
                    Post(
                        "Operator Layanan Operasional",
                        PELAKSANA,
                        ("V", "VII"),
                        asn_status=PPPK,
                        front_desk=True,
                    ),
                ),
            ),
        ),
    )


# The kecamatan office as the camat's organisation chart shows it: the camat with a
# policy analyst; the sekretariat with its two subbagian; five seksi; five kelurahan.
# After the simplification of the bureaucracy (penyederhanaan birokrasi) the sekcam
# remains an administrator (eselon III/b), the kasi, kasubbag and lurah remain pengawas,
# and some staff posts are functional ones.
KECAMATAN_BINAWIDYA = Unit(
    "BINAWIDYA",
    "Kecamatan Binawidya",
    OrgUnit.Kind.KECAMATAN,
    posts=(
        Post("Camat", ADMINISTRATOR, ("IV/a",), heads_unit=True, titles=PAMONG, account="camat"),
        Post("Analis Kebijakan Ahli Muda", FUNGSIONAL, ("III/c", "III/d")),
    ),
    children=(
        Unit(
            "BINAWIDYA-SEK",
            "Sekretariat Kecamatan Binawidya",
            OrgUnit.Kind.SEKRETARIAT,
            posts=(
                Post(
                    "Sekretaris Kecamatan",
                    ADMINISTRATOR,
                    ("III/d", "IV/a"),
                    heads_unit=True,
                    titles=PAMONG,
                    account="sekcam",
                ),
                Post("Pengadministrasi Perkantoran", PELAKSANA, ("II/c", "II/d")),
            ),
            children=(
                Unit(
                    "BINAWIDYA-UMPEG",
                    "Subbagian Umum dan Kepegawaian",
                    OrgUnit.Kind.SUBBAGIAN,
                    posts=(
                        Post(
                            "Kepala Subbagian Umum dan Kepegawaian",
                            PENGAWAS,
                            ("III/c", "III/d"),
                            heads_unit=True,
                        ),
                        Post("Pengelola Kepegawaian", PELAKSANA, ("III/a",), account="admin"),
                        Post("Pranata Komputer Ahli Pertama", FUNGSIONAL, ("IX",), asn_status=PPPK),
                        Post("Arsiparis Terampil", FUNGSIONAL, ("II/d", "III/a")),
                        Post("Pengadministrasi Umum", PELAKSANA, ("II/b", "II/c", "II/d"), count=2),
                        Post("Operator Layanan Operasional", PELAKSANA, ("V",), asn_status=PPPK),
                    ),
                ),
                Unit(
                    "BINAWIDYA-RENKEU",
                    "Subbagian Perencanaan dan Keuangan",
                    OrgUnit.Kind.SUBBAGIAN,
                    posts=(
                        Post(
                            "Kepala Subbagian Perencanaan dan Keuangan",
                            PENGAWAS,
                            ("III/c", "III/d"),
                            heads_unit=True,
                        ),
                        Post(
                            "Perencana Ahli Pertama", FUNGSIONAL, ("III/b",), account="tim.evaluasi"
                        ),
                        Post("Bendahara Pengeluaran", PELAKSANA, ("III/a", "III/b")),
                        Post("Pengelola Keuangan", PELAKSANA, ("II/d", "III/a")),
                        Post("Penyusun Laporan Keuangan", PELAKSANA, ("III/a",)),
                    ),
                ),
            ),
        ),
        Unit(
            "BINAWIDYA-PEM",
            "Seksi Pemerintahan",
            OrgUnit.Kind.SEKSI,
            posts=(
                Post(
                    "Kepala Seksi Pemerintahan",
                    PENGAWAS,
                    ("III/c", "III/d"),
                    heads_unit=True,
                    titles=PAMONG,
                ),
                Post(
                    "Pengadministrasi Pemerintahan", PELAKSANA, ("II/c", "II/d", "III/a"), count=2
                ),
                Post("Pengolah Data Kependudukan", PELAKSANA, ("IX",), asn_status=PPPK),
            ),
        ),
        Unit(
            "BINAWIDYA-TRANTIB",
            "Seksi Ketenteraman dan Ketertiban Umum",
            OrgUnit.Kind.SEKSI,
            posts=(
                Post(
                    "Kepala Seksi Ketenteraman dan Ketertiban Umum",
                    PENGAWAS,
                    ("III/c", "III/d"),
                    heads_unit=True,
                    titles=PAMONG,
                ),
                Post(
                    "Pengelola Ketenteraman dan Ketertiban",
                    PELAKSANA,
                    ("II/b", "II/c", "II/d"),
                    count=3,
                ),
                Post("Operator Layanan Operasional", PELAKSANA, ("V",), asn_status=PPPK),
            ),
        ),
        Unit(
            "BINAWIDYA-PELAYANAN",
            "Seksi Pelayanan Umum",
            OrgUnit.Kind.SEKSI,
            services=KECAMATAN_SERVICES,
            daily_requests=34,
            posts=(
                Post(
                    "Kepala Seksi Pelayanan Umum",
                    PENGAWAS,
                    ("III/d",),
                    heads_unit=True,
                    titles=PAMONG,
                    account="kasi.pelayanan",
                ),
                # The front desk of PATEN (Pelayanan Administrasi Terpadu Kecamatan).
                Post(
                    "Pengelola Layanan Administrasi Terpadu",
                    PELAKSANA,
                    ("III/a",),
                    account="staf.pelayanan",
                    front_desk=True,
                ),
                Post(
                    "Pengelola Layanan Administrasi Terpadu",
                    PELAKSANA,
                    ("II/c", "II/d", "III/a", "III/b"),
                    count=2,
                    front_desk=True,
                ),
                Post(
                    "Penata Layanan Operasional",
                    PELAKSANA,
                    ("IX",),
                    asn_status=PPPK,
                    count=2,
                    front_desk=True,
                ),
            ),
        ),
        Unit(
            "BINAWIDYA-PMD",
            "Seksi Pemberdayaan Masyarakat",
            OrgUnit.Kind.SEKSI,
            posts=(
                Post(
                    "Kepala Seksi Pemberdayaan Masyarakat",
                    PENGAWAS,
                    ("III/c", "III/d"),
                    heads_unit=True,
                ),
                Post("Fasilitator Pemberdayaan Masyarakat", PELAKSANA, ("II/d", "III/a"), count=2),
                Post("Pengadministrasi Umum", PELAKSANA, ("II/b", "II/c")),
            ),
        ),
        Unit(
            "BINAWIDYA-KESOS",
            "Seksi Kesejahteraan Sosial",
            OrgUnit.Kind.SEKSI,
            posts=(
                Post(
                    "Kepala Seksi Kesejahteraan Sosial",
                    PENGAWAS,
                    ("III/c", "III/d"),
                    heads_unit=True,
                ),
                Post(
                    "Pengelola Data Kesejahteraan Sosial",
                    PELAKSANA,
                    ("II/c", "II/d", "III/a"),
                    count=2,
                ),
                Post("Penyuluh Sosial Ahli Pertama", FUNGSIONAL, ("III/a", "III/b")),
            ),
        ),
        # Requests a day by the size of the kelurahan: Simpang Baru, around the
        # university, is the most populous, Sungai Sibam the least.
        _kelurahan("BINAWIDYA", "Binawidya", daily_requests=20, extra_front_desk=1),
        _kelurahan("DELIMA", "Delima", daily_requests=12),
        _kelurahan("SIMPANGBARU", "Simpang Baru", daily_requests=24, extra_front_desk=1),
        _kelurahan("SUNGAISIBAM", "Sungai Sibam", daily_requests=10),
        _kelurahan("TOBEKGODANG", "Tobek Godang", daily_requests=14),
    ),
)

# The front-desk officers whose service gets clearly slower and less accurate over the
# last three to four months of the demo's service history, so that the pages (and any
# early warning built on them) have someone to flag; everyone else stays steady. Named
# by unit, jabatan and holder (0 = the first holder of that jabatan in the unit in the
# order of the description above), not by name: the names drawn from the seed depend on
# the reference year. For 2026 and 2027 they are Norma Marlina, S.Sos. (at the PATEN
# desk beside staf.pelayanan, appraised by kasi.pelayanan), Yusri Zulkarnain, S.H.
# (Kelurahan Simpang Baru) and Khairunnisa Fadhilah, A.Md.Kom. (Kelurahan Delima, PPPK);
# ``DemoResult.services.decliners`` names them for any year.
DECLINING_OFFICERS = (
    ("BINAWIDYA-PELAYANAN", "Pengelola Layanan Administrasi Terpadu", 1),
    ("KEL-SIMPANGBARU-PELAYANAN", "Pengelola Layanan Kelurahan", 0),
    ("KEL-DELIMA-PELAYANAN", "Operator Layanan Operasional", 0),
)


@dataclass(slots=True)
class PlannedEmployee:
    unit: Unit
    post: Post
    person: Person
    supervisor: int | None  # index into the plan; always an earlier entry
    username: str
    email: str


@dataclass(frozen=True, slots=True)
class AccountRow:
    username: str
    role: str
    name: str
    position: str


@dataclass(frozen=True, slots=True)
class DemoResult:
    units: int
    positions: int
    employees: int
    users: int
    performance_year: int
    accounts: list[AccountRow]
    example_nip: str  # a NIP that works as a username, for the printed hint
    services: ServiceData
    criteria: CriteriaData
    plans: PlansData
    removed: dict[str, int] = field(default_factory=dict)


def walk_units(root: Unit, parent: Unit | None = None) -> Iterator[tuple[Unit, Unit | None]]:
    """``(unit, parent)`` for every unit, parents before their children."""
    yield root, parent
    for child in root.children:
        yield from walk_units(child, root)


def plan_people(root: Unit, *, reference_year: int) -> list[PlannedEmployee]:
    """Draw every holder of every post and resolve who reports to whom.

    Pure apart from reading the description: the same root and year give the same plan.
    Raises ValueError for a description whose reporting line cannot be resolved.
    """
    rng = random.Random(DEMO_SEED)  # noqa: S311 - fictional people, not secrets
    taken: set[int] = set()
    names: set[str] = set()
    emails: dict[str, int] = {}
    plan: list[PlannedEmployee] = []
    head_of: dict[str, int] = {}
    parent_of: dict[str, str | None] = {}
    for unit, parent in walk_units(root):
        parent_of[unit.code] = parent.code if parent else None
        first_holder: dict[str, int] = {}
        for post in unit.posts:
            if post.account and post.count != 1:
                raise ValueError(f"{post.title}: a demo account needs a post held by one person")
            for _holder in range(post.count):
                person = make_person(
                    rng,
                    asn_status=post.asn_status,
                    golongan=rng.choice(post.golongan),
                    reference_year=reference_year,
                    taken_numbers=taken,
                    titles=post.titles,
                    taken_names=names,
                )
                if post.heads_unit:
                    if unit.code in head_of:
                        raise ValueError(f"{unit.code} has two heads")
                    supervisor = _nearest_head(parent_of[unit.code], head_of, parent_of)
                    head_of[unit.code] = len(plan)
                elif post.reports_to:
                    if post.reports_to not in first_holder:
                        raise ValueError(f"{post.title} reports to an unknown {post.reports_to}")
                    supervisor = first_holder[post.reports_to]
                else:
                    supervisor = _nearest_head(unit.code, head_of, parent_of)
                first_holder.setdefault(post.title, len(plan))
                plan.append(
                    PlannedEmployee(
                        unit=unit,
                        post=post,
                        person=person,
                        supervisor=supervisor,
                        username=post.account or person.nip,
                        email=_unique_email(person, emails),
                    )
                )
    return plan


def _nearest_head(
    code: str | None, head_of: dict[str, int], parent_of: dict[str, str | None]
) -> int | None:
    while code is not None:
        if code in head_of:
            return head_of[code]
        code = parent_of[code]
    return None


def _unique_email(person: Person, seen: dict[str, int]) -> str:
    local = person.email_local_part
    seen[local] = seen.get(local, 0) + 1
    suffix = str(seen[local]) if seen[local] > 1 else ""
    return f"{local}{suffix}@{EMAIL_DOMAIN}"


def organisation_exists() -> bool:
    """Whether the database already holds units or employees (the demo then needs --reset)."""
    return OrgUnit.objects.exists() or Employee.objects.exists()


@transaction.atomic
def load_demo_office(
    *, today: date, password: str = DEMO_PASSWORD, reset: bool = False
) -> DemoResult:
    """Build the demo office, its accounts and the performance year of ``today``.

    Then loads the service catalogue of the front desks and their service history up
    to ``today`` (``kinerja.demo.services``) through the importers, the criteria of
    last year and this year (``kinerja.demo.criteria``), and this year's SKP with their
    realisation, evidence and feedback (``kinerja.demo.plans``), the innovations
    (``kinerja.demo.innovations``) and the monthly evaluations (``kinerja.demo.appraisals``).

    Refuses (DomainError) when organisation data or accounts with the demo usernames
    exist, unless ``reset``: then every SKP with its evidence files, every criteria
    version with its consultation and acknowledgements, every service figure, task and
    service type, and every unit, position, employee and performance year is deleted
    first, with the accounts of the employees and the demo usernames. The audit log is
    append-only, so it keeps its events; accounts that appear in it are deactivated and
    renamed instead of deleted.
    Writes in bulk and records one DEMO_LOADED event with the counts (the imports
    record their own).
    """
    plan = plan_people(KECAMATAN_BINAWIDYA, reference_year=today.year)
    usernames = [entry.username for entry in plan]
    removed: dict[str, int] = {}
    if reset:
        removed = _clear_organisation(usernames)
    elif organisation_exists():
        raise DomainError(
            _(
                "The database already holds organisation data. Run the command with --reset "
                "to delete every unit, employee and their accounts and load the demo office."
            )
        )
    else:
        clashes = sorted(
            User.objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        if clashes:
            raise DomainError(
                _(
                    "Accounts named %(usernames)s already exist. Run the command with --reset "
                    "to replace them with the demo accounts."
                )
                % {"usernames": ", ".join(clashes)}
            )

    units = _create_units(KECAMATAN_BINAWIDYA)
    positions = _create_positions(plan, units)
    users = _create_users(plan, password)
    employees = _create_employees(plan, units, positions, users)
    _grant_admin_permissions(users[usernames.index("admin")])
    # The loader, not a person, opens the year: an account named as actor in the audit
    # log could never be deleted by the next --reset.
    performance_year = _open_year(today)
    services = load_service_data(desks=service_desks(plan), today=today, seed=DEMO_SEED)
    root = units[KECAMATAN_BINAWIDYA.code]
    criteria = load_criteria_data(organization=root, today=today, seed=DEMO_SEED)
    plans = load_plans_data(
        organization=root, today=today, seed=DEMO_SEED, declining=DECLINING_OFFICERS
    )
    # After the SKP: a verified innovation's credit becomes a tambahan RHK in them.
    innovations = load_innovation_data(organization=root, today=today)
    # After the SKP, their realisation and the innovation credits they measure; the units
    # still in their pilot first, whose results stay out of the curve.
    rollout = load_rollout_data(organization=root, today=today)
    appraisals = load_appraisal_data(organization=root, today=today)
    # The early-warning checks over the year's figures and evaluations, and coaching.
    monitoring = load_monitoring_data(organization=root, today=today)
    counts = {
        "units": len(units),
        "positions": len(positions),
        "employees": len(employees),
        "users": len(users),
        "pns": sum(entry.person.asn_status is PNS for entry in plan),
        "pppk": sum(entry.person.asn_status is PPPK for entry in plan),
        "service_types": services.service_types,
        "service_tasks": services.tasks,
        **criteria.counts,
        **plans.counts,
        **innovations.counts,
        **rollout.counts,
        **appraisals.counts,
        **monitoring.counts,
    }
    record_event(
        actor=None,
        action=AuditAction.DEMO_LOADED,
        target=root,
        changes={
            **counts,
            "performance_year": performance_year.year,
            "reset": reset,
            "removed": removed,
        },
    )
    return DemoResult(
        units=len(units),
        positions=len(positions),
        employees=len(employees),
        users=len(users),
        performance_year=performance_year.year,
        accounts=_account_rows(plan),
        example_nip=next(entry.person.nip for entry in plan if not entry.post.account),
        services=services,
        criteria=criteria,
        plans=plans,
        removed=removed,
    )


def service_desks(plan: list[PlannedEmployee]) -> list[Desk]:
    """The front desks of the plan: each unit with a service catalogue, with the
    front-desk holders of that unit and of its sub-units that have no catalogue."""
    parent_of: dict[str, Unit | None] = {}
    for unit, parent in walk_units(KECAMATAN_BINAWIDYA):
        parent_of[unit.code] = parent
    declining = set(DECLINING_OFFICERS)
    holders: dict[tuple[str, str], int] = {}
    officers: dict[str, list[Officer]] = {}
    desk_units: dict[str, Unit] = {}
    for entry in plan:
        key = (entry.unit.code, entry.post.title)
        holder = holders[key] = holders.get(key, -1) + 1
        if not entry.post.front_desk:
            continue
        desk: Unit | None = entry.unit
        while desk is not None and not desk.services:
            desk = parent_of[desk.code]
        if desk is None:
            raise ValueError(f"{entry.post.title} in {entry.unit.code} serves no catalogue")
        desk_units[desk.code] = desk
        officers.setdefault(desk.code, []).append(
            Officer(entry.person.nip, entry.person.name, declines=(*key, holder) in declining)
        )
    return [
        Desk(code, unit.services, unit.daily_requests, tuple(officers[code]))
        for code, unit in desk_units.items()
    ]


def _create_units(root: Unit) -> dict[str, OrgUnit]:
    specs = list(walk_units(root))
    parent_of = {unit.code: parent.code if parent else None for unit, parent in specs}
    if len(parent_of) != len(specs):
        raise ValueError("unit codes must be unique")
    paths = materialised_paths(parent_of)
    units: dict[str, OrgUnit] = {}
    # One INSERT per level of the tree: a child needs its parent's primary key.
    for level in range(max(depth_of(path) for path in paths.values()) + 1):
        batch = [
            OrgUnit(
                code=unit.code,
                name=unit.name,
                kind=unit.kind,
                parent=units[parent.code] if parent else None,
                path=paths[unit.code],
                depth=level,
            )
            for unit, parent in specs
            if depth_of(paths[unit.code]) == level
        ]
        for created in OrgUnit.objects.bulk_create(batch):
            units[created.code] = created
    return units


PositionKey = tuple[str, str, str]


def _position_key(entry: PlannedEmployee) -> PositionKey:
    return (entry.unit.code, entry.post.title, entry.post.kind)


def _create_positions(
    plan: list[PlannedEmployee], units: dict[str, OrgUnit]
) -> dict[PositionKey, Position]:
    keys = list(dict.fromkeys(_position_key(entry) for entry in plan))
    created = Position.objects.bulk_create(
        Position(name=title, kind=kind, unit=units[code]) for code, title, kind in keys
    )
    return dict(zip(keys, created, strict=True))


def _create_users(plan: list[PlannedEmployee], password: str) -> list[User]:
    # Hash once and share the hash: Argon2 is deliberately slow (about a tenth of a second
    # per hash), so hashing for each of ~100 accounts would take the demo well past the
    # 30 seconds it may take to load. A shared salt is acceptable for a public demo
    # whose password is printed on the screen anyway.
    password_hash = make_password(password)
    users = []
    for entry in plan:
        account = _ACCOUNTS_BY_USERNAME.get(entry.username)
        users.append(
            User(
                username=entry.username,
                first_name=entry.person.name[:150],
                email=entry.email,
                password=password_hash,
                is_pimpinan=bool(account and account.is_pimpinan),
                is_hr_admin=bool(account and account.is_hr_admin),
                is_staff=bool(account and account.is_staff),
                is_evaluation_team=bool(account and account.is_evaluation_team),
            )
        )
    return User.objects.bulk_create(users)


def _create_employees(
    plan: list[PlannedEmployee],
    units: dict[str, OrgUnit],
    positions: dict[PositionKey, Position],
    users: list[User],
) -> list[Employee]:
    employees: list[Employee] = [
        Employee(
            nip=entry.person.nip,
            name=entry.person.name,
            asn_status=entry.person.asn_status.value,
            rank=entry.person.rank,
            position=positions[_position_key(entry)],
            unit=units[entry.unit.code],
            email=entry.email,
            user=user,
        )
        for entry, user in zip(plan, users, strict=True)
    ]
    # One INSERT per level of the reporting line: a report needs its superior's key.
    level = [0] * len(plan)
    for index, entry in enumerate(plan):
        if entry.supervisor is not None:
            if entry.supervisor >= index:
                raise ValueError(f"{entry.post.title} is listed before their superior")
            level[index] = level[entry.supervisor] + 1
            employees[index].supervisor = employees[entry.supervisor]
    for depth in range(max(level) + 1):
        Employee.objects.bulk_create(
            [employee for employee, at in zip(employees, level, strict=True) if at == depth]
        )
    return employees


def _grant_admin_permissions(user: User) -> None:
    """Let the HR admin view, add and change organisation data in the Django admin.
    Deleting stays with a superuser: employees and units are deactivated, not deleted."""
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="organization").exclude(
            codename__startswith="delete_"
        )
    )


def _open_year(today: date) -> PerformanceYear:
    return open_performance_year(
        actor=None,
        year=today.year,
        periodicity=PerformanceYear.Periodicity.MONTHLY,
        rating_method=PerformanceYear.RatingMethod.QUADRANT_6_2022,
        skp_deadline=date(today.year, 1, 31),
    )


def _account_rows(plan: list[PlannedEmployee]) -> list[AccountRow]:
    by_username = {entry.username: entry for entry in plan}
    return [
        AccountRow(
            username=account.username,
            role=str(account.role),
            name=by_username[account.username].person.name,
            position=by_username[account.username].post.title,
        )
        for account in DEMO_ACCOUNTS
    ]


def _clear_organisation(usernames: list[str]) -> dict[str, Any]:
    """Delete the service data, every organisation row and the demo accounts; return
    what was removed."""
    account_ids = set(
        User.objects.filter(Q(employee__isnull=False) | Q(username__in=usernames)).values_list(
            "pk", flat=True
        )
    )
    # Innovations, plans, criteria, service tasks and service types protect the
    # employees, units, periods and accounts they name.
    removed: dict[str, Any] = (
        clear_monitoring_data()
        | clear_appraisal_data()
        | clear_rollout_data()
        | clear_innovation_data()
        | clear_plans_data()
        | clear_criteria_data()
        | clear_service_data()
    )
    removed |= {
        "performance_years": PerformanceYear.objects.count(),
        "units": OrgUnit.objects.count(),
        "positions": Position.objects.count(),
        "employees": Employee.objects.count(),
    }
    # Periods and appraisal chains go with their year (CASCADE).
    PerformanceYear.objects.all().delete()
    # The reporting line and the unit tree protect their parents; cut them first.
    Employee.objects.update(supervisor=None)
    Employee.objects.all().delete()
    Position.objects.all().delete()
    OrgUnit.objects.update(parent=None)
    OrgUnit.objects.all().delete()
    # An account that acted stays in the audit trail (AuditEvent.actor is PROTECT):
    # retire it under another name so that its username is free for the new demo.
    acted = set(
        AuditEvent.objects.filter(actor_id__in=account_ids).values_list("actor_id", flat=True)
    )
    for user in User.objects.filter(pk__in=acted):
        user.username = f"retired-{user.pk}-{user.username}"[:150]
        user.is_active = user.is_staff = user.is_superuser = False
        user.is_hr_admin = user.is_pimpinan = user.is_evaluation_team = False
        user.set_unusable_password()
        user.save()
        user.user_permissions.clear()
    removed["users_deleted"] = (
        User.objects.filter(pk__in=account_ids - acted).delete()[1].get(User._meta.label, 0)
    )
    removed["users_retired"] = len(acted)
    return removed
