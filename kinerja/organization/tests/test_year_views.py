import pytest
from django.urls import reverse

from kinerja.organization.models import AppraisalChain, PerformanceYear
from kinerja.organization.services import open_performance_year

YEAR_LIST = reverse("organization:year_list")


def test_the_admin_opens_a_year_from_the_page(org, hr_admin, client_as):
    response = client_as(hr_admin).post(
        YEAR_LIST, {"year": "2026", "periodicity": "BULANAN", "rating_method": "KUADRAN_6_2022"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("organization:year_detail", args=[2026])
    assert PerformanceYear.objects.get(year=2026).periods.count() == 17


def test_opening_an_existing_year_shows_an_indonesian_error(org, hr_admin, client_as):
    open_performance_year(actor=None, year=2026)

    response = client_as(hr_admin).post(
        YEAR_LIST, {"year": "2026", "periodicity": "BULANAN", "rating_method": "KUADRAN_6_2022"}
    )

    assert response.status_code == 200
    assert "Tahun kinerja 2026 sudah ada." in response.content.decode()


def test_a_deadline_outside_the_year_is_refused(org, hr_admin, client_as):
    response = client_as(hr_admin).post(
        YEAR_LIST,
        {
            "year": "2026",
            "periodicity": "BULANAN",
            "rating_method": "KUADRAN_6_2022",
            "skp_deadline": "2030-01-31",
        },
    )

    assert response.status_code == 200
    assert not PerformanceYear.objects.exists()


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan"])
def test_employees_see_the_years_but_cannot_open_one(persona, request, client_as):
    user = request.getfixturevalue(persona)
    open_performance_year(actor=None, year=2026)
    client = client_as(user)

    page = client.get(YEAR_LIST)
    refused = client.post(
        YEAR_LIST, {"year": "2027", "periodicity": "BULANAN", "rating_method": "KUADRAN_6_2022"}
    )

    assert page.status_code == 200
    assert "2026" in page.content.decode()
    assert "Buka tahun" not in page.content.decode()
    assert refused.status_code == 403
    assert not PerformanceYear.objects.filter(year=2027).exists()


def test_outsiders_cannot_see_the_years(outsider, client_as):
    assert client_as(outsider).get(YEAR_LIST).status_code == 403


def test_the_year_page_lists_periods_with_their_appraiser_counts(org, pegawai, client_as):
    open_performance_year(actor=None, year=2026)

    response = client_as(pegawai).get(reverse("organization:year_detail", args=[2026]))

    assert response.status_code == 200
    periods = response.context["periods"]
    assert len(periods) == 17
    march = next(p for p in periods if p.code == "2026-03")
    assert march.chain_count == 7  # every employee of the personas, in both organisations


def test_the_admin_refreshes_the_appraisers_of_a_period(org, hr_admin, client_as):
    open_performance_year(actor=None, year=2026)
    org.staf.supervisor = org.lurah
    org.staf.save()

    response = client_as(hr_admin).post(
        reverse("organization:year_detail", args=[2026]), {"period": "2026-04"}
    )

    assert response.status_code == 302
    assert (
        AppraisalChain.objects.get(period__code="2026-04", employee=org.staf).appraiser == org.lurah
    )
    assert (
        AppraisalChain.objects.get(period__code="2026-05", employee=org.staf).appraiser == org.kasi
    )


def test_a_pegawai_cannot_refresh_appraisers(org, pegawai, client_as):
    open_performance_year(actor=None, year=2026)

    response = client_as(pegawai).post(
        reverse("organization:year_detail", args=[2026]), {"period": "2026-04"}
    )

    assert response.status_code == 403


def test_an_unknown_year_is_a_404(org, pegawai, client_as):
    assert (
        client_as(pegawai).get(reverse("organization:year_detail", args=[1999])).status_code == 404
    )
