"""The appraiser's pages (Tim Saya → Penilaian) through the test client, with the personas
of the root conftest: kasi (atasan) appraises staf and rekan; camat (pimpinan) is above
them; lurah appraises nobody in PEL; admin is the HR admin."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from kinerja.appraisals.models import Evaluation, RubricScore
from kinerja.appraisals.tests.factories import (
    ABOVE,
    AS_EXPECTED,
    BELOW,
    criteria_in_force,
    opened_evaluation,
    period,
    rated_evaluation,
    submitted_evaluation,
)
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.criteria.models import Indicator
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.versions import create_version, move_version, save_indicator
from kinerja.criteria.tests.factories import results_indicator
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory
from kinerja.plans.tests.factories import Rhk, approved_plan
from kinerja.service_metrics.models import ServiceMetric

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
PERIOD = "2026-01"


def url(name: str, *args: object) -> str:
    return reverse(f"appraisals:{name}", args=args)


def team_url(code: str = PERIOD, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"period": code, **params}.items())
    return f"{url('team_evaluations')}?{query}"


def form_data(
    evaluation: Evaluation, *, rating: str = AS_EXPECTED, **overrides: str
) -> dict[str, str]:
    """What the rating form posts with every line rated ``rating``."""
    evaluation.refresh_from_db()
    data = {
        "revision": str(evaluation.revision),
        "results_rating": rating,
        "results_rating_reason": "",
        "behaviour_rating": rating,
        "behaviour_rating_reason": "",
        "notes": "",
    }
    for result in evaluation.result_ratings.all():
        data[f"result-{result.pk}"] = rating
        data[f"result-{result.pk}-feedback"] = ""
    for behaviour in evaluation.behaviour_ratings.all():
        data[f"behaviour-{behaviour.value}"] = rating
        data[f"behaviour-{behaviour.value}-feedback"] = ""
    data.update(overrides)
    return data


def message_levels(response) -> list[str]:
    return [message.level_tag for message in get_messages(response.wsgi_request)]


@pytest.fixture
def draft(org):
    return opened_evaluation(org.staf)


# -- the whole story ----------------------------------------------------------------------


def test_the_appraiser_opens_rates_and_submits_an_evaluation(org, client_as, atasan):
    # given staf's approved SKP and the criteria in force
    criteria_in_force(org.staf)
    approved_plan(org.staf, 2026)
    client = client_as(atasan)

    # when kasi finds staf on the team list of January 2026
    listing = client.get(team_url())
    html = listing.content.decode()
    assert listing.status_code == 200
    assert org.staf.nip in html
    assert url("evaluation_open", org.staf.pk, PERIOD) in html

    # and opens the evaluation
    opened = client.post(url("evaluation_open", org.staf.pk, PERIOD))
    evaluation = Evaluation.objects.get(employee=org.staf, period__code=PERIOD)
    assert opened.status_code == 302
    assert opened["Location"] == url("evaluation_rate", evaluation.pk)

    # then the rating page shows the RHK, the seven values and the two ratings
    page = client.get(url("evaluation_rate", evaluation.pk))
    html = page.content.decode()
    assert page.status_code == 200
    line = evaluation.result_ratings.get()
    for name in (
        f'name="result-{line.pk}"',
        f'name="result-{line.pk}-feedback"',
        'name="behaviour-BERORIENTASI_PELAYANAN"',
        'name="behaviour-KOLABORATIF-feedback"',
        'name="results_rating"',
        'name="behaviour_rating_reason"',
        f'name="revision" value="{evaluation.revision}"',
        evaluation.criteria_version.label,
        line.text,
    ):
        assert name in html

    # when kasi rates everything as expected and asks to submit
    saved = client.post(
        url("evaluation_rate", evaluation.pk),
        form_data(evaluation, notes="Pertahankan", action="ajukan"),
    )
    assert saved.status_code == 302
    assert saved["Location"] == url("evaluation_submit", evaluation.pk)
    evaluation.refresh_from_db()
    assert evaluation.matrix_predicate == "BAIK"
    assert evaluation.notes == "Pertahankan"

    # then the checklist is clear and the confirmation submits it
    confirm = client.get(saved["Location"])
    assert confirm.status_code == 200
    assert confirm.context["problems"] == []
    submitted = client.post(saved["Location"], {"revision": evaluation.revision})
    assert submitted.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED.value
    assert evaluation.final_predicate == "BAIK"

    # and the rating page is read-only now, offering to reopen it
    after = client.get(url("evaluation_rate", evaluation.pk)).content.decode()
    assert 'name="results_rating"' not in after
    assert url("evaluation_reopen", evaluation.pk) in after


def test_saving_stays_on_the_page_with_a_confirmation(org, client_as, atasan, draft):
    response = client_as(atasan).post(
        url("evaluation_rate", draft.pk), form_data(draft, rating=ABOVE, action="simpan")
    )

    assert response.status_code == 302
    assert response["Location"] == url("evaluation_rate", draft.pk)
    assert message_levels(response) == ["success"]
    draft.refresh_from_db()
    assert draft.results_rating == ABOVE
    assert draft.matrix_predicate == "SANGAT_BAIK"


# -- who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staf", "rekan", "lurah", "asing"])
def test_people_who_may_not_read_it_get_404(org, client_as, draft, persona):
    client = client_as(getattr(org, persona).user)

    assert client.get(url("evaluation_rate", draft.pk)).status_code == 404
    assert client.post(url("evaluation_rate", draft.pk), form_data(draft)).status_code == 404
    for step in ("evaluation_submit", "evaluation_reopen"):
        assert client.get(url(step, draft.pk)).status_code == 404
        assert client.post(url(step, draft.pk), {"revision": 1}).status_code == 404


def test_an_outsider_gets_404(client_as, outsider, draft):
    client = client_as(outsider)

    assert client.get(url("evaluation_rate", draft.pk)).status_code == 404
    assert client.get(url("team_evaluations")).status_code == 404


@pytest.mark.parametrize("persona", ["camat", "admin"])
def test_readers_who_do_not_rate_are_sent_to_the_evaluation_page(org, client_as, draft, persona):
    client = client_as(getattr(org, persona).user)

    response = client.get(url("evaluation_rate", draft.pk))

    assert response.status_code == 302
    assert response["Location"] == url("evaluation_detail", draft.pk)


@pytest.mark.parametrize("persona", ["camat", "admin"])
def test_readers_who_do_not_rate_get_403_on_every_step(org, client_as, draft, persona):
    client = client_as(getattr(org, persona).user)
    before = draft.revision

    assert client.post(url("evaluation_rate", draft.pk), form_data(draft)).status_code == 403
    assert client.post(url("evaluation_submit", draft.pk), {"revision": 1}).status_code == 403
    assert client.post(url("evaluation_reopen", draft.pk), {"revision": 1}).status_code == 403
    draft.refresh_from_db()
    assert draft.revision == before
    assert draft.results_rating == ""


def test_only_the_appraiser_opens_an_evaluation(org, client_as):
    criteria_in_force(org.staf)
    period(PERIOD)

    for persona in ("camat", "lurah", "rekan", "admin"):
        response = client_as(getattr(org, persona).user).post(
            url("evaluation_open", org.staf.pk, PERIOD)
        )
        assert response.status_code == 403, persona
    assert not Evaluation.objects.exists()


def test_opening_again_someone_elses_existing_evaluation_is_refused(org, client_as, draft):
    response = client_as(org.lurah.user).post(url("evaluation_open", org.staf.pk, PERIOD))

    assert response.status_code == 403


def test_opening_needs_an_evaluation_period(org, client_as, atasan):
    criteria_in_force(org.staf)
    period(PERIOD)

    response = client_as(atasan).post(url("evaluation_open", org.staf.pk, "2026-Q1"))

    assert response.status_code == 302
    assert response["Location"] == team_url("2026-Q1")
    assert message_levels(response) == ["error"]
    assert not Evaluation.objects.exists()


def test_opening_is_post_only_and_unknown_targets_are_404(org, client_as, atasan):
    period(PERIOD)
    client = client_as(atasan)

    assert client.get(url("evaluation_open", org.staf.pk, PERIOD)).status_code == 405
    assert client.post(url("evaluation_open", 999_999, PERIOD)).status_code == 404
    assert client.post(url("evaluation_open", org.staf.pk, "2031-01")).status_code == 404


def test_the_hr_admin_opens_the_evaluation_of_someone_without_a_supervisor(
    org, client_as, hr_admin
):
    criteria_in_force(org.camat)
    period(PERIOD)
    client = client_as(hr_admin)

    listing = client.get(team_url()).content.decode()
    response = client.post(url("evaluation_open", org.camat.pk, PERIOD))

    assert url("evaluation_open", org.camat.pk, PERIOD) in listing
    evaluation = Evaluation.objects.get(employee=org.camat)
    assert evaluation.appraiser is None
    assert response["Location"] == url("evaluation_rate", evaluation.pk)
    assert client.get(response["Location"]).status_code == 200


# -- the rating form ----------------------------------------------------------------------


def test_a_stale_revision_keeps_what_was_typed_and_changes_nothing(org, client_as, atasan, draft):
    # given someone saved the evaluation after kasi's page was read
    client = client_as(atasan)
    old = form_data(draft)
    client.post(
        url("evaluation_rate", draft.pk), form_data(draft, notes="Disimpan duluan"), follow=True
    )
    draft.refresh_from_db()
    stored_revision = draft.revision

    # when kasi saves the page read before
    response = client.post(
        url("evaluation_rate", draft.pk), {**old, "notes": "Catatan yang diketik"}
    )

    # then nothing changes, the message says why and the typed text is still there
    assert response.status_code == 200
    assert response.context["stale"] is True
    assert message_levels(response) == ["error"]
    html = response.content.decode()
    assert "Catatan yang diketik" in html
    assert 'id="stale-notice"' in html
    assert f'name="revision" value="{stored_revision}"' in html
    draft.refresh_from_db()
    assert draft.notes == "Disimpan duluan"
    assert draft.revision == stored_revision


def test_a_refusal_of_the_service_lands_next_to_its_field(org, client_as, atasan, draft):
    line = draft.result_ratings.get()

    response = client_as(atasan).post(
        url("evaluation_rate", draft.pk), form_data(draft, **{f"result-{line.pk}": "HEBAT"})
    )

    assert response.status_code == 200
    assert response.context["form"].errors[f"result-{line.pk}"]
    assert f'id="id_result-{line.pk}_error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.results_rating == ""


def test_submitting_an_unrated_evaluation_lists_what_is_missing(org, client_as, atasan, draft):
    client = client_as(atasan)

    page = client.get(url("evaluation_submit", draft.pk))
    refused = client.post(url("evaluation_submit", draft.pk), {"revision": draft.revision})

    fields = [field for field, _message in page.context["problems"]]
    assert "results_rating" in fields
    assert any(field.startswith("result-") for field in fields)
    assert 'id="submission-problems"' in page.content.decode()
    assert refused.status_code == 200
    assert refused.context["error"]
    draft.refresh_from_db()
    assert draft.status == EvaluationStatus.DRAFT.value


def test_a_departure_without_reason_is_refused_at_submission(org, client_as, atasan, draft):
    # given every value rated as expected but the behaviour rating set above
    client = client_as(atasan)
    client.post(url("evaluation_rate", draft.pk), form_data(draft, behaviour_rating=ABOVE))
    draft.refresh_from_db()

    page = client.get(url("evaluation_submit", draft.pk))

    assert [field for field, _ in page.context["problems"]] == ["behaviour_rating_reason"]
    assert f"{url('evaluation_rate', draft.pk)}#id_behaviour_rating_reason" in (
        page.content.decode()
    )


def test_a_submitted_evaluation_is_read_only_and_refuses_a_save(org, client_as, atasan):
    evaluation = submitted_evaluation(org.staf)
    client = client_as(atasan)

    response = client.post(
        url("evaluation_rate", evaluation.pk), form_data(evaluation, rating=BELOW)
    )

    assert response.status_code == 302
    assert message_levels(response) == ["error"]
    evaluation.refresh_from_db()
    assert evaluation.results_rating == AS_EXPECTED
    assert client.get(url("evaluation_submit", evaluation.pk)).status_code == 302


def test_reopening_asks_for_confirmation_first(org, client_as, atasan):
    evaluation = submitted_evaluation(org.staf)
    client = client_as(atasan)

    confirm = client.get(url("evaluation_reopen", evaluation.pk))
    evaluation.refresh_from_db()
    assert confirm.status_code == 200
    assert evaluation.status == EvaluationStatus.SUBMITTED.value

    done = client.post(url("evaluation_reopen", evaluation.pk), {"revision": evaluation.revision})

    assert done["Location"] == url("evaluation_rate", evaluation.pk)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT.value
    assert evaluation.final_predicate == ""


def test_reopening_with_an_old_revision_is_refused(org, client_as, atasan):
    evaluation = submitted_evaluation(org.staf)

    response = client_as(atasan).post(
        url("evaluation_reopen", evaluation.pk), {"revision": evaluation.revision - 1}
    )

    assert response["Location"] == url("evaluation_reopen", evaluation.pk)
    assert message_levels(response) == ["error"]
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED.value


def test_a_draft_cannot_be_reopened(org, client_as, atasan, draft):
    response = client_as(atasan).post(url("evaluation_reopen", draft.pk), {"revision": 1})

    assert response.status_code == 302
    assert message_levels(response) == ["info"]


# -- the team list ------------------------------------------------------------------------


def test_the_team_list_shows_where_each_evaluation_stands(org, client_as, atasan):
    submitted = submitted_evaluation(org.staf, behaviour=ABOVE, results=ABOVE)

    response = client_as(atasan).get(team_url())

    rows = {row.employee.pk: row for row in response.context["rows"]}
    assert set(rows) == {org.staf.pk, org.rekan.pk}
    assert rows[org.staf.pk].evaluation == submitted
    assert rows[org.staf.pk].action == "review"
    assert rows[org.staf.pk].has_approved_skp
    assert rows[org.staf.pk].final_predicate_label
    assert rows[org.rekan.pk].evaluation is None
    assert rows[org.rekan.pk].action == "open"
    html = response.content.decode()
    assert 'data-status="DIAJUKAN"' in html
    assert 'data-status="BELUM"' in html


def test_the_team_list_searches_by_name_or_nip(org, client_as, atasan):
    period(PERIOD)
    client = client_as(atasan)

    by_name = client.get(team_url(q="rek")).context["rows"]
    by_nip = client.get(team_url(q=org.staf.nip[:12])).context["rows"]
    nobody = client.get(team_url(q="zzz"))

    assert [row.employee for row in by_name] == [org.rekan]
    assert org.staf in [row.employee for row in by_nip]
    assert 'id="no-match"' in nobody.content.decode()


def test_the_team_list_offers_only_evaluation_periods(org, client_as, atasan):
    period(PERIOD)

    response = client_as(atasan).get(team_url())

    codes = [p.code for p in response.context["periods"]]
    assert PERIOD in codes
    assert "2026" in codes
    assert "2026-Q1" not in codes


def test_the_team_list_opens_on_the_latest_started_period(org, client_as, atasan):
    period(PERIOD)

    with time_machine.travel(datetime(2026, 3, 15, 9, tzinfo=JAKARTA), tick=False):
        response = client_as(atasan).get(url("team_evaluations"))

    assert response.context["period"].code == "2026-03"


def test_someone_without_reports_sees_an_empty_state(org, client_as, pegawai):
    period(PERIOD)

    response = client_as(pegawai).get(team_url())

    assert response.status_code == 200
    assert 'id="no-team"' in response.content.decode()


def test_without_a_performance_year_the_list_says_so(org, client_as, atasan):
    response = client_as(atasan).get(url("team_evaluations"))

    assert response.status_code == 200
    assert 'id="no-period"' in response.content.decode()


def test_the_team_list_pages_keep_the_period_and_the_search(org, client_as, atasan):
    period(PERIOD)
    for number in range(30):
        EmployeeFactory(
            name=f"Pegawai {number:02d}",
            supervisor=org.kasi,
            position=PositionFactory(unit=org.pelayanan),
        )

    response = client_as(atasan).get(team_url(q="Pegawai"))

    assert len(response.context["rows"]) == 25
    html = response.content.decode()
    assert "period=2026-01" in html
    assert "q=Pegawai" in html
    assert "page=2" in html


def _more_reports(org, count: int) -> None:
    for number in range(count):
        member = EmployeeFactory(
            name=f"Anggota {count}-{number}",
            supervisor=org.kasi,
            position=PositionFactory(unit=org.pelayanan),
        )
        if number % 2:
            opened_evaluation(member, with_plan=False)


def test_the_team_list_reads_a_fixed_number_of_queries(
    org, client_as, atasan, django_assert_max_num_queries
):
    # given three reports (one evaluated), then fifteen (seven evaluated)
    criteria_in_force(org.staf)
    period(PERIOD)
    rated_evaluation(org.staf)
    _more_reports(org, 1)
    client = client_as(atasan)
    assert len(client.get(team_url()).context["rows"]) == 3

    with django_assert_max_num_queries(20) as small:
        client.get(team_url())
    # Counted now: the connection keeps a bounded log, which the setup below rotates.
    small_count = len(small.captured_queries)
    _more_reports(org, 12)
    assert len(client.get(team_url()).context["rows"]) == 15

    # then the bigger team costs no more queries
    with django_assert_max_num_queries(small_count):
        client.get(team_url())


# -- what the rating page shows -----------------------------------------------------------


def test_the_rating_page_shows_each_line_of_the_score_and_those_left_out(org, client_as, atasan):
    # given criteria on the on-time rate (40), the first-time-right rate (40) and a rubric
    # (20), and January's figures: 90 % on time (100), 70 % right first time (50)
    actor = org.admin.user
    version = create_version(
        actor=actor, year=2026, title="Kriteria uji", organization=org.kecamatan
    )
    for data in (
        results_indicator("hasil-1", 40),
        results_indicator("hasil-2", 40, source=Indicator.Source.SERVICE_FIRST_TIME_RIGHT),
        results_indicator(
            "rubrik-1",
            20,
            source=Indicator.Source.SUPERVISOR_RUBRIC,
            floor=Decimal(1),
            target=Decimal(3),
            ceiling=Decimal(5),
            levels=[(level, f"Tingkat {level}") for level in range(1, 6)],
        ),
    ):
        save_indicator(actor=actor, version=version, data=data)
    move_version(actor=actor, version=version, to=Stage.ADOPTED)
    move_version(actor=actor, version=version, to=Stage.PUBLISHED)
    ServiceMetric.objects.create(
        employee=org.staf,
        period=PERIOD,
        period_kind="MONTH",
        tasks_completed=10,
        on_time=9,
        first_time_right=7,
        computed_at=timezone.now(),
    )
    evaluation = opened_evaluation(org.staf)

    # when kasi opens the rating page before choosing a rubric level
    response = client_as(atasan).get(url("evaluation_rate", evaluation.pk))

    # then the rubric line is left out and the other two share its weight
    page = response.context["page"]
    rows = {row.code: row for row in page.score_rows}
    assert (rows["hasil-1"].score, rows["hasil-1"].counted_weight) == (100, 50)
    assert (rows["hasil-2"].score, rows["hasil-2"].counted_weight) == (50, 50)
    assert not rows["rubrik-1"].is_counted
    assert page.score.total == evaluation.results_score == Decimal("75.00")
    html = response.content.decode()
    assert 'data-code="hasil-1"' in html
    assert 'class="score-left-out" data-code="rubrik-1"' in html
    # where the on-time rate came from: 9 of the 10 tasks completed in January
    assert all(part in rows["hasil-1"].detail for part in ("9", "10", PERIOD))
    assert rows["hasil-1"].detail in html


def test_a_line_without_data_is_shown_as_left_out(org, client_as, atasan, draft):
    response = client_as(atasan).get(url("evaluation_rate", draft.pk))

    page = response.context["page"]
    assert page.score_rows
    assert all(not row.is_counted for row in page.score_rows)
    assert page.score.total is None
    assert 'class="score-left-out"' in response.content.decode()


def test_a_rubric_indicator_gets_a_level_select(org, client_as, atasan):
    # given criteria with an indicator the appraiser scores on a five-level rubric
    actor = org.admin.user
    version = create_version(actor=actor, year=2026, title="Rubrik", organization=org.kecamatan)
    save_indicator(actor=actor, version=version, data=results_indicator("hasil-1", 50))
    rubric = save_indicator(
        actor=actor,
        version=version,
        data=results_indicator(
            "rubrik-1",
            50,
            source=Indicator.Source.SUPERVISOR_RUBRIC,
            floor=Decimal(1),
            target=Decimal(3),
            ceiling=Decimal(5),
            levels=[(level, f"Tingkat {level}") for level in range(1, 6)],
        ),
    )
    move_version(actor=actor, version=version, to=Stage.ADOPTED)
    move_version(actor=actor, version=version, to=Stage.PUBLISHED)
    evaluation = opened_evaluation(org.staf)
    client = client_as(atasan)

    # when kasi reads the page and chooses level 4
    page = client.get(url("evaluation_rate", evaluation.pk)).content.decode()
    saved = client.post(
        url("evaluation_rate", evaluation.pk),
        form_data(evaluation, **{f"rubric-{rubric.pk}": "4"}),
    )
    refused = client.post(
        url("evaluation_rate", evaluation.pk),
        form_data(evaluation, **{f"rubric-{rubric.pk}": "9"}),
    )

    # then the level counts, and a level the rubric does not have is refused at the select
    assert f'name="rubric-{rubric.pk}"' in page
    assert 'name="rubric-' not in page.replace(f'name="rubric-{rubric.pk}"', "")
    assert saved.status_code == 302
    assert RubricScore.objects.get(evaluation=evaluation).level == 4
    assert refused.status_code == 200
    assert refused.context["form"].errors[f"rubric-{rubric.pk}"]


def test_the_rating_page_reads_a_fixed_number_of_queries(
    org, client_as, atasan, django_assert_max_num_queries
):
    criteria_in_force(org.staf)
    approved_plan(org.staf, 2026, results=[Rhk("Satu")])
    approved_plan(org.rekan, 2026, results=[Rhk(f"RHK {number}") for number in range(10)])
    small = opened_evaluation(org.staf)
    large = opened_evaluation(org.rekan)
    client = client_as(atasan)
    client.get(url("evaluation_rate", small.pk))

    with django_assert_max_num_queries(25) as small_run:
        client.get(url("evaluation_rate", small.pk))
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        response = client.get(url("evaluation_rate", large.pk))
    assert len(response.context["form"].result_lines) == 10
