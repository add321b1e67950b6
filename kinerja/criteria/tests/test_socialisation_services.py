"""The socialisation services: acknowledging (with and without the comprehension check),
questions for the evaluation team and their answers, and reminders; who may do each,
what each writes, the audit event it leaves and whom it notifies (in the application,
and by e-mail when the deployment has e-mail on).

The helpers at the top are shared with the selector and view tests.
"""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import NotFound, PermissionDenied
from kinerja.criteria.models import Acknowledgement, CriteriaQuestion, CriteriaVersion, Indicator
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.socialisation import (
    AcknowledgementResult,
    SocialisationRefused,
    acknowledge,
    answer_question,
    ask_question,
    send_reminders,
)
from kinerja.criteria.services.versions import (
    QuestionInput,
    create_version,
    move_version,
    save_comprehension_check,
    save_indicator,
)
from kinerja.criteria.tests.factories import published_version, results_indicator
from kinerja.notifications.models import Notification
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory

CHECK = [
    QuestionInput("Berapa skor pada target?", ["0", "100", "120"], 1),
    QuestionInput("Siapa yang menilai perilaku?", ["Atasan", "Rekan"], 0),
    QuestionInput("Bobot hasil kerja berjumlah?", ["90", "100"], 1),
]
RIGHT = [1, 0, 1]


@pytest.fixture(autouse=True)
def _english_messages():
    """The services' messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


def make_employee(
    unit: OrgUnit,
    username: str,
    *,
    kind: str = Position.Kind.PELAKSANA,
    email: str = "",
    **user_flags: bool,
) -> Employee:
    user = UserFactory(username=username, first_name=username.title(), email=email, **user_flags)
    position = PositionFactory(name=f"Jabatan {username}", kind=kind, unit=unit)
    return EmployeeFactory(name=username.title(), position=position, user=user)


def publish(actor: User, version: CriteriaVersion) -> CriteriaVersion:
    move_version(actor=actor, version=version, to=Stage.ADOPTED)
    return move_version(actor=actor, version=version, to=Stage.PUBLISHED)


def targeted_version(actor: User, organization: OrgUnit, *, check: bool = False) -> CriteriaVersion:
    """A published version whose results side differs by position and unit:

    - ``umum`` (60) for everyone;
    - ``loket`` (40) for pelaksana in Seksi Pelayanan (staf, rekan);
    - ``pimpinan`` (40) for administrators and pengawas (camat, kasi, lurah);
    - ``sekretariat`` (40) for pelaksana in the secretariat (admin).
    """
    version = create_version(
        actor=actor, year=2026, title="Kriteria 2026", organization=organization
    )
    indicators = [
        results_indicator("umum", 60, name="Ketepatan waktu layanan"),
        results_indicator(
            "loket",
            40,
            name="Layanan tepat pertama",
            source=Indicator.Source.SERVICE_FIRST_TIME_RIGHT,
            position_kinds=[Position.Kind.PELAKSANA],
            unit_codes=["PEL"],
        ),
        results_indicator(
            "pimpinan",
            40,
            name="Capaian IKI unit",
            source=Indicator.Source.IKI_ACHIEVEMENT,
            position_kinds=[Position.Kind.ADMINISTRATOR, Position.Kind.PENGAWAS],
        ),
        results_indicator(
            "sekretariat",
            40,
            name="Ketertiban administrasi",
            source=Indicator.Source.IKI_ACHIEVEMENT,
            position_kinds=[Position.Kind.PELAKSANA],
            unit_codes=["SEK"],
        ),
    ]
    for order, data in enumerate(indicators):
        save_indicator(actor=actor, version=version, data=replace(data, order=order))
    if check:
        save_comprehension_check(actor=actor, version=version, questions=CHECK)
    return publish(actor, version)


def events(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def task_of(employee: Employee, version: CriteriaVersion) -> Acknowledgement:
    return Acknowledgement.objects.get(employee=employee, version=version)


@pytest.fixture
def version(org, hr_admin) -> CriteriaVersion:
    """This year's published version, for everyone in the organisation, without a check."""
    return published_version(hr_admin, org.kecamatan)


@pytest.fixture
def checked(org, hr_admin) -> CriteriaVersion:
    """This year's published version with a three-question comprehension check."""
    return targeted_version(hr_admin, org.kecamatan, check=True)


@pytest.fixture
def tim(org) -> User:
    """A member of the evaluation team, working in the secretariat."""
    return make_employee(org.sekretariat, "tim.evaluasi", is_evaluation_team=True).user


# -- acknowledging -----------------------------------------------------------------------


def test_publishing_gives_everyone_in_scope_a_task(org, version):
    employees = set(
        Acknowledgement.objects.filter(version=version).values_list("employee__name", flat=True)
    )

    assert employees == {"Camat", "Admin", "Kasi", "Staf", "Rekan", "Lurah"}


