"""Continuous feedback: only the appraiser gives it, on a submitted or approved SKP, about
one RHK or one BerAKHLAK value; the employee sees it at once and replies; each side is
notified; the pages read a fixed number of queries."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.notifications.models import Notification
from kinerja.organization.models import Period
from kinerja.plans.models import Feedback, FeedbackReply, PerformancePlan, WorkResult
from kinerja.plans.services.feedback import FeedbackRefused, give_feedback, reply_to_feedback
from kinerja.plans.tests.factories import (
    approved_plan,
    draft_plan,
    performance_year,
    returned_plan,
    submitted_plan,
)

WIB = ZoneInfo("Asia/Jakarta")
TODAY = datetime(2026, 4, 15, 10, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def plan(org) -> PerformancePlan:
    return approved_plan(org.staf, 2026)


def rhk_of(plan: PerformancePlan) -> WorkResult:
    return plan.results.order_by("pk").first()


def give(plan, text="Berkas KTP diselesaikan lebih cepat, pertahankan.", **subject):
    if "work_result" not in subject and "behaviour_value" not in subject:
        subject["work_result"] = rhk_of(plan)
    return give_feedback(actor=plan.appraiser.user, plan=plan, text=text, **subject)


# -- give_feedback -------------------------------------------------------------------------


def test_the_appraiser_gives_feedback_on_an_rhk_and_the_employee_is_told(org, plan):
    Notification.objects.all().delete()

    feedback = give(plan, period=Period.objects.get(code="2026-03"))

    assert feedback.author == org.kasi.user
    assert feedback.work_result == rhk_of(plan)
    assert feedback.period.code == "2026-03"
    event = AuditEvent.objects.get(action=AuditAction.FEEDBACK_GIVEN)
    assert event.actor == org.kasi.user
    assert event.changes["period"] == "2026-03"
    (notification,) = Notification.objects.all()
    assert notification.recipient == org.staf.user
    assert notification.url == f"{reverse('plans:my_feedback')}#feedback-{feedback.pk}"


def test_feedback_on_a_berakhlak_value(plan):
    feedback = give(plan, behaviour_value="KOLABORATIF")

    assert feedback.work_result is None
    assert feedback.get_behaviour_value_display() == "Kolaboratif"


def test_feedback_on_a_submitted_plan(org):
    plan = submitted_plan(org.rekan, 2026)

    assert give(plan).plan == plan


@pytest.mark.usefixtures("_english_messages")
@pytest.mark.parametrize("make", [draft_plan, returned_plan])
def test_no_feedback_on_a_plan_still_being_written(org, make):
    plan = make(org.rekan, 2026)
    plan.refresh_from_db()

    with pytest.raises(FeedbackRefused, match="on a submitted or approved SKP"):
        give_feedback(actor=org.kasi.user, plan=plan, text="Catatan", behaviour_value="AKUNTABEL")
    assert not Feedback.objects.exists()


@pytest.mark.usefixtures("_english_messages")
@pytest.mark.parametrize("who", ["staf", "rekan", "camat", "admin", "asing"])
def test_only_the_appraiser_gives_feedback(org, plan, who):
    with pytest.raises(PermissionDenied, match="Only the employee's appraiser"):
        give_feedback(
            actor=getattr(org, who).user, plan=plan, text="Catatan", work_result=rhk_of(plan)
        )
    assert not Feedback.objects.exists()


@pytest.mark.usefixtures("_english_messages")
def test_feedback_is_about_exactly_one_thing(org, plan):
    other_rhk = rhk_of(approved_plan(org.rekan, 2026))
    with pytest.raises(FeedbackRefused, match="Choose one RHK or one BerAKHLAK value"):
        give(plan, work_result=rhk_of(plan), behaviour_value="LOYAL")
    with pytest.raises(FeedbackRefused, match="Choose one RHK"):
        give(plan, work_result=None, behaviour_value="")
    with pytest.raises(FeedbackRefused, match="not part of this SKP"):
        give(plan, work_result=other_rhk)
    with pytest.raises(FeedbackRefused, match="one of the BerAKHLAK values"):
        give(plan, behaviour_value="RAJIN")
    with pytest.raises(FeedbackRefused, match="Write the feedback first") as refused:
        give(plan, text="   ")
    assert refused.value.field == "text"
    assert not Feedback.objects.exists()


@pytest.mark.usefixtures("_english_messages")
def test_the_period_is_one_of_the_year_that_has_started(plan):
    performance_year(2025)
    with pytest.raises(FeedbackRefused, match="a period of the SKP's year"):
        give(plan, work_result=rhk_of(plan), period=Period.objects.get(code="2025-12"))
    with pytest.raises(FeedbackRefused, match="2026-06 has not started yet"):
        give(plan, work_result=rhk_of(plan), period=Period.objects.get(code="2026-06"))


# -- reply_to_feedback ---------------------------------------------------------------------


def test_the_employee_replies_and_the_appraiser_is_told(org, plan):
    feedback = give(plan)
    Notification.objects.all().delete()

    reply = reply_to_feedback(actor=org.staf.user, feedback=feedback, text="Siap, terima kasih.")

    assert reply.author == org.staf.user
    (notification,) = Notification.objects.all()
    assert notification.recipient == org.kasi.user
    assert notification.url.endswith(f"#feedback-{feedback.pk}")
    assert AuditEvent.objects.filter(action=AuditAction.FEEDBACK_REPLIED).count() == 1


def test_the_appraiser_answers_again_and_the_employee_is_told(org, plan):
    feedback = give(plan)
    reply_to_feedback(actor=org.staf.user, feedback=feedback, text="Kendalanya printer.")
    Notification.objects.all().delete()

    reply_to_feedback(actor=org.kasi.user, feedback=feedback, text="Printer baru minggu depan.")

    (notification,) = Notification.objects.all()
    assert notification.recipient == org.staf.user
    assert list(feedback.replies.values_list("author__username", flat=True)) == ["staf", "kasi"]


@pytest.mark.usefixtures("_english_messages")
@pytest.mark.parametrize("who", ["rekan", "camat", "admin"])
def test_others_do_not_reply(org, plan, who):
    feedback = give(plan)

    with pytest.raises(PermissionDenied):
        reply_to_feedback(actor=getattr(org, who).user, feedback=feedback, text="Ikut komentar")
    assert not FeedbackReply.objects.exists()


# -- pages ---------------------------------------------------------------------------------


def page_of(response) -> str:
    assert response.status_code == 200
    page: str = response.content.decode()
    return page


def test_the_employee_sees_feedback_as_soon_as_it_is_given_newest_first(org, plan, client_as):
    first = give(plan, text="Pertama")
    second = give(plan, text="Kedua", behaviour_value="ADAPTIF", work_result=None)
    reply_to_feedback(actor=org.staf.user, feedback=first, text="Balasan pertama")

    page = page_of(client_as(org.staf.user).get(reverse("plans:my_feedback")))

    assert page.index(f'data-feedback="{second.pk}"') < page.index(f'data-feedback="{first.pk}"')
    assert "Balasan pertama" in page
    reply_action = reverse("plans:feedback_reply", kwargs={"feedback_id": first.pk})
    assert f'action="{reply_action}"' in page
    assert f'id="reply-{first.pk}-text"' in page


def test_my_feedback_filters_by_topic_and_text(org, plan, client_as):
    on_rhk = give(plan, text="Tentang berkas")
    on_value = give(
        plan, text="Tentang kerja sama", behaviour_value="KOLABORATIF", work_result=None
    )
    client = client_as(org.staf.user)

    behaviour = page_of(client.get(reverse("plans:my_feedback"), {"topic": "perilaku"}))
    search = page_of(client.get(reverse("plans:my_feedback"), {"q": "berkas"}))

    assert f'data-feedback="{on_value.pk}"' in behaviour
    assert f'data-feedback="{on_rhk.pk}"' not in behaviour
    assert f'data-feedback="{on_rhk.pk}"' in search
    assert f'data-feedback="{on_value.pk}"' not in search


def test_someone_else_sees_nothing_of_staf_feedback_on_their_own_page(org, plan, client_as):
    give(plan)

    page = page_of(client_as(org.rekan.user).get(reverse("plans:my_feedback")))

    assert "data-feedback=" not in page


def test_the_employee_replies_through_the_page(org, plan, client_as):
    feedback = give(plan)

    response = client_as(org.staf.user).post(
        reverse("plans:feedback_reply", kwargs={"feedback_id": feedback.pk}),
        {"text": "Siap"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('plans:my_feedback')}#feedback-{feedback.pk}"
    assert FeedbackReply.objects.get().text == "Siap"


def test_an_empty_reply_shows_the_form_again(org, plan, client_as):
    feedback = give(plan)

    response = client_as(org.staf.user).post(
        reverse("plans:feedback_reply", kwargs={"feedback_id": feedback.pk}), {"text": " "}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not FeedbackReply.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("camat", 403), ("rekan", 404), ("asing", 404)])
def test_replies_from_outside_the_conversation_are_refused(org, plan, client_as, who, status):
    feedback = give(plan)

    response = client_as(getattr(org, who).user).post(
        reverse("plans:feedback_reply", kwargs={"feedback_id": feedback.pk}), {"text": "Hai"}
    )

    assert response.status_code == status
    assert not FeedbackReply.objects.exists()


def test_the_appraiser_gives_feedback_through_the_plan_page(org, plan, client_as):
    client = client_as(org.kasi.user)
    url = reverse("plans:plan_feedback", kwargs={"plan_id": plan.pk})
    create_url = reverse("plans:feedback_create", kwargs={"plan_id": plan.pk})

    page = page_of(client.get(url))
    response = client.post(
        create_url,
        {"about": f"rhk-{rhk_of(plan).pk}", "period": "2026-03", "text": "Bagus"},
    )

    assert f'action="{create_url}"' in page
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{url}#feedback-{feedback.pk}"
    assert feedback.period.code == "2026-03"
    assert feedback.work_result == rhk_of(plan)


def test_the_form_offers_values_and_only_started_periods(org, plan, client_as):
    response = client_as(org.kasi.user).get(
        reverse("plans:plan_feedback", kwargs={"plan_id": plan.pk})
    )

    form = response.context["form"]
    periods = [code for code, _label in form.fields["period"].choices if code]
    assert "2026-04" in [str(code) for code in periods]
    assert "2026-05" not in [str(code) for code in periods]
    page = page_of(response)
    assert 'value="nilai-BERORIENTASI_PELAYANAN"' in page


def test_a_refused_feedback_shows_the_form_again(org, plan, client_as):
    response = client_as(org.kasi.user).post(
        reverse("plans:feedback_create", kwargs={"plan_id": plan.pk}),
        {"about": "nilai-LOYAL", "text": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("who", ["staf", "camat", "admin"])
def test_only_the_appraiser_has_the_form(org, plan, client_as, who):
    client = client_as(getattr(org, who).user)

    page = page_of(client.get(reverse("plans:plan_feedback", kwargs={"plan_id": plan.pk})))
    post = client.post(
        reverse("plans:feedback_create", kwargs={"plan_id": plan.pk}),
        {"about": "nilai-LOYAL", "text": "Catatan"},
    )

    assert reverse("plans:feedback_create", kwargs={"plan_id": plan.pk}) not in page
    assert post.status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("who", ["rekan", "lurah", "asing", "outsider"])
def test_feedback_of_a_plan_is_hidden_outside_the_chain(org, plan, client_as, who):
    feedback = give(plan)
    client = client_as(org.outsider if who == "outsider" else getattr(org, who).user)

    assert client.get(reverse("plans:plan_feedback", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plans:feedback_reply", args=[feedback.pk])).status_code == 404
    assert (
        client.post(
            reverse("plans:feedback_create", args=[plan.pk]),
            {"about": "nilai-LOYAL", "text": "x"},
        ).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(plan, client):
    response = client.get(reverse("plans:my_feedback"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_feedback_pages_read_a_fixed_number_of_queries(org, plan, client_as):
    staf, kasi = client_as(org.staf.user), client_as(org.kasi.user)
    my_url = reverse("plans:my_feedback")
    plan_url = reverse("plans:plan_feedback", kwargs={"plan_id": plan.pk})
    for n in range(2):
        give(plan, text=f"Catatan {n}", period=Period.objects.get(code="2026-03"))
    small = (_queries(staf, my_url), _queries(kasi, plan_url))
    for n in range(15):
        feedback = give(plan, text=f"Lagi {n}", behaviour_value="LOYAL", work_result=None)
        reply_to_feedback(actor=org.staf.user, feedback=feedback, text="Siap")
        reply_to_feedback(actor=org.kasi.user, feedback=feedback, text="Baik")

    large = (_queries(staf, my_url), _queries(kasi, plan_url))

    assert large == small
