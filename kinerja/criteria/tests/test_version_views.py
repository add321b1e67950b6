"""The versions pages through the test client: who may open what (the persona matrix),
what the pages show and do, and query counts that do not grow with the rows shown.

Pages are read in English (the msgids), so the assertions do not depend on the
Indonesian catalogue.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.criteria.models import ComprehensionQuestion, CriteriaVersion, Indicator
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.versions import (
    QuestionInput,
    create_version,
    move_version,
    save_comprehension_check,
    save_indicator,
)
from kinerja.criteria.tests.factories import complete_version, published_version, results_indicator
from kinerja.organization.tests.factories import UserFactory

D = Decimal
PERSONAS = ["pegawai", "atasan", "pimpinan", "hr_admin", "tim", "outsider", "asing"]
KEC_READERS = ["pegawai", "atasan", "pimpinan", "hr_admin", "tim"]


@pytest.fixture
def tim(org):
    user = org.rekan.user
    user.is_evaluation_team = True
    user.save(update_fields=["is_evaluation_team"])
    return user


@pytest.fixture
def asing(org):
    """An employee of another organisation."""
    return org.asing.user


@pytest.fixture
def as_user():
    def make(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def client_for(request, as_user):
    """``client_for("pegawai")``: a client logged in as the persona of that name."""

    def make(persona: str):
        return as_user(request.getfixturevalue(persona))

    return make


@pytest.fixture
def versions(org, hr_admin):
    """Last year's published version, this year's version in consultation (a copy of
    it), and a draft for next year."""
    old = published_version(hr_admin, org.kecamatan, year=2025, title="Kriteria 2025")
    consulted = create_version(actor=hr_admin, year=2026, title="Kriteria 2026", based_on=old)
    consulted = move_version(actor=hr_admin, version=consulted, to=Stage.CONSULTATION)
    draft = complete_version(hr_admin, org.kecamatan, year=2027, title="Draf 2027")
    return {"published": old, "consultation": consulted, "draft": draft}


def url(name: str, *args) -> str:
    return reverse(f"criteria:{name}", args=args)


def text(response) -> str:
    content: str = response.content.decode()
    return content


# -- the permission matrix ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "sees_draft"),
    [
        ("pegawai", 200, False),
        ("atasan", 200, False),
        ("pimpinan", 200, False),
        ("hr_admin", 200, True),
        ("tim", 200, True),
        ("outsider", 404, False),
        ("asing", 200, False),
    ],
)
def test_version_list_permissions(versions, client_for, persona, status, sees_draft):
    response = client_for(persona).get(url("version_list"))

    assert response.status_code == status
    if status == 200:
        shown = {version.pk for version in response.context["page_obj"].object_list}
        kec = {versions["published"].pk, versions["consultation"].pk}
        if persona == "asing":
            assert shown == set()
        else:
            assert shown == kec | ({versions["draft"].pk} if sees_draft else set())


@pytest.mark.parametrize(
    ("persona", "draft_status", "consultation_status"),
    [
        ("pegawai", 404, 200),
        ("atasan", 404, 200),
        ("pimpinan", 404, 200),
        ("hr_admin", 200, 200),
        ("tim", 200, 200),
        ("outsider", 404, 404),
        ("asing", 404, 404),
    ],
)
def test_version_detail_permissions(
    versions, client_for, persona, draft_status, consultation_status
):
    client = client_for(persona)

    assert client.get(url("version_detail", versions["draft"].pk)).status_code == draft_status
    consultation = client.get(url("version_detail", versions["consultation"].pk))
    assert consultation.status_code == consultation_status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("pegawai", 403),
        ("atasan", 403),
        ("pimpinan", 403),
        ("hr_admin", 200),
        ("tim", 200),
        ("outsider", 404),
        ("asing", 403),
    ],
)
def test_version_create_permissions(org, client_for, persona, status):
    client = client_for(persona)

    assert client.get(url("version_create")).status_code == status
    response = client.post(url("version_create"), {"year": 2027, "title": "Kriteria"})
    assert response.status_code == (302 if status == 200 else status)
    assert CriteriaVersion.objects.exists() is (status == 200)


@pytest.mark.parametrize(
    ("persona", "draft_status", "consultation_status"),
    [
        ("pegawai", 404, 403),
        ("atasan", 404, 403),
        ("pimpinan", 404, 403),
        ("hr_admin", 200, 200),
        ("tim", 200, 200),
        ("outsider", 404, 404),
        ("asing", 404, 404),
    ],
)
def test_editing_pages_permissions(
    versions, client_for, persona, draft_status, consultation_status
):
    client = client_for(persona)
    for key, status in (("draft", draft_status), ("consultation", consultation_status)):
        version = versions[key]
        indicator = Indicator.objects.get(version=version, code="hasil-1")
        pages = [
            url("version_update", version.pk),
            url("indicator_create", version.pk),
            url("indicator_update", version.pk, indicator.pk),
            url("indicator_delete", version.pk, indicator.pk),
            url("check_update", version.pk),
            url("version_copy", version.pk),
            url("version_move", version.pk) + "?to=DISAHKAN",
            url("version_delete", version.pk),
        ]
        for page in pages:
            assert client.get(page).status_code == status, page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("pegawai", 404),
        ("atasan", 404),
        ("pimpinan", 404),
        ("hr_admin", 302),
        ("tim", 302),
        ("outsider", 404),
        ("asing", 404),
    ],
)
def test_moving_a_draft_permissions(versions, client_for, persona, status):
    draft = versions["draft"]

    response = client_for(persona).post(
        url("version_move", draft.pk), {"to": "KONSULTASI", "note": ""}
    )

    assert response.status_code == status
    draft.refresh_from_db()
    assert draft.status == ("KONSULTASI" if status == 302 else "DRAFT")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("pegawai", 403),
        ("atasan", 403),
        ("pimpinan", 403),
        ("hr_admin", 302),
        ("tim", 403),
        ("outsider", 404),
        ("asing", 404),
    ],
)
def test_only_the_hr_admin_publishes(org, hr_admin, client_for, persona, status):
    version = complete_version(hr_admin, org.kecamatan)
    version = move_version(actor=hr_admin, version=version, to=Stage.ADOPTED)
    client = client_for(persona)

    assert client.get(url("version_move", version.pk) + "?to=DITERBITKAN").status_code == (
        200 if status == 302 else status
    )
    response = client.post(url("version_move", version.pk), {"to": "DITERBITKAN"})

    assert response.status_code == status
    version.refresh_from_db()
    assert version.status == ("DITERBITKAN" if status == 302 else "DISAHKAN")


@pytest.mark.parametrize(
    ("persona", "status", "draft_status"),
    [
        ("pegawai", 200, 404),
        ("atasan", 200, 404),
        ("pimpinan", 200, 404),
        ("hr_admin", 200, 200),
        ("tim", 200, 200),
        ("outsider", 404, 404),
        ("asing", 404, 404),
    ],
)
def test_version_diff_permissions(versions, client_for, persona, status, draft_status):
    client = client_for(persona)
    old, new, draft = versions["published"], versions["consultation"], versions["draft"]

    response = client.get(url("version_diff"), {"a": old.pk, "b": new.pk})
    with_draft = client.get(url("version_diff"), {"a": old.pk, "b": draft.pk})

    assert response.status_code == status
    assert with_draft.status_code == draft_status


def test_the_pages_need_a_login(versions):
    response = Client().get(url("version_detail", versions["consultation"].pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# -- the list -----------------------------------------------------------------------------


def test_the_list_groups_versions_by_year_with_their_status(versions, as_user, tim):
    response = as_user(tim).get(url("version_list"))

    page = text(response)
    assert page.index("Performance year 2027") < page.index("Performance year 2026")
    assert page.index("Performance year 2026") < page.index("Performance year 2025")
    assert 'class="badge badge-ok">Published<' in page
    assert 'class="badge badge-open">In consultation<' in page
    assert url("version_copy", versions["published"].pk) in page
    assert url("version_create") in page
    assert response.context["can_compare"]


def test_employees_get_neither_new_version_nor_copy_links(versions, as_user, pegawai):
    page = text(as_user(pegawai).get(url("version_list")))

    assert url("version_create") not in page
    assert url("version_copy", versions["published"].pk) not in page


def test_the_list_searches_and_filters_and_keeps_them_when_paging(org, hr_admin, as_user):
    for number in range(23):
        create_version(actor=hr_admin, year=2026, title=f"Kriteria {number}")
    create_version(actor=hr_admin, year=2025, title="Lama")
    client = as_user(hr_admin)

    by_title = client.get(url("version_list"), {"q": "lama"})
    by_year = client.get(url("version_list"), {"q": "2026", "status": "DRAFT"})
    by_status = client.get(url("version_list"), {"status": "DITERBITKAN"})

    assert [v.title for v in by_title.context["page_obj"]] == ["Lama"]
    assert by_year.context["page_obj"].paginator.count == 23
    assert "q=2026&amp;status=DRAFT&amp;page=2" in text(by_year)
    assert by_status.context["page_obj"].paginator.count == 0
    assert "No version matches the search." in text(by_status)


def test_an_empty_list_tells_the_team_to_start_and_others_to_wait(org, as_user, tim, pegawai):
    assert "Start the first one" in text(as_user(tim).get(url("version_list")))
    assert "The evaluation team prepares a draft" in text(as_user(pegawai).get(url("version_list")))


# -- one version --------------------------------------------------------------------------


def test_the_detail_shows_settings_indicators_and_lifecycle(versions, as_user, tim, pegawai):
    version = versions["consultation"]

    team_page = text(as_user(tim).get(url("version_detail", version.pk)))
    staff_page = text(as_user(pegawai).get(url("version_detail", version.pk)))

    for page in (team_page, staff_page):
        assert "Indikator hasil-1" in page
        assert "floor 50% → 0 points · target 90% → 100 points · ceiling 100% → 120 points" in page
        assert "Effectiveness" in page
        assert "Service-oriented" in page  # a BerAKHLAK value, in its <details>
        assert "Complete weights" in page
        assert f"?a={versions['published'].pk}&amp;b={version.pk}" in page
    # The team sees the next steps; everyone else reads.
    assert url("version_move", version.pk) + "?to=DISAHKAN" in team_page
    assert url("version_move", version.pk) + "?to=DRAFT" in team_page
    assert url("round_open", version.pk) in team_page
    assert url("version_move", version.pk) not in staff_page
    assert url("indicator_create", version.pk) not in staff_page


def test_the_detail_shows_the_innovation_rubric_its_pass_score_and_cap(versions, as_user, pegawai):
    page = text(as_user(pegawai).get(url("version_detail", versions["published"].pk)))

    assert 'id="innovation-title"' in page
    # The rubric was seeded in the default language; its codes are the same in any.
    for code in ("kebaruan", "dampak", "replikasi", "keberlanjutan"):
        assert f'<code class="muted">{code}</code>' in page
    assert "an average of 60 out of 100" in page
    assert "at most 10 points of verified innovation credit per employee per year" in page


def test_the_detail_lists_each_weight_gap(org, hr_admin, tim, as_user):
    version = complete_version(hr_admin, org.kecamatan, weights=(60,))
    save_indicator(
        actor=tim,
        version=version,
        data=results_indicator("loket", 40, position_kinds=["PELAKSANA"], unit_codes=["PEL"]),
    )

    response = as_user(tim).get(url("version_detail", version.pk))

    page = text(response)
    assert "Executive staff (pelaksana) in Sekretariat: 60" in page
    assert "Supervisor (pengawas) in Kelurahan Contoh: 60" in page
    assert "Seksi Pelayanan (PEL)" in page
    assert "Complete weights" not in page
    assert response.context["adoption_problems"]


def test_only_the_team_sees_the_correct_answers(versions, as_user, hr_admin, tim, pegawai):
    version = versions["consultation"]
    save_comprehension_check(
        actor=tim,
        version=version,
        questions=[QuestionInput("Berapa bobot hasil?", ["50", "100"], 1, "Selalu 100")],
    )

    team_page = text(as_user(tim).get(url("version_detail", version.pk)))
    staff_page = text(as_user(pegawai).get(url("version_detail", version.pk)))

    assert "Berapa bobot hasil?" in staff_page
    assert ">correct<" in team_page
    assert "Selalu 100" in team_page
    assert ">correct<" not in staff_page
    assert "Selalu 100" not in staff_page


def test_the_publish_button_is_the_hr_admins(org, hr_admin, tim, as_user):
    version = move_version(
        actor=hr_admin, version=complete_version(hr_admin, org.kecamatan), to=Stage.ADOPTED
    )

    admin_steps = as_user(hr_admin).get(url("version_detail", version.pk)).context["next_steps"]
    team_steps = as_user(tim).get(url("version_detail", version.pk)).context["next_steps"]

    assert [step.stage for step in admin_steps] == ["DRAFT", "DITERBITKAN"]
    assert [step.stage for step in team_steps] == ["DRAFT"]


def _with_results_indicators(hr_admin, org, count: int) -> CriteriaVersion:
    version = complete_version(hr_admin, org.kecamatan, weights=())
    weight = D(100) / count
    for number in range(count):
        save_indicator(
            actor=hr_admin,
            version=version,
            data=results_indicator(
                f"hasil-{number}",
                str(weight),
                unit_codes=["PEL"] if number % 2 else [],
                position_kinds=["PELAKSANA"] if number % 3 else [],
            ),
        )
    return version


def _queries(client: Client, page: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def test_the_detail_needs_the_same_queries_for_5_and_40_indicators(org, hr_admin, as_user):
    few = _with_results_indicators(hr_admin, org, 5)
    many = _with_results_indicators(hr_admin, org, 40)
    client = as_user(hr_admin)

    few_queries = _queries(client, url("version_detail", few.pk))
    many_queries = _queries(client, url("version_detail", many.pk))

    assert few_queries == many_queries
    assert many_queries <= 22


def test_the_list_and_the_diff_need_a_fixed_number_of_queries(org, hr_admin, as_user):
    client = as_user(hr_admin)
    old = _with_results_indicators(hr_admin, org, 5)
    new = _with_results_indicators(hr_admin, org, 5)
    few = (_queries(client, url("version_list")), _queries(client, _diff(old, new)))
    for _ in range(20):
        create_version(actor=hr_admin, year=2026, title="Lagi")
    bigger_old = _with_results_indicators(hr_admin, org, 40)
    bigger_new = _with_results_indicators(hr_admin, org, 40)

    many = (_queries(client, url("version_list")), _queries(client, _diff(bigger_old, bigger_new)))

    assert few == many
    assert many[0] <= 12
    assert many[1] <= 16


def _diff(older: CriteriaVersion, newer: CriteriaVersion) -> str:
    return f"{url('version_diff')}?a={older.pk}&b={newer.pk}"


# -- starting versions --------------------------------------------------------------------


def test_the_team_starts_a_fresh_version(org, as_user, tim):
    response = as_user(tim).post(url("version_create"), {"year": 2027, "title": "Kriteria 2027"})

    version = CriteriaVersion.objects.get()
    assert response["Location"] == url("version_detail", version.pk)
    assert (version.organization, version.year, version.created_by) == (org.kecamatan, 2027, tim)
    assert version.indicators.count() == 21


def test_a_refused_start_is_shown_on_the_field(org, as_user, tim):
    response = as_user(tim).post(url("version_create"), {"year": 1990, "title": "Kriteria"})

    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert not CriteriaVersion.objects.exists()


def test_an_hr_admin_without_an_organisation_chooses_one(org, as_user):
    admin = UserFactory(username="superadmin", is_hr_admin=True)
    client = as_user(admin)

    form = client.get(url("version_create")).context["form"]
    response = client.post(
        url("version_create"), {"year": 2027, "title": "Kriteria", "organization": "LAIN"}
    )

    assert "organization" in form.fields
    assert response.status_code == 302
    assert CriteriaVersion.objects.get().organization == org.other_org


def test_the_team_starts_a_copy_for_the_next_year(versions, as_user, tim):
    original = versions["published"]
    client = as_user(tim)

    form = client.get(url("version_copy", original.pk)).context["form"]
    response = client.post(url("version_copy", original.pk), {"year": 2026, "title": "Revisi"})

    copy = CriteriaVersion.objects.get(title="Revisi")
    assert form.initial["year"] == 2026
    assert response["Location"] == url("version_detail", copy.pk)
    assert (copy.based_on, copy.year, copy.number) == (original, 2026, 2)
    assert set(copy.indicators.values_list("code", flat=True)) == set(
        original.indicators.values_list("code", flat=True)
    )


# -- settings -----------------------------------------------------------------------------


def test_the_team_changes_the_settings(versions, as_user, tim):
    version = versions["draft"]

    response = as_user(tim).post(
        url("version_update", version.pk),
        {
            "title": "Draf baru",
            "rationale": "Ambang disesuaikan",
            "rating_method": "NUMERIK_PP_30_2019",
            "numeric_results_weight": "60",
            "above_threshold": "105",
            "meets_threshold": "85.5",
        },
    )

    version.refresh_from_db()
    assert response.status_code == 302
    assert (version.title, version.rating_method, version.numeric_results_weight) == (
        "Draf baru",
        "NUMERIK_PP_30_2019",
        60,
    )
    assert (version.above_threshold, version.meets_threshold) == (D(105), D("85.5"))


def test_thresholds_out_of_order_are_shown_on_the_field(versions, as_user, tim):
    version = versions["draft"]

    response = as_user(tim).post(
        url("version_update", version.pk),
        {
            "title": "Draf",
            "rating_method": "MATRIKS_6_2022",
            "numeric_results_weight": "70",
            "above_threshold": "80",
            "meets_threshold": "90",
        },
    )

    assert response.status_code == 200
    assert "meets_threshold" in response.context["form"].errors
    version.refresh_from_db()
    assert version.above_threshold == D(110)


def test_the_editing_pages_of_a_published_version_show_no_form(versions, as_user, hr_admin):
    version = versions["published"]
    indicator = Indicator.objects.get(version=version, code="hasil-1")
    client = as_user(hr_admin)
    pages = [
        url("version_update", version.pk),
        url("indicator_create", version.pk),
        url("indicator_update", version.pk, indicator.pk),
        url("indicator_delete", version.pk, indicator.pk),
        url("check_update", version.pk),
    ]

    for page in pages:
        shown = client.get(page)
        posted = client.post(page, {"title": "Diubah", "code": "x"})

        assert "criteria/versions/locked.html" in [t.name for t in shown.templates]
        assert "its criteria can no longer change" in text(shown)
        assert "form" not in shown.context
        assert "criteria/versions/locked.html" in [t.name for t in posted.templates]
    version.refresh_from_db()
    assert version.title == "Kriteria 2025"
    assert Indicator.objects.filter(pk=indicator.pk).exists()


# -- indicators ---------------------------------------------------------------------------


def indicator_post(**overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "layanan-tepat-waktu",
        "aspect": "EFISIENSI",
        "name": "Layanan tepat waktu",
        "explanation": "Bagian layanan yang selesai dalam standar waktunya.",
        "source": "LAYANAN_TEPAT_WAKTU",
        "floor": "0.5",
        "target": "0.9",
        "ceiling": "1",
        "weight": "40",
        "position_kinds": ["PELAKSANA"],
        "unit_codes": ["PEL"],
        "order": "1",
        "rationale": "",
    }
    for number in range(1, 6):
        data[f"level_{number}"] = str(number)
        data[f"descriptor_{number}"] = ""
    data.update(overrides)
    return data


def test_the_team_adds_a_results_indicator(versions, as_user, tim):
    version = versions["draft"]

    response = as_user(tim).post(url("indicator_create", version.pk), indicator_post())

    indicator = Indicator.objects.get(version=version, code="layanan-tepat-waktu")
    assert response["Location"] == url("version_detail", version.pk) + f"#indicator-{indicator.pk}"
    assert (indicator.weight, indicator.position_kinds, indicator.unit_codes) == (
        D(40),
        ["PELAKSANA"],
        ["PEL"],
    )
    assert not indicator.levels.exists()
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor) == (AuditAction.CRITERIA_INDICATOR_SAVED, tim)


def test_the_team_adds_a_rubric_indicator_with_its_levels(versions, as_user, tim):
    version = versions["draft"]
    data = indicator_post(
        code="inovasi",
        aspect="INOVASI",
        source="RUBRIK_ATASAN",
        floor="1",
        target="3",
        ceiling="5",
        weight="10",
        descriptor_1="Belum ada",
        descriptor_2="Ide tertulis",
        descriptor_3="Diuji coba",
        level_5="",
    )

    as_user(tim).post(url("indicator_create", version.pk), data)

    indicator = Indicator.objects.get(version=version, code="inovasi")
    assert list(indicator.levels.values_list("level", "descriptor")) == [
        (1, "Belum ada"),
        (2, "Ide tertulis"),
        (3, "Diuji coba"),
    ]


def test_a_rubric_without_levels_is_shown_at_the_rubric(versions, as_user, tim):
    response = as_user(tim).post(
        url("indicator_create", versions["draft"].pk),
        indicator_post(source="RUBRIK_ATASAN", floor="1", target="3", ceiling="5"),
    )

    assert response.status_code == 200
    assert response.context["form"].rubric_errors
    assert "A supervisor rubric needs at least two levels" in text(response)


def test_a_curve_out_of_order_is_shown_on_the_target(versions, as_user, tim):
    response = as_user(tim).post(
        url("indicator_create", versions["draft"].pk), indicator_post(floor="1", target="0.9")
    )

    assert response.context["form"].errors["target"]


def test_a_change_in_a_copy_without_a_reason_is_shown_on_the_rationale(versions, as_user, tim):
    version = versions["consultation"]
    indicator = Indicator.objects.get(version=version, code="hasil-1")
    client = as_user(tim)
    form = client.get(url("indicator_update", version.pk, indicator.pk)).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "shaped_by"
    }
    for number in range(1, 6):
        data.setdefault(f"descriptor_{number}", "")
        data.setdefault(f"level_{number}", str(number))

    refused = client.post(
        url("indicator_update", version.pk, indicator.pk), {**data, "target": "0.95"}
    )
    saved = client.post(
        url("indicator_update", version.pk, indicator.pk),
        {**data, "target": "0.95", "rationale": "Target naik atas usulan loket"},
    )

    assert "2025 v1" in refused.context["form"].errors["rationale"][0]
    assert saved.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target, indicator.rationale) == (D("0.95"), "Target naik atas usulan loket")


def test_the_indicator_form_shows_a_worked_example(versions, as_user, tim):
    version = versions["draft"]
    indicator = Indicator.objects.get(version=version, code="hasil-1")

    response = as_user(tim).get(url("indicator_update", version.pk, indicator.pk))

    assert response.context["form"].initial["target"] == D("0.9")
    assert "90% → 100 points" in text(response)
    assert "70% → 50 points" in text(response)


def test_the_team_deletes_an_indicator_after_confirming(versions, as_user, tim):
    version = versions["draft"]
    indicator = Indicator.objects.get(version=version, code="hasil-2")
    client = as_user(tim)

    confirm = client.get(url("indicator_delete", version.pk, indicator.pk))
    response = client.post(url("indicator_delete", version.pk, indicator.pk))

    assert "Delete this indicator" in text(confirm)
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_indicator_of_another_version_is_not_found(versions, as_user, tim):
    other = Indicator.objects.get(version=versions["draft"], code="hasil-1")

    response = as_user(tim).get(url("indicator_update", versions["consultation"].pk, other.pk))

    assert response.status_code == 404


# -- comprehension check ------------------------------------------------------------------


def check_post(**overrides) -> dict[str, str]:
    data = {
        "q1_text": "Berapa jumlah bobot hasil?",
        "q1_choice_1": "50",
        "q1_choice_2": "",
        "q1_choice_3": "100",
        "q1_choice_4": "",
        "q1_correct": "3",
        "q1_explanation": "Selalu 100",
    }
    data.update(overrides)
    return data


def test_the_team_saves_the_comprehension_check(versions, as_user, tim):
    version = versions["draft"]

    response = as_user(tim).post(url("check_update", version.pk), check_post())

    assert response.status_code == 302
    assert list(
        ComprehensionQuestion.objects.filter(version=version).values_list(
            "text", "choices", "correct_choice", "explanation"
        )
    ) == [("Berapa jumlah bobot hasil?", ["50", "100"], 1, "Selalu 100")]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"q1_correct": "2"}, "q1_correct"),  # marks a blank choice
        ({"q1_correct": ""}, "q1_correct"),
        ({"q1_text": ""}, "q1_text"),
        ({"q1_choice_3": ""}, "q1_choice_1"),  # one choice only
    ],
)
def test_an_incomplete_question_is_shown_on_its_field(versions, as_user, tim, overrides, field):
    response = as_user(tim).post(url("check_update", versions["draft"].pk), check_post(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ComprehensionQuestion.objects.exists()


def test_the_check_form_shows_the_stored_questions(versions, as_user, tim):
    version = versions["draft"]
    save_comprehension_check(
        actor=tim, version=version, questions=[QuestionInput("Apa?", ["a", "b", "c"], 2, "c")]
    )

    form = as_user(tim).get(url("check_update", version.pk)).context["form"]

    assert form.initial == {
        "q1_text": "Apa?",
        "q1_choice_1": "a",
        "q1_choice_2": "b",
        "q1_choice_3": "c",
        "q1_correct": "3",
        "q1_explanation": "c",
    }


# -- the lifecycle ------------------------------------------------------------------------


def test_the_publish_confirmation_says_what_will_happen(org, hr_admin, as_user):
    # given: 2026 v1 in force, and v2 adopted
    current = published_version(hr_admin, org.kecamatan, year=2026, title="Kriteria 2026")
    revision = create_version(actor=hr_admin, year=2026, title="Revisi", based_on=current)
    revision = move_version(actor=hr_admin, version=revision, to=Stage.ADOPTED)
    client = as_user(hr_admin)

    # when
    confirm = client.get(url("version_move", revision.pk), {"to": "DITERBITKAN"})
    done = client.post(url("version_move", revision.pk), {"to": "DITERBITKAN", "note": "SK 7"})

    # then
    preview = confirm.context["preview"]
    assert (preview.acknowledgements, preview.replaces) == (6, current)
    assert "6 employees in scope get an acknowledgement task" in text(confirm)
    assert "2026 v1 (Kriteria 2026), now in force for the same year, is retired." in text(confirm)
    assert done["Location"] == url("version_detail", revision.pk)
    assert dict(CriteriaVersion.objects.values_list("pk", "status")) == {
        current.pk: "DIARSIPKAN",
        revision.pk: "DITERBITKAN",
    }
    assert AuditEvent.objects.order_by("-seq").first().changes["note"] == "SK 7"


def test_the_adoption_confirmation_lists_the_problems_and_offers_no_button(org, hr_admin, as_user):
    version = complete_version(hr_admin, org.kecamatan, weights=(50,))

    response = as_user(hr_admin).get(url("version_move", version.pk), {"to": "DISAHKAN"})

    assert response.context["preview"].problems
    assert "add up to 50; they must add up to 100" in text(response)
    assert 'name="to"' not in text(response)


def test_a_move_the_lifecycle_does_not_allow_goes_back_with_a_message(versions, as_user, hr_admin):
    version = versions["draft"]

    response = as_user(hr_admin).post(
        url("version_move", version.pk), {"to": "DIARSIPKAN"}, follow=True
    )

    assert "cannot become retired" in text(response)
    version.refresh_from_db()
    assert version.status == "DRAFT"


def test_an_unknown_stage_is_not_found(versions, as_user, hr_admin):
    response = as_user(hr_admin).get(url("version_move", versions["draft"].pk), {"to": "SELESAI"})

    assert response.status_code == 404


def test_the_team_deletes_a_draft_after_confirming(versions, as_user, tim):
    draft = versions["draft"]
    client = as_user(tim)

    confirm = client.get(url("version_delete", draft.pk))
    response = client.post(url("version_delete", draft.pk))

    assert confirm.context["deletable"]
    assert response["Location"] == url("version_list")
    assert not CriteriaVersion.objects.filter(pk=draft.pk).exists()


def test_a_version_past_draft_is_not_deleted(versions, as_user, tim):
    version = versions["consultation"]

    confirm = as_user(tim).get(url("version_delete", version.pk))
    as_user(tim).post(url("version_delete", version.pk))

    assert not confirm.context["deletable"]
    assert CriteriaVersion.objects.filter(pk=version.pk).exists()


# -- the comparison -----------------------------------------------------------------------


def test_the_diff_shows_changes_in_words_with_their_reasons(versions, as_user, tim):
    # given: the copy raises a target, adds an indicator and changes a setting
    old, new = versions["published"], versions["consultation"]
    hasil_1 = Indicator.objects.get(version=new, code="hasil-1")
    save_indicator(
        actor=tim,
        version=new,
        data=results_indicator(
            "hasil-1", 50, target=D("0.95"), position_kinds=["PELAKSANA"], rationale="Usulan loket"
        ),
        indicator=hasil_1,
    )
    save_indicator(
        actor=tim,
        version=new,
        data=results_indicator("baru", 10, aspect="INOVASI", rationale="Inovasi dihargai"),
    )
    new.above_threshold = D(105)
    new.save()

    # when
    response = as_user(tim).get(url("version_diff"), {"a": old.pk, "b": new.pk})

    # then
    diff = response.context["diff"]
    page = text(response)
    assert [change.new.code for change in diff.changed] == ["hasil-1"]
    assert [indicator.code for indicator in diff.added] == ["baru"]
    assert '<th scope="row">Target (score 100)</th><td>0.9</td><td>0.95</td>' in page
    assert '<th scope="row">Weight (%)</th><td>60</td><td>50</td>' in page
    assert "<td>—</td><td>Executive staff (pelaksana)</td>" in page
    assert "Usulan loket" in page
    assert "Inovasi dihargai" in page
    assert "<td>110</td><td>105</td>" in page


def test_the_diff_of_a_copy_without_changes_says_so(versions, as_user, tim):
    old = versions["published"]
    new = create_version(actor=tim, year=2026, title=old.title, based_on=old)

    response = as_user(tim).get(url("version_diff"), {"a": old.pk, "b": new.pk})

    assert response.context["diff"].is_empty
    assert "No differences" in text(response)


def test_the_diff_refuses_one_version_twice(versions, as_user, tim):
    version = versions["published"]

    response = as_user(tim).get(url("version_diff"), {"a": version.pk, "b": version.pk})

    assert response.context["diff"] is None
    assert response.context["form"].non_field_errors()


def test_the_diff_refuses_versions_of_two_organisations(org, as_user):
    admin = UserFactory(username="superadmin", is_hr_admin=True)
    ours = create_version(actor=admin, year=2026, title="A", organization=org.kecamatan)
    theirs = create_version(actor=admin, year=2026, title="B", organization=org.other_org)

    response = as_user(admin).get(url("version_diff"), {"a": ours.pk, "b": theirs.pk})

    assert response.context["diff"] is None
    assert "same organisation" in text(response)


def test_the_diff_page_without_a_choice_invites_one(versions, as_user, pegawai):
    response = as_user(pegawai).get(url("version_diff"))

    assert response.status_code == 200
    assert response.context["diff"] is None
    assert "Choose an older and a newer version" in text(response)
