"""Personas for permission stories, built on one small organisation:

KEC  Kecamatan Contoh            camat (pimpinan) ─┐
├── SEK  Sekretariat             admin (HR admin)   │ reports to camat
├── PEL  Seksi Pelayanan         kasi (atasan) ─────┘
│                                ├── staf (pegawai)
│                                └── rekan (a colleague of staf)
└── KEL  Kelurahan Contoh        lurah, reports to camat
LAIN Kecamatan Lain              asing, in another organisation
(no unit)                        outsider, an account with no employee record
"""

import os
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from kinerja.accounts.models import User
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.tests.factories import (
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    UserFactory,
)
from kinerja.workcalendar.services import ensure_calendar

# Property tests run 40 examples each by default so the suite stays quick on two cores;
# HYPOTHESIS_PROFILE=thorough runs 1,000. No deadline: CI machines are shared.
hypothesis_settings.register_profile("default", max_examples=40, deadline=None)
hypothesis_settings.register_profile("thorough", max_examples=1000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the working calendar, which takes a few seconds
    to build (36,525 days and the national holidays). Tests run in transactions rolled
    back to this state; tests that flush the database find it rebuilt on first use."""
    with django_db_blocker.unblock():
        ensure_calendar()


@pytest.fixture(autouse=True)
def _working_calendar(request, django_db_blocker):
    """Rebuild the calendar, outside the test's transaction, when a test that flushed the
    database (a transactional or live-server test) took it away. Two cheap queries when
    it is there."""
    uses_database = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if uses_database:
        with django_db_blocker.unblock():
            ensure_calendar()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in another language (the test
    client's Accept-Language) leaves that language active in the thread afterwards."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _evidence_dir(settings, tmp_path_factory):
    """Evidence files written by a test (an upload, the demo's sample files) go to a
    temporary folder, not to the developer's var/evidence."""
    settings.KINERJA_EVIDENCE_DIR = tmp_path_factory.mktemp("evidence")


@dataclass
class Org:
    kecamatan: OrgUnit
    sekretariat: OrgUnit
    pelayanan: OrgUnit
    kelurahan: OrgUnit
    other_org: OrgUnit
    camat: Employee
    admin: Employee
    kasi: Employee
    staf: Employee
    rekan: Employee
    lurah: Employee
    asing: Employee
    outsider: User


def _employee(
    name: str, unit: OrgUnit, kind: str, supervisor: Employee | None, **user_flags
) -> Employee:
    user = UserFactory(username=name, first_name=name.title(), **user_flags)
    position = PositionFactory(name=f"Jabatan {name}", kind=kind, unit=unit)
    return EmployeeFactory(name=name.title(), position=position, supervisor=supervisor, user=user)


@pytest.fixture
def org(db) -> Org:
    kecamatan = OrgUnitFactory(code="KEC", name="Kecamatan Contoh", kind=OrgUnit.Kind.KECAMATAN)
    sekretariat = OrgUnitFactory(
        code="SEK", name="Sekretariat", kind=OrgUnit.Kind.SEKRETARIAT, parent=kecamatan
    )
    pelayanan = OrgUnitFactory(
        code="PEL", name="Seksi Pelayanan", kind=OrgUnit.Kind.SEKSI, parent=kecamatan
    )
    kelurahan = OrgUnitFactory(
        code="KEL", name="Kelurahan Contoh", kind=OrgUnit.Kind.KELURAHAN, parent=kecamatan
    )
    other_org = OrgUnitFactory(code="LAIN", name="Kecamatan Lain", kind=OrgUnit.Kind.KECAMATAN)
    camat = _employee("camat", kecamatan, Position.Kind.ADMINISTRATOR, None, is_pimpinan=True)
    admin = _employee("admin", sekretariat, Position.Kind.PELAKSANA, camat, is_hr_admin=True)
    kasi = _employee("kasi", pelayanan, Position.Kind.PENGAWAS, camat)
    staf = _employee("staf", pelayanan, Position.Kind.PELAKSANA, kasi)
    rekan = _employee("rekan", pelayanan, Position.Kind.PELAKSANA, kasi)
    lurah = _employee("lurah", kelurahan, Position.Kind.PENGAWAS, camat)
    asing = _employee("asing", other_org, Position.Kind.PELAKSANA, None)
    outsider = UserFactory(username="outsider")
    return Org(
        kecamatan,
        sekretariat,
        pelayanan,
        kelurahan,
        other_org,
        camat,
        admin,
        kasi,
        staf,
        rekan,
        lurah,
        asing,
        outsider,
    )


# Persona users, named after their role in the permission matrix.
@pytest.fixture
def pegawai(org: Org) -> User:
    return org.staf.user


@pytest.fixture
def atasan(org: Org) -> User:
    return org.kasi.user


@pytest.fixture
def pimpinan(org: Org) -> User:
    return org.camat.user


@pytest.fixture
def hr_admin(org: Org) -> User:
    return org.admin.user


@pytest.fixture
def outsider(org: Org) -> User:
    return org.outsider


@pytest.fixture
def client_as():
    """``client_as(user)``: a test client logged in as ``user``."""

    def make(user: User) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="id")
        client.force_login(user)
        return client

    return make