def test_acknowledging_without_a_check_records_the_moment_and_an_audit_event(org, pegawai, version):
    result = acknowledge(actor=pegawai, version=version)

    assert result == AcknowledgementResult(acknowledged=True, wrong=[])
    task = task_of(org.staf, version)
    assert task.acknowledged_at is not None
    assert task.failed_attempts == 0
    (event,) = events(AuditAction.CRITERIA_ACKNOWLEDGED)
    assert event.actor == pegawai
    assert event.target_type == "criteria.acknowledgement"
    assert event.target_id == str(task.pk)
    assert event.changes["version"] == version.label
    # Nobody else's task moved.
    assert Acknowledgement.objects.filter(acknowledged_at__isnull=False).count() == 1


def test_the_right_answers_acknowledge(org, pegawai, checked):
    result = acknowledge(actor=pegawai, version=checked, answers=RIGHT)

    assert result.acknowledged
    assert task_of(org.staf, checked).acknowledged_at is not None
    assert events(AuditAction.CRITERIA_ACKNOWLEDGED)[0].changes["questions"] == 3


@pytest.mark.parametrize(
    ("answers", "wrong"),
    [([0, 0, 1], [1]), ([1, 1, 0], [2, 3]), ([1, 0], [3]), (None, [1, 2, 3]), ([], [1, 2, 3])],
)
def test_a_wrong_or_missing_answer_counts_a_failed_attempt_and_nothing_else(
    org, pegawai, checked, answers, wrong
):
    result = acknowledge(actor=pegawai, version=checked, answers=answers)

    assert result == AcknowledgementResult(acknowledged=False, wrong=wrong)
    task = task_of(org.staf, checked)
    assert task.acknowledged_at is None
    assert task.failed_attempts == 1
    (event,) = events(AuditAction.CRITERIA_CHECK_FAILED)
    assert event.actor == pegawai
    assert event.changes == {"wrong": wrong, "attempt": 1}
    assert not events(AuditAction.CRITERIA_ACKNOWLEDGED)


def test_an_employee_may_retry_the_check_until_it_is_passed(org, pegawai, checked):
    acknowledge(actor=pegawai, version=checked, answers=[0, 0, 0])
    acknowledge(actor=pegawai, version=checked, answers=[1, 1, 1])
    result = acknowledge(actor=pegawai, version=checked, answers=RIGHT)

    assert result.acknowledged
    task = task_of(org.staf, checked)
    assert task.failed_attempts == 2
    assert len(events(AuditAction.CRITERIA_CHECK_FAILED)) == 2
    assert events(AuditAction.CRITERIA_ACKNOWLEDGED)[0].changes["failed_attempts"] == 2


def test_acknowledging_twice_is_refused(org, pegawai, version):
    acknowledge(actor=pegawai, version=version)
    first = task_of(org.staf, version).acknowledged_at

    with pytest.raises(SocialisationRefused, match="already acknowledged"):
        acknowledge(actor=pegawai, version=version)
    assert task_of(org.staf, version).acknowledged_at == first
    assert len(events(AuditAction.CRITERIA_ACKNOWLEDGED)) == 1


def test_an_employee_out_of_scope_has_nothing_to_acknowledge(org, version):
    newcomer = make_employee(org.pelayanan, "baru")  # joined after publication

    with pytest.raises(SocialisationRefused, match="no acknowledgement task"):
        acknowledge(actor=newcomer.user, version=version)
    assert not Acknowledgement.objects.filter(employee=newcomer).exists()


def test_an_employee_of_another_organisation_cannot_acknowledge(org, version):
    with pytest.raises(SocialisationRefused, match="no acknowledgement task"):
        acknowledge(actor=org.asing.user, version=version)


def test_an_account_without_an_employee_record_cannot_acknowledge(outsider, version):
    with pytest.raises(PermissionDenied):
        acknowledge(actor=outsider, version=version)


def test_a_retired_version_can_no_longer_be_acknowledged(org, hr_admin, pegawai, version):
    move_version(actor=hr_admin, version=version, to=Stage.RETIRED)

    with pytest.raises(SocialisationRefused, match="no longer in force"):
        acknowledge(actor=pegawai, version=version)
    assert task_of(org.staf, version).acknowledged_at is None


# -- questions for the evaluation team ---------------------------------------------------


