"""The directory pages through the test client, persona by persona."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from kinerja.organization.models import AppraisalChain, Employee, PerformanceYear, Period, Position
from kinerja.organization.tests.factories import (
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    UserFactory,
)


def profile_url(employee: Employee) -> str:
    return reverse("organization:employee_detail", args=[employee.pk])


def unit_url(code: str, **query: str) -> str:
    url = reverse("organization:unit_detail", args=[code])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def birth_date_text(employee: Employee) -> str:
    parts = employee.pns_nip
    assert parts is not None
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember"]  # fmt: skip
    birth = parts.birth_date
    return f"{birth.day} {months[birth.month - 1]} {birth.year}"


def page_text(response) -> str:
    text: str = response.content.decode()
    return text


# ---------------------------------------------------------------------------
# Who may open the directory at all


@pytest.mark.parametrize(
    "url",
    [
        reverse("organization:unit_tree"),
        reverse("organization:unit_detail", args=["KEC"]),
        reverse("organization:employee_list"),
    ],
)
def test_an_outsider_may_not_open_the_directory(org, outsider, client_as, url):
    assert client_as(outsider).get(url).status_code == 403


def test_an_outsider_may_not_open_a_profile(org, outsider, client_as):
    assert client_as(outsider).get(profile_url(org.staf)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(org, client):
    response = client.get(reverse("organization:employee_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# ---------------------------------------------------------------------------
# Profiles


def test_a_pegawai_sees_a_colleague_s_directory_entry_only(org, pegawai, client_as):
    org.rekan.email = "rekan@example.go.id"  # the factory's address is made of the NIP
    org.rekan.save()

    response = client_as(pegawai).get(profile_url(org.rekan))
    text = page_text(response)

    assert response.status_code == 200
    assert "Rekan" in text
    assert "Jabatan rekan" in text
    assert org.rekan.nip not in text
    assert birth_date_text(org.rekan) not in text
    assert "Anda melihat data direktori" in text
    assert "Bawahan langsung" not in text


def test_a_pegawai_sees_their_own_full_profile(org, pegawai, client_as):
    text = page_text(client_as(pegawai).get(profile_url(org.staf)))

    assert org.staf.nip in text
    assert birth_date_text(org.staf) in text
    assert "ini adalah profil Anda sendiri" in text


def test_an_atasan_sees_the_full_profile_of_a_direct_report(org, atasan, client_as):
    text = page_text(client_as(atasan).get(profile_url(org.staf)))

    assert org.staf.nip in text
    assert birth_date_text(org.staf) in text
    assert "atasan langsung pegawai ini" in text


def test_a_superior_two_levels_up_sees_the_full_profile_without_the_pimpinan_flag(org, client_as):
    # given a camat who is not flagged pimpinan: camat → kasi → staf
    org.camat.user.is_pimpinan = False
    org.camat.user.save()

    text = page_text(client_as(org.camat.user).get(profile_url(org.staf)))

    assert org.staf.nip in text
    assert "di atas pegawai ini dalam garis atasan" in text


def test_a_pimpinan_sees_everyone_in_the_organisation_fully(org, pimpinan, client_as):
    client = client_as(pimpinan)

    for employee in [org.admin, org.kasi, org.staf, org.rekan, org.lurah]:
        assert employee.nip in page_text(client.get(profile_url(employee))), employee.name


def test_a_pimpinan_does_not_see_another_organisation(org, pimpinan, client_as):
    assert client_as(pimpinan).get(profile_url(org.asing)).status_code == 404


def test_an_admin_sees_everyone_fully(org, hr_admin, client_as):
    client = client_as(hr_admin)

    for employee in [org.camat, org.staf, org.asing]:
        text = page_text(client.get(profile_url(employee)))
        assert employee.nip in text, employee.name
        assert "Anda adalah admin kepegawaian" in text


def test_an_employee_of_another_organisation_is_not_found_for_a_pegawai(org, pegawai, client_as):
    assert client_as(pegawai).get(profile_url(org.asing)).status_code == 404


def test_an_unknown_nip_is_not_found(org, pegawai, client_as):
    assert client_as(pegawai).get("/organisasi/pegawai/199001012015011999/").status_code == 404


def test_a_full_profile_shows_the_reporting_line_and_the_appraisers_newest_first(
    org, pimpinan, client_as
):
    # given the kasi's appraisers recorded for the year and two of its months
    year = PerformanceYear.objects.create(year=2026, skp_deadline=date(2026, 1, 31))
    snapshotted_at = datetime(2026, 1, 1, 1, tzinfo=UTC)
    for code, kind, starts_on, ends_on, appraiser in [
        ("2026-01", Period.Kind.MONTH, date(2026, 1, 1), date(2026, 1, 31), org.lurah),
        ("2026", Period.Kind.YEAR, date(2026, 1, 1), date(2026, 12, 31), org.camat),
        ("2026-02", Period.Kind.MONTH, date(2026, 2, 1), date(2026, 2, 28), org.camat),
    ]:
        period = Period.objects.create(
            performance_year=year, code=code, kind=kind, starts_on=starts_on, ends_on=ends_on
        )
        AppraisalChain.objects.create(
            period=period, employee=org.kasi, unit=org.pelayanan, position=org.kasi.position,
            appraiser=appraiser, appraiser_superior=None, snapshotted_at=snapshotted_at,
        )  # fmt: skip

    response = client_as(pimpinan).get(profile_url(org.kasi))
    text = page_text(response)

    chains = response.context["profile"].appraisal_chains
    assert [chain.period.code for chain in chains] == ["2026", "2026-02", "2026-01"]
    assert "Pejabat penilai per periode" in text
    assert "Bawahan langsung" in text
    assert profile_url(org.staf) in text
    assert profile_url(org.lurah) in text  # an appraiser, linked
    assert profile_url(org.camat) in text  # the atasan, linked


# ---------------------------------------------------------------------------
# The unit tree


def test_the_unit_tree_shows_the_organisation_with_headcounts(org, pegawai, client_as):
    text = page_text(client_as(pegawai).get(reverse("organization:unit_tree")))

    for name in ["Kecamatan Contoh", "Sekretariat", "Seksi Pelayanan", "Kelurahan Contoh"]:
        assert name in text
    assert "Kecamatan Lain" not in text
    assert "6 termasuk sub-unit" in text
    assert "3 pegawai" in text
    assert 'class="tree"' in text


def test_searching_the_tree_shows_matches_with_their_path(org, pegawai, client_as):
    response = client_as(pegawai).get(reverse("organization:unit_tree"), {"q": "pelay"})
    text = page_text(response)

    assert "1 unit sesuai dengan" in text
    assert "Seksi Pelayanan" in text
    assert unit_url("KEC") in text  # the breadcrumb above the match
    assert "Kelurahan Contoh" not in text


def test_a_tree_search_without_matches_says_what_to_do(org, pegawai, client_as):
    text = page_text(client_as(pegawai).get(reverse("organization:unit_tree"), {"q": "zzz"}))

    assert "Periksa ejaannya" in text


def test_an_admin_with_no_units_is_pointed_to_the_import(db, client_as):
    superuser = UserFactory(username="root", is_superuser=True)

    text = page_text(client_as(superuser).get(reverse("organization:unit_tree")))

    assert "Belum ada unit yang tercatat" in text
    assert reverse("organization:import_start") in text


# ---------------------------------------------------------------------------
# A unit's page


def test_a_unit_page_lists_its_people_and_its_place_in_the_tree(org, pegawai, client_as):
    text = page_text(client_as(pegawai).get(unit_url("PEL")))

    assert "Kasi" in text
    assert "Staf" in text
    assert "Rekan" in text
    assert "Jabatan camat" not in text.split('id="directory-results"')[1]
    assert unit_url("KEC") in text  # breadcrumb and parent
    assert "Seksi" in text


def test_a_unit_page_includes_sub_units_on_request(org, pegawai, client_as):
    client = client_as(pegawai)

    own = page_text(client.get(unit_url("KEC"))).split('id="directory-results"')[1]
    with_sub = page_text(client.get(unit_url("KEC", sub="1"))).split('id="directory-results"')[1]

    assert "Staf" not in own
    assert "Staf" in with_sub
    assert "Lurah" in with_sub


def test_a_unit_page_searches_by_name_and_filters_by_jenis_jabatan(org, pegawai, client_as):
    client = client_as(pegawai)

    by_name = page_text(client.get(unit_url("PEL", q="rek"))).split('id="directory-results"')[1]
    by_kind = page_text(client.get(unit_url("PEL", kind="PENGAWAS"))).split(
        'id="directory-results"'
    )[1]

    assert "Rekan" in by_name
    assert "Staf" not in by_name
    assert "Kasi" in by_kind
    assert "Rekan" not in by_kind


def test_a_pegawai_cannot_find_a_colleague_by_nip(org, pegawai, client_as):
    results = page_text(client_as(pegawai).get(unit_url("PEL", q=org.rekan.nip))).split(
        'id="directory-results"'
    )[1]

    assert "Tidak ada pegawai yang sesuai" in results


def test_an_atasan_finds_a_direct_report_by_nip(org, atasan, client_as):
    results = page_text(client_as(atasan).get(unit_url("PEL", q=org.staf.nip))).split(
        'id="directory-results"'
    )[1]

    assert "Staf" in results
    assert "Rekan" not in results


def test_sorting_by_name_descending_is_announced(org, pegawai, client_as):
    text = page_text(client_as(pegawai).get(unit_url("PEL", sort="-name")))

    assert 'aria-sort="descending"' in text
    assert text.index("Jabatan staf") < text.index("Jabatan rekan") < text.index("Jabatan kasi")


def test_a_unit_outside_the_organisation_is_not_found(org, pegawai, client_as):
    client = client_as(pegawai)

    assert client.get(unit_url("LAIN")).status_code == 404
    assert client.get(unit_url("NOPE")).status_code == 404


def test_the_unit_page_keeps_the_filters_across_pages(org, pegawai, client_as):
    position = PositionFactory(name="Analis Layanan", unit=org.pelayanan)
    EmployeeFactory.create_batch(30, position=position, supervisor=org.kasi)

    first = page_text(client_as(pegawai).get(unit_url("PEL", q="Analis", kind="PELAKSANA")))
    second = client_as(pegawai).get(unit_url("PEL", q="Analis", kind="PELAKSANA", page="2"))

    assert "q=Analis" in first
    assert "page=2" in first
    assert "kind=PELAKSANA" in first.split('class="pagination"')[1]
    assert "Menampilkan 26\N{EN DASH}30 dari 30" in page_text(second)


def test_an_htmx_search_gets_only_the_results(org, pegawai, client_as):
    response = client_as(pegawai).get(
        unit_url("PEL", q="rek"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory-results"
    )
    text = page_text(response)

    assert "<html" not in text
    assert "Rekan" in text
    assert "Staf" not in text


# ---------------------------------------------------------------------------
# The employee list


def test_the_employee_list_shows_the_organisation_without_personnel_data(org, pegawai, client_as):
    text = page_text(client_as(pegawai).get(reverse("organization:employee_list")))

    for name in ["Camat", "Admin", "Kasi", "Staf", "Rekan", "Lurah"]:
        assert f">{name}<" in text
    assert ">Asing<" not in text
    assert org.rekan.nip not in text
    assert 'name="status"' not in text


def test_an_admin_filters_the_employee_list_by_asn_status(org, hr_admin, client_as):
    org.rekan.asn_status = Employee.AsnStatus.PPPK
    org.rekan.save()

    text = page_text(
        client_as(hr_admin).get(reverse("organization:employee_list"), {"status": "PPPK"})
    )
    results = text.split('id="directory-results"')[1]

    assert 'name="status"' in text
    assert ">Rekan<" in results
    assert ">Staf<" not in results
    assert f"<td>{org.rekan.nip}</td>" in results


def test_a_pegawai_cannot_filter_by_asn_status(org, pegawai, client_as):
    org.rekan.asn_status = Employee.AsnStatus.PPPK
    org.rekan.save()

    results = page_text(
        client_as(pegawai).get(reverse("organization:employee_list"), {"status": "PPPK"})
    ).split('id="directory-results"')[1]

    assert ">Staf<" in results


def test_the_employee_list_filters_by_unit_with_its_sub_units(org, pegawai, client_as):
    client = client_as(pegawai)
    url = reverse("organization:employee_list")

    pelayanan = page_text(client.get(url, {"unit": "PEL"})).split('id="directory-results"')[1]
    kecamatan = page_text(client.get(url, {"unit": "KEC"})).split('id="directory-results"')[1]

    assert ">Staf<" in pelayanan
    assert ">Lurah<" not in pelayanan
    assert ">Lurah<" in kecamatan


def test_the_employee_list_filters_by_jenis_jabatan(org, pegawai, client_as):
    results = page_text(
        client_as(pegawai).get(reverse("organization:employee_list"), {"kind": "PENGAWAS"})
    ).split('id="directory-results"')[1]

    assert ">Kasi<" in results
    assert ">Lurah<" in results
    assert ">Staf<" not in results


# ---------------------------------------------------------------------------
# Query counts do not grow with the number of people shown


def _add_people(org, count: int) -> None:
    unit = OrgUnitFactory(parent=org.pelayanan, kind="SEKSI")
    position = PositionFactory(unit=unit, kind=Position.Kind.PELAKSANA)
    EmployeeFactory.create_batch(count, position=position, supervisor=org.kasi)


@pytest.mark.parametrize("people", [10, 60])
@pytest.mark.parametrize(
    "page",
    [
        (reverse("organization:unit_detail", args=["KEC"]), {"sub": "1"}),
        (reverse("organization:employee_list"), {}),
        (reverse("organization:employee_list"), {"q": "Pegawai", "unit": "PEL"}),
        (reverse("organization:unit_tree"), {}),
    ],
)
def test_the_directory_pages_need_a_fixed_number_of_queries(
    org, client_as, django_assert_max_num_queries, people, page
):
    _add_people(org, people)
    client = client_as(org.camat.user)  # the pimpinan, who sees everyone
    url, query = page

    with django_assert_max_num_queries(10):
        response = client.get(url, query)

    assert response.status_code == 200


def test_a_profile_needs_a_fixed_number_of_queries(
    org, atasan, client_as, django_assert_max_num_queries
):
    _add_people(org, 20)
    org.camat.user.is_pimpinan = False
    org.camat.user.save()
    client = client_as(org.camat.user)

    with django_assert_max_num_queries(10):
        assert client.get(profile_url(org.staf)).status_code == 200
