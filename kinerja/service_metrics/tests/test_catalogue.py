"""The service catalogue: who may read and change it, the form's errors, and the audit
events its changes leave."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import DomainError, NotFound, PermissionDenied
from kinerja.service_metrics.models import ServiceTask, ServiceType, ServiceTypeMetric
from kinerja.service_metrics.selectors.catalogue import (
    get_service_type_for_user,
    last_twelve_months,
    service_types_for_user,
)
from kinerja.service_metrics.services.catalogue import save_service_type
from kinerja.service_metrics.templatetags.service_tags import service_standard
from kinerja.service_metrics.tests.factories import ServiceTypeFactory

WIB = timezone(timedelta(hours=7))


def html(response) -> str:
    text: str = response.content.decode()
    return text


def detail_url(code: str) -> str:
    return reverse("service_metrics:service_type_detail", args=[code])


def update_url(code: str) -> str:
    return reverse("service_metrics:service_type_update", args=[code])


CREATE_URL = reverse("service_metrics:service_type_create")
LIST_URL = reverse("service_metrics:catalogue")


@pytest.fixture
def catalogue(org):
    return {
        "SKD": ServiceTypeFactory(
            code="SKD",
            name="Surat keterangan domisili",
            unit=org.pelayanan,
            standard_value=Decimal("4"),
            standard_unit=ServiceType.Unit.WORKING_HOURS,
        ),
        "SKTM": ServiceTypeFactory(
            code="SKTM",
            name="Surat keterangan tidak mampu",
            unit=org.kelurahan,
            standard_value=Decimal("3"),
            standard_unit=ServiceType.Unit.WORKING_DAYS,
        ),
        "LAIN-1": ServiceTypeFactory(
            code="LAIN-1", name="Layanan kecamatan lain", unit=org.other_org
        ),
    }


def form_data(org, **overrides: str) -> dict[str, str]:
    data = {
        "code": "AW",
        "name": "Surat keterangan ahli waris",
        "unit": org.pelayanan.code,
        "standard_value": "5",
        "standard_unit": ServiceType.Unit.WORKING_DAYS,
        "is_active": "on",
    }
    return data | overrides


def add_task(service: ServiceType, employee) -> None:
    received = datetime(2026, 3, 2, 9, tzinfo=WIB)
    ServiceTask.objects.create(
        number="T-1",
        service_type=service,
        employee=employee,
        received_at=received,
        completed_at=received + timedelta(hours=1),
        standard_seconds=14_400,
        received_ordinal=0,
        completed_ordinal=3600,
        completed_month=202603,
    )


# ---------------------------------------------------------------------------
# Reading


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "hr_admin"])
def test_everyone_in_the_organisation_reads_the_catalogue(client_as, request, catalogue, persona):
    client = client_as(request.getfixturevalue(persona))

    assert client.get(LIST_URL).status_code == 200
    assert client.get(detail_url("SKD")).status_code == 200


def test_an_outsider_may_not_read_the_catalogue(client_as, outsider, catalogue):
    client = client_as(outsider)

    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url("SKD")).status_code == 403


def test_each_organisation_reads_its_own_catalogue(org, client_as, pegawai, catalogue):
    page = html(client_as(pegawai).get(LIST_URL))

    assert "Surat keterangan domisili" in page
    assert "Layanan kecamatan lain" not in page
    assert client_as(org.asing.user).get(detail_url("SKD")).status_code == 404
    assert client_as(pegawai).get(detail_url("LAIN-1")).status_code == 404


def test_the_hr_admin_reads_every_catalogue(hr_admin, catalogue):
    listing = service_types_for_user(hr_admin)

    assert {service.code for service in listing.service_types} == {"SKD", "SKTM", "LAIN-1"}


def test_the_catalogue_is_searched_by_code_or_name_and_filtered_by_unit(pegawai, catalogue):
    def codes(**filters: str) -> list[str]:
        return [s.code for s in service_types_for_user(pegawai, **filters).service_types]

    assert codes(search="tidak mampu") == ["SKTM"]
    assert codes(search="skd") == ["SKD"]
    assert codes(unit_code="KEL") == ["SKTM"]
    # In tree order (/KEC/KEL/ before /KEC/PEL/); a unit includes its sub-units.
    assert codes(unit_code="KEC") == ["SKTM", "SKD"]
    assert codes(unit_code="NOPE") == ["SKTM", "SKD"]


def test_the_search_survives_paging_through_the_catalogue(org, client_as, pegawai):
    for number in range(30):
        ServiceTypeFactory(
            code=f"SK{number:02d}", name=f"Surat keterangan {number:02d}", unit=org.pelayanan
        )
    ServiceTypeFactory(code="LEG", name="Legalisasi", unit=org.pelayanan)

    first = html(client_as(pegawai).get(LIST_URL + "?q=surat&unit=PEL"))
    second = html(client_as(pegawai).get(LIST_URL + "?q=surat&unit=PEL&page=2"))

    assert 'href="?q=surat&amp;unit=PEL&amp;page=2"' in first
    assert "Surat keterangan 29" in second
    assert "Legalisasi" not in first + second


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        ("4.00", "JAM_KERJA", "4 working hours"),
        ("1.00", "JAM_KERJA", "1 working hour"),
        ("3.00", "HARI_KERJA", "3 working days"),
        ("1.50", "HARI_KERJA", "1.5 working days"),
        ("10.00", "HARI_KERJA", "10 working days"),
    ],
)
def test_the_catalogue_shows_standards_as_people_say_them(value, unit, text):
    service = ServiceType(standard_value=Decimal(value), standard_unit=unit)

    with translation.override("en"):
        assert service_standard(service) == text


def test_a_service_shows_volume_and_on_time_rate_of_the_last_twelve_months(org, pegawai, catalogue):
    skd = catalogue["SKD"]
    computed = datetime(2026, 11, 1, tzinfo=UTC)
    ServiceTypeMetric.objects.bulk_create(
        ServiceTypeMetric(
            service_type=skd,
            period=period,
            period_kind="BULAN",
            tasks_completed=tasks,
            on_time=on_time,
            first_time_right=tasks,
            computed_at=computed,
        )
        for period, tasks, on_time in [
            ("2025-11", 100, 10),
            ("2025-12", 20, 15),
            ("2026-11", 30, 30),
        ]
    )

    detail = get_service_type_for_user(pegawai, "SKD", today=date(2026, 11, 28))
    listing = service_types_for_user(pegawai, today=date(2026, 11, 28))

    assert detail.total.tasks_completed == 50  # November 2025 is thirteen months back
    assert detail.total.on_time_rate == Decimal("0.9000")
    assert detail.months[0].figures.tasks_completed == 20  # December 2025
    assert {s.code: (s.volume, s.on_time_total) for s in listing.service_types}["SKD"] == (50, 45)


def test_the_last_twelve_months_run_across_the_turn_of_the_year():
    assert last_twelve_months(date(2026, 2, 10)) == [
        (2025, 3),
        (2025, 4),
        (2025, 5),
        (2025, 6),
        (2025, 7),
        (2025, 8),
        (2025, 9),
        (2025, 10),
        (2025, 11),
        (2025, 12),
        (2026, 1),
        (2026, 2),
    ]


def test_an_unknown_service_is_not_found(pegawai, catalogue):
    with pytest.raises(NotFound):
        get_service_type_for_user(pegawai, "NOPE")


# ---------------------------------------------------------------------------
# Who may change the catalogue


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "outsider"])
def test_only_the_hr_admin_may_open_the_forms(client_as, request, org, catalogue, persona):
    client = client_as(request.getfixturevalue(persona))

    assert client.get(CREATE_URL).status_code == 403
    assert client.get(update_url("SKD")).status_code == 403
    assert client.post(CREATE_URL, form_data(org)).status_code == 403
    assert (
        client.post(update_url("SKD"), form_data(org, code="SKD", name="Diubah")).status_code == 403
    )
    assert not ServiceType.objects.filter(code="AW").exists()
    assert ServiceType.objects.get(code="SKD").name == "Surat keterangan domisili"


@pytest.mark.parametrize(
    ("persona", "sees_buttons"), [("pegawai", False), ("pimpinan", False), ("hr_admin", True)]
)
def test_only_the_hr_admin_sees_the_buttons(client_as, request, catalogue, persona, sees_buttons):
    client = client_as(request.getfixturevalue(persona))

    assert (f'href="{CREATE_URL}"' in html(client.get(LIST_URL))) is sees_buttons
    assert (f'href="{update_url("SKD")}"' in html(client.get(detail_url("SKD")))) is sees_buttons


def test_the_service_refuses_anyone_but_the_hr_admin(org, pimpinan):
    with pytest.raises(PermissionDenied):
        save_service_type(
            actor=pimpinan,
            code="AW",
            name="Ahli waris",
            unit=org.pelayanan,
            standard_value=Decimal("5"),
            standard_unit="HARI_KERJA",
            is_active=True,
        )
    assert not ServiceType.objects.exists()


# ---------------------------------------------------------------------------
# The form, the rules and the audit trail


def test_the_hr_admin_adds_a_service_and_the_audit_trail_records_it(org, client_as, hr_admin):
    response = client_as(hr_admin).post(CREATE_URL, form_data(org))

    service = ServiceType.objects.get(code="AW")
    assert response.status_code == 302
    assert response["Location"] == detail_url("AW")
    assert (service.name, service.unit, service.standard_value) == (
        "Surat keterangan ahli waris",
        org.pelayanan,
        Decimal("5"),
    )
    event = AuditEvent.objects.get(action=AuditAction.SERVICE_TYPE_CREATED)
    assert event.target_id == str(service.pk)
    assert event.changes["code"] == [None, "AW"]
    assert event.changes["standard_unit"] == [None, "HARI_KERJA"]


def test_the_form_explains_that_a_new_standard_applies_to_tasks_recorded_from_then_on(
    client_as, hr_admin, catalogue
):
    page = html(client_as(hr_admin).get(update_url("SKD")))

    assert 'id="id_standard_value_helptext"' in page
    assert 'value="4"' in page  # 4.00 shown as people type it


def test_changing_the_standard_records_old_and_new_values(org, client_as, hr_admin, catalogue):
    response = client_as(hr_admin).post(
        update_url("SKD"),
        form_data(
            org,
            code="SKD",
            name="Surat keterangan domisili",
            standard_value="6",
            standard_unit="JAM_KERJA",
        ),
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.SERVICE_TYPE_UPDATED)
    assert event.changes == {"standard_value": ["4.00", "6"]}


def test_saving_without_a_change_records_nothing(org, hr_admin, catalogue):
    skd = catalogue["SKD"]

    save_service_type(
        actor=hr_admin,
        service_type=skd,
        code="SKD",
        name=skd.name,
        unit=skd.unit,
        standard_value=Decimal("4.00"),
        standard_unit=skd.standard_unit,
        is_active=True,
    )

    assert not AuditEvent.objects.filter(action=AuditAction.SERVICE_TYPE_UPDATED).exists()


def test_a_code_already_taken_is_a_form_error_on_the_code(org, client_as, hr_admin, catalogue):
    response = client_as(hr_admin).post(CREATE_URL, form_data(org, code="SKD"))

    assert response.status_code == 200
    page = html(response)
    assert 'id="id_code_error"' in page
    assert "SKD" in page.split('id="id_code_error"')[1].split("</ul>")[0]
    assert ServiceType.objects.filter(code="SKD").count() == 1
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("standard_value", "0"),
        ("standard_value", "-1"),
        ("standard_value", "abc"),
        ("code", ""),
        ("unit", "LAIN-UNKNOWN"),
        ("standard_unit", "MENIT"),
    ],
)
def test_bad_input_is_a_specific_form_error_and_nothing_is_saved(
    org, client_as, hr_admin, field, value
):
    response = client_as(hr_admin).post(CREATE_URL, form_data(org, **{field: value}))

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html(response)
    assert not ServiceType.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_code_is_fixed_once_tasks_exist(org, client_as, hr_admin, catalogue):
    skd = catalogue["SKD"]
    add_task(skd, org.staf)

    page = html(client_as(hr_admin).get(update_url("SKD")))
    response = client_as(hr_admin).post(
        update_url("SKD"), form_data(org, code="SKD-BARU", name="Domisili")
    )

    assert "disabled" in page.split('name="code"')[1].split(">")[0]
    skd.refresh_from_db()
    assert response.status_code == 302
    assert (skd.code, skd.name) == ("SKD", "Domisili")  # the name changed, the code did not


def test_the_service_refuses_to_change_a_code_with_tasks(org, hr_admin, catalogue):
    skd = catalogue["SKD"]
    add_task(skd, org.staf)

    with pytest.raises(DomainError, match="SKD"):
        save_service_type(
            actor=hr_admin,
            service_type=skd,
            code="SKD-2",
            name=skd.name,
            unit=skd.unit,
            standard_value=skd.standard_value,
            standard_unit=skd.standard_unit,
            is_active=True,
        )
    assert ServiceType.objects.filter(code="SKD").exists()


def test_a_code_without_tasks_may_still_change(org, hr_admin, catalogue):
    skd = catalogue["SKD"]

    saved = save_service_type(
        actor=hr_admin,
        service_type=skd,
        code="DOM",
        name=skd.name,
        unit=skd.unit,
        standard_value=skd.standard_value,
        standard_unit=skd.standard_unit,
        is_active=False,
    )

    assert (saved.code, saved.is_active) == ("DOM", False)
    event = AuditEvent.objects.get(action=AuditAction.SERVICE_TYPE_UPDATED)
    assert event.changes == {"code": ["SKD", "DOM"], "is_active": [True, False]}