def test_a_question_is_audited_and_notifies_the_team_of_the_organisation(
    org, pegawai, tim, version
):
    other_team = make_employee(org.other_org, "tim.lain", is_evaluation_team=True)
    former = make_employee(org.sekretariat, "tim.lama", is_evaluation_team=True)
    Employee.objects.filter(pk=former.pk).update(is_active=False)

    question = ask_question(actor=pegawai, version=version, text="  Apakah cuti mengurangi skor?  ")

    assert question.text == "Apakah cuti mengurangi skor?"
    assert question.asked_by == org.staf
    (event,) = events(AuditAction.CRITERIA_QUESTION_ASKED)
    assert event.actor == pegawai
    assert event.target_id == str(question.pk)
    assert event.changes["text"] == "Apakah cuti mengurangi skor?"
    notified = Notification.objects.filter(
        title__contains=version.label, title__icontains="question"
    )
    assert [n.recipient for n in notified] == [tim]
    assert (
        notified[0].url
        == f"/kriteria/sosialisasi/{version.pk}/pertanyaan/?show=open#question-{question.pk}"
    )
    assert "Staf" in notified[0].body
    assert not Notification.objects.filter(recipient__in=[other_team.user, former.user]).exists()


@pytest.mark.parametrize(
    ("text", "message"), [("   ", "Write your question"), ("x" * 2001, "at most")]
)
def test_a_question_needs_words_within_a_limit(pegawai, version, text, message):
    with pytest.raises(SocialisationRefused, match=message) as refused:
        ask_question(actor=pegawai, version=version, text=text)
    assert refused.value.field == "text"
    assert not CriteriaQuestion.objects.exists()


@pytest.mark.parametrize("persona", ["outsider"])
def test_outsiders_cannot_ask(request, persona, version):
    with pytest.raises(PermissionDenied):
        ask_question(actor=request.getfixturevalue(persona), version=version, text="Halo?")


def test_an_employee_of_another_organisation_cannot_ask(org, version):
    with pytest.raises(PermissionDenied):
        ask_question(actor=org.asing.user, version=version, text="Halo?")


def test_questions_are_about_the_version_in_force(org, hr_admin, pegawai, version):
    move_version(actor=hr_admin, version=version, to=Stage.RETIRED)

    with pytest.raises(SocialisationRefused, match="in force"):
        ask_question(actor=pegawai, version=version, text="Halo?")


@pytest.fixture
def question(pegawai, version) -> CriteriaQuestion:
    return ask_question(actor=pegawai, version=version, text="Apakah cuti mengurangi skor?")


@pytest.mark.parametrize("persona", ["tim", "hr_admin"])
def test_the_team_or_the_admin_answers_and_the_asker_is_notified(
    request, persona, pegawai, question
):
    actor = request.getfixturevalue(persona)

    answered = answer_question(
        actor=actor, question=question, answer=" Tidak, cuti tidak dihitung. "
    )

    answered.refresh_from_db()
    assert answered.answer == "Tidak, cuti tidak dihitung."
    assert answered.answered_by == actor
    assert answered.answered_at is not None
    (event,) = events(AuditAction.CRITERIA_QUESTION_ANSWERED)
    assert event.actor == actor
    assert event.changes == {"answer": "Tidak, cuti tidak dihitung."}
    (notice,) = Notification.objects.filter(recipient=pegawai, title__icontains="answer")
    assert notice.url == f"/kriteria/berlaku/{question.version_id}/#question-{question.pk}"
    assert notice.body == "Tidak, cuti tidak dihitung."


def test_correcting_an_answer_keeps_both_in_the_audit_log(tim, pegawai, question):
    answer_question(actor=tim, question=question, answer="Tidak.")
    answer_question(actor=tim, question=question, answer="Tidak, kecuali cuti besar.")

    _first, second = events(AuditAction.CRITERIA_QUESTION_ANSWERED)
    assert second.changes == {"answer": ["Tidak.", "Tidak, kecuali cuti besar."]}
    assert Notification.objects.filter(recipient=pegawai, title__icontains="corrected").count() == 1


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "outsider"])
def test_only_the_team_or_the_admin_answers(request, persona, question):
    with pytest.raises(PermissionDenied):
        answer_question(actor=request.getfixturevalue(persona), question=question, answer="Ya.")
    question.refresh_from_db()
    assert question.answer == ""
    assert not events(AuditAction.CRITERIA_QUESTION_ANSWERED)


def test_the_team_of_another_organisation_cannot_answer(org, question):
    stranger = make_employee(org.other_org, "tim.lain", is_evaluation_team=True)

    with pytest.raises(NotFound):
        answer_question(actor=stranger.user, question=question, answer="Ya.")


def test_an_answer_needs_words(tim, question):
    with pytest.raises(SocialisationRefused, match="Write the answer") as refused:
        answer_question(actor=tim, question=question, answer="  ")
    assert refused.value.field == "answer"


# -- reminders ---------------------------------------------------------------------------


def test_the_admin_reminds_everyone_who_has_not_acknowledged(org, hr_admin, pegawai, version):
    acknowledge(actor=pegawai, version=version)

    count = send_reminders(actor=hr_admin, version=version)

    # Everyone in scope but staf: camat, admin, kasi, rekan, lurah.
    assert count == 5
    reminded = Notification.objects.filter(title__startswith="Reminder")
    assert {n.recipient.username for n in reminded} == {"camat", "admin", "kasi", "rekan", "lurah"}
    assert {n.url for n in reminded} == {f"/kriteria/berlaku/{version.pk}/"}
    assert task_of(org.staf, version).reminders_sent == 0
    rekan = task_of(org.rekan, version)
    assert rekan.reminders_sent == 1
    assert rekan.last_reminded_at is not None
    (event,) = events(AuditAction.CRITERIA_REMINDERS_SENT)
    assert event.actor == hr_admin
    assert event.target_id == str(version.pk)
    assert event.changes == {"count": 5, "unit": None}


def test_reminders_add_up(org, hr_admin, version):
    send_reminders(actor=hr_admin, version=version)
    send_reminders(actor=hr_admin, version=version)

    assert task_of(org.rekan, version).reminders_sent == 2
    assert len(events(AuditAction.CRITERIA_REMINDERS_SENT)) == 2


def test_reminders_for_one_unit_reach_that_unit_and_its_sub_units_only(org, hr_admin, version):
    count = send_reminders(actor=hr_admin, version=version, unit=org.pelayanan)

    assert count == 3  # kasi, staf, rekan
    assert events(AuditAction.CRITERIA_REMINDERS_SENT)[0].changes == {"count": 3, "unit": "PEL"}
    assert task_of(org.lurah, version).reminders_sent == 0


def test_a_pimpinan_reminds_only_within_the_units_they_lead(org, version):
    org.lurah.user.is_pimpinan = True
    org.lurah.user.save()

    count = send_reminders(actor=org.lurah.user, version=version)

    assert count == 1  # the lurah's own kelurahan: the lurah
    assert task_of(org.staf, version).reminders_sent == 0
    with pytest.raises(PermissionDenied):
        send_reminders(actor=org.lurah.user, version=version, unit=org.pelayanan)


def test_the_camat_reminds_the_whole_office(org, pimpinan, version):
    assert send_reminders(actor=pimpinan, version=version) == 6


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "tim", "outsider"])
def test_only_the_admin_and_the_pimpinan_send_reminders(request, persona, version):
    with pytest.raises(PermissionDenied):
        send_reminders(actor=request.getfixturevalue(persona), version=version)
    assert not Notification.objects.filter(title__startswith="Reminder").exists()
    assert not events(AuditAction.CRITERIA_REMINDERS_SENT)


def test_people_who_left_or_have_no_account_are_not_reminded(org, hr_admin, version):
    Employee.objects.filter(pk=org.rekan.pk).update(is_active=False)
    Employee.objects.filter(pk=org.kasi.pk).update(user=None)

    assert send_reminders(actor=hr_admin, version=version) == 4
    assert task_of(org.rekan, version).reminders_sent == 0
    assert task_of(org.kasi, version).reminders_sent == 0


def test_no_reminders_for_a_retired_version(hr_admin, version):
    move_version(actor=hr_admin, version=version, to=Stage.RETIRED)

    with pytest.raises(SocialisationRefused, match="in force"):
        send_reminders(actor=hr_admin, version=version)


def test_reminders_are_mailed_when_e_mail_is_on_and_the_person_has_an_address(
    org, hr_admin, version, settings, django_capture_on_commit_callbacks
):
    settings.KINERJA_EMAIL_NOTIFICATIONS = True
    settings.KINERJA_SITE_URL = "https://kinerja.example.go.id"
    User.objects.filter(pk=org.rekan.user.pk).update(email="rekan@example.go.id")

    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(actor=hr_admin, version=version)

    (message,) = mail.outbox
    assert message.to == ["rekan@example.go.id"]
    assert version.label in message.subject
    assert f"https://kinerja.example.go.id/kriteria/berlaku/{version.pk}/" in message.body


def test_no_mail_when_e_mail_is_off(
    org, hr_admin, version, settings, django_capture_on_commit_callbacks
):
    settings.KINERJA_EMAIL_NOTIFICATIONS = False
    User.objects.filter(pk=org.rekan.user.pk).update(email="rekan@example.go.id")

    with django_capture_on_commit_callbacks(execute=True):
        count = send_reminders(actor=hr_admin, version=version)

    assert count == 6
    assert mail.outbox == []


def test_targeted_weights_add_up_for_everyone(org, hr_admin):
    version = targeted_version(hr_admin, org.kecamatan)

    weights = dict(
        Indicator.objects.filter(version=version, weight__isnull=False).values_list(
            "code", "weight"
        )
    )
    assert weights == {
        "umum": Decimal(60),
        "loket": Decimal(40),
        "pimpinan": Decimal(40),
        "sekretariat": Decimal(40),
    }
    assert Acknowledgement.objects.filter(version=version).count() == 6
