"""The socialisation pages through the test client, with personas: the reading page and
the acknowledgement, questions, the coverage pages, reminders with their confirmation
step, and the team's questions; who may open which page, and query counts that do not
grow with the number of people.

Text is checked in English (a client with Accept-Language: en) where it is the page's
wording; names, numbers and links are checked in the default Indonesian.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.criteria.models import Acknowledgement, CriteriaQuestion, CriteriaVersion
from kinerja.criteria.services.socialisation import acknowledge, answer_question, ask_question
from kinerja.criteria.tests.factories import complete_version, published_version
from kinerja.criteria.tests.test_socialisation_selectors import add_people
from kinerja.criteria.tests.test_socialisation_services import make_employee, targeted_version
from kinerja.notifications.models import Notification


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel(datetime(2026, 6, 1, 3, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def client_en():
    def make(user: User) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


def html(response: HttpResponse) -> str:
    return response.content.decode()


@pytest.fixture
def targeted(org, hr_admin) -> CriteriaVersion:
    return targeted_version(hr_admin, org.kecamatan)


@pytest.fixture
def checked(org, hr_admin) -> CriteriaVersion:
    return targeted_version(hr_admin, org.kecamatan, check=True)


@pytest.fixture
def version(org, hr_admin) -> CriteriaVersion:
    return published_version(hr_admin, org.kecamatan)


@pytest.fixture
def tim(org) -> User:
    return make_employee(org.sekretariat, "tim.evaluasi", is_evaluation_team=True).user


def url(name: str, *args: object) -> str:
    return reverse(f"criteria:{name}", args=args)


# -- Kriteria yang berlaku ---------------------------------------------------------------


def test_my_criteria_leads_to_the_version_in_force(org, client_en, pegawai, targeted):
    page = html(client_en(pegawai).get(url("my_criteria")))

    assert f'href="{url("version_for_me", targeted.pk)}"' in page
    assert "Read and acknowledge" in page
    assert "To do" in page


def test_my_criteria_says_when_nothing_is_published(org, client_en, pegawai):
    page = html(client_en(pegawai).get(url("my_criteria")))

    assert "No criteria have been published for your organisation yet." in page
    assert url("round_list") in page


def test_my_criteria_is_for_employees_only(client_as, outsider):
    assert client_as(outsider).get(url("my_criteria")).status_code == 404


def test_the_reading_page_shows_only_the_criteria_that_apply(org, client_as, pegawai, targeted):
    page = html(client_as(pegawai).get(url("version_for_me", targeted.pk)))

    assert "Ketepatan waktu layanan" in page
    assert "Layanan tepat pertama" in page
    assert "Capaian IKI unit" not in page  # for administrators and pengawas
    assert "Ketertiban administrasi" not in page  # for the secretariat
    assert "Seksi Pelayanan" in page  # what "loket" is limited to
    assert 'id="worked-example"' in page
    assert f'action="{url("acknowledge", targeted.pk)}"' in page


def test_a_pengawas_reads_their_own_set(org, client_as, atasan, targeted):
    page = html(client_as(atasan).get(url("version_for_me", targeted.pk)))

    assert "Capaian IKI unit" in page
    assert "Layanan tepat pertama" not in page


def test_the_reading_page_never_shows_other_employees_acknowledgements(
    org, client_as, pegawai, targeted
):
    acknowledge(actor=org.rekan.user, version=targeted)
    ask_question(actor=org.rekan.user, version=targeted, text="Pertanyaan rekan")

    page = html(client_as(pegawai).get(url("version_for_me", targeted.pk)))

    assert "Rekan" not in page
    assert "Pertanyaan rekan" not in page
    assert f'action="{url("acknowledge", targeted.pk)}"' in page  # staf's own task is open


@pytest.mark.parametrize("who", ["outsider", "asing"])
def test_others_cannot_open_the_reading_page(org, client_as, targeted, who):
    user = org.outsider if who == "outsider" else org.asing.user

    assert client_as(user).get(url("version_for_me", targeted.pk)).status_code == 404


def test_a_draft_has_no_reading_page(org, client_as, hr_admin, pegawai):
    draft = complete_version(hr_admin, org.kecamatan, year=2027)

    assert client_as(pegawai).get(url("version_for_me", draft.pk)).status_code == 404


def test_acknowledging_without_a_check(org, client_en, pegawai, version):
    client = client_en(pegawai)

    response = client.post(url("acknowledge", version.pk))

    assert response.status_code == 302
    assert response.url == url("version_for_me", version.pk)
    assert Acknowledgement.objects.get(version=version, employee=org.staf).acknowledged_at
    page = html(client.get(response.url))
    assert "Thank you: you acknowledged the criteria" in page
    assert f'action="{url("acknowledge", version.pk)}"' not in page


def test_a_wrong_answer_shows_the_page_again_with_the_questions_to_retry(
    org, client_en, pegawai, checked
):
    response = client_en(pegawai).post(
        url("acknowledge", checked.pk), {"answer_1": "1", "answer_2": "1", "answer_3": "1"}
    )

    assert response.status_code == 200
    page = html(response)
    assert "Not every answer is right yet, so the criteria are not acknowledged." in page
    assert page.count("Not quite: read the criteria again and retry.") == 1
    assert 'name="answer_2"' in page
    task = Acknowledgement.objects.get(version=checked, employee=org.staf)
    assert task.failed_attempts == 1
    assert task.acknowledged_at is None


def test_the_right_answers_acknowledge(org, client_as, pegawai, checked):
    response = client_as(pegawai).post(
        url("acknowledge", checked.pk), {"answer_1": "1", "answer_2": "0", "answer_3": "1"}
    )

    assert response.status_code == 302
    assert Acknowledgement.objects.get(version=checked, employee=org.staf).acknowledged_at


def test_every_question_needs_an_answer(org, client_en, pegawai, checked):
    response = client_en(pegawai).post(url("acknowledge", checked.pk), {"answer_1": "1"})

    assert response.status_code == 400
    assert html(response).count("Choose an answer.") == 2
    assert Acknowledgement.objects.get(version=checked, employee=org.staf).failed_attempts == 0


def test_acknowledging_twice_says_so(org, client_en, pegawai, version):
    client = client_en(pegawai)
    client.post(url("acknowledge", version.pk))

    response = client.post(url("acknowledge", version.pk), follow=True)

    assert "You already acknowledged these criteria" in html(response)
    assert AuditEvent.objects.filter(action=AuditAction.CRITERIA_ACKNOWLEDGED).count() == 1


def test_acknowledging_is_a_post(client_as, pegawai, version):
    assert client_as(pegawai).get(url("acknowledge", version.pk)).status_code == 405


def test_asking_a_question(org, client_as, pegawai, tim, version):
    response = client_as(pegawai).post(url("ask_question", version.pk), {"text": "Cuti dihitung?"})

    assert response.status_code == 302
    assert response.url == url("version_for_me", version.pk) + "#my-questions"
    question = CriteriaQuestion.objects.get()
    assert question.asked_by == org.staf
    notified = Notification.objects.filter(recipient=tim, url__endswith=f"#question-{question.pk}")
    assert notified.count() == 1
    page = html(client_as(pegawai).get(url("version_for_me", version.pk)))
    assert f'id="question-{question.pk}"' in page
    assert "Cuti dihitung?" in page


def test_an_empty_question_shows_the_form_again(client_en, pegawai, version):
    response = client_en(pegawai).post(url("ask_question", version.pk), {"text": "  "})

    assert response.status_code == 400
    assert "This field is required." in html(response)
    assert not CriteriaQuestion.objects.exists()


def test_the_answer_appears_on_the_askers_page(org, client_as, pegawai, hr_admin, version):
    question = ask_question(actor=pegawai, version=version, text="Cuti dihitung?")
    answer_question(actor=hr_admin, question=question, answer="Tidak dihitung.")

    page = html(client_as(pegawai).get(url("version_for_me", version.pk)))

    assert "Tidak dihitung." in page


# -- Sosialisasi: who may see the coverage -----------------------------------------------


@pytest.fixture
def known(org, hr_admin) -> CriteriaVersion:
    for n in range(3):
        make_employee(org.kelurahan, f"kel{n}")
    version = published_version(hr_admin, org.kecamatan)
    for user in [org.camat.user, org.staf.user, org.rekan.user, User.objects.get(username="kel0")]:
        acknowledge(actor=user, version=version)
    return version


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("hr_admin", 200),
        ("pimpinan", 200),
        ("tim", 200),
        ("pegawai", 403),
        ("atasan", 403),
        ("outsider", 404),
    ],
)
def test_who_sees_the_coverage_pages(request, client_as, known, persona, status):
    client = client_as(request.getfixturevalue(persona))

    assert client.get(url("coverage_index")).status_code == status
    assert client.get(url("coverage", known.pk)).status_code == status
    assert client.get(url("coverage_unit", known.pk, "PEL")).status_code == status


def test_another_organisation_sees_none_of_the_coverage(org, client_as, known):
    user = org.asing.user
    user.is_pimpinan = True
    user.save()
    client = client_as(user)

    assert client.get(url("coverage_index")).status_code == 200
    assert url("coverage", known.pk) not in html(client.get(url("coverage_index")))
    assert client.get(url("coverage", known.pk)).status_code == 404
    assert client.get(url("coverage_unit", known.pk, "PEL")).status_code == 404


def test_the_coverage_page_shows_the_numbers_per_unit(client_as, pimpinan, known):
    page = html(client_as(pimpinan).get(url("coverage", known.pk)))

    body = page.split("<tbody>")[1].split("</tbody>")[0]
    assert body.index("Kecamatan Contoh") < body.index("Kelurahan Contoh")
    assert body.index("Kelurahan Contoh") < body.index("Seksi Pelayanan")
    assert "66,7%" in body  # PEL: 2 of 3
    assert "25,0%" in body  # KEL: 1 of 4
    assert "0,0%" in body  # SEK: 0 of 1
    assert "100,0%" in body  # KEC: 1 of 1
    total = page.split("<tfoot>")[1].split("</tfoot>")[0]
    assert ">9<" in total
    assert ">4<" in total
    assert ">5<" in total
    assert "44,4%" in total
    assert f'href="{url("coverage_unit", known.pk, "KEL")}?show=missing">3</a>' in body
    assert f'href="{url("send_reminders", known.pk)}"' in page


def test_the_team_reads_the_coverage_without_the_reminder_button(client_as, known, tim):
    page = html(client_as(tim).get(url("coverage", known.pk)))

    assert "44,4%" in page
    assert url("send_reminders", known.pk) not in page
    assert url("questions", known.pk) in page


def test_the_unit_page_lists_who_is_missing(client_as, hr_admin, known):
    page = html(client_as(hr_admin).get(url("coverage_unit", known.pk, "KEL")))

    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "Kel1" in rows
    assert "Lurah" in rows
    assert "Kel0" not in rows  # acknowledged
    assert f'href="{url("send_reminders", known.pk)}?unit=KEL"' in page


def test_the_unit_list_keeps_its_search_and_filter_across_pages(org, client_as, hr_admin, version):
    add_people(org, version, 120)
    client = client_as(hr_admin)

    page = html(client.get(url("coverage_unit", version.pk, "PEL") + "?show=all&q=petugas"))

    assert page.count("Petugas 0") == 50  # the first page of the 120 who match
    assert "?show=all&amp;q=petugas&amp;page=2" in page
    second = html(
        client.get(url("coverage_unit", version.pk, "PEL") + "?show=all&q=petugas&page=3")
    )
    assert second.count("Petugas 01") == 20  # 0100–0119
    assert "Staf" not in second.split("<tbody>")[1]


def test_the_unit_list_says_when_everyone_has_acknowledged(client_en, hr_admin, known):
    page = html(client_en(hr_admin).get(url("coverage_unit", known.pk, "KEC") + "?show=missing"))

    assert "Everyone in this unit has acknowledged" not in page  # KEC has people missing below
    page = html(client_en(hr_admin).get(url("coverage_unit", known.pk, "PEL") + "?q=staf"))
    assert "Nobody matches the search." in page


@pytest.mark.parametrize("page_name", ["coverage", "coverage_unit"])
def test_the_coverage_pages_need_as_many_queries_for_60_people_as_for_10(
    org, client_as, hr_admin, version, page_name
):
    client = client_as(hr_admin)
    target = (
        url("coverage", version.pk)
        if page_name == "coverage"
        else url("coverage_unit", version.pk, "PEL") + "?show=all"
    )
    add_people(org, version, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    add_people(org, version, 50, start=10)
    with CaptureQueriesContext(connection) as large:
        response = client.get(target)

    assert response.status_code == 200
    assert len(large) == len(small)


# -- reminders ---------------------------------------------------------------------------


def test_reminders_are_confirmed_first(client_en, hr_admin, known):
    client = client_en(hr_admin)

    confirm = client.get(url("send_reminders", known.pk))

    assert confirm.status_code == 200
    assert "5 people in the units you can see have not acknowledged" in html(confirm)
    assert not Notification.objects.filter(title__startswith="Reminder").exists()

    sent = client.post(url("send_reminders", known.pk))

    assert sent.status_code == 302
    assert sent.url == url("coverage", known.pk)
    assert Notification.objects.filter(title__startswith="Reminder").count() == 5
    assert "Reminders were sent to 5 people" in html(client.get(sent.url))


def test_reminders_for_one_unit(client_en, pimpinan, known):
    client = client_en(pimpinan)

    confirm = html(client.get(url("send_reminders", known.pk) + "?unit=KEL"))
    sent = client.post(url("send_reminders", known.pk), {"unit": "KEL"})

    assert "3 people in Kelurahan Contoh (with its sub-units)" in confirm
    assert 'name="unit" value="KEL"' in confirm
    assert sent.url == url("coverage_unit", known.pk, "KEL")
    assert Notification.objects.filter(title__startswith="Reminder").count() == 3


@pytest.mark.parametrize(("persona", "status"), [("tim", 403), ("pegawai", 403), ("outsider", 404)])
def test_only_the_admin_and_the_pimpinan_remind(request, client_as, known, persona, status):
    client = client_as(request.getfixturevalue(persona))

    assert client.get(url("send_reminders", known.pk)).status_code == status
    assert client.post(url("send_reminders", known.pk)).status_code == status
    assert not Notification.objects.filter(title__startswith="Reminder").exists()


def test_a_reminder_for_an_unknown_unit_is_not_found(client_as, hr_admin, known):
    response = client_as(hr_admin).post(url("send_reminders", known.pk), {"unit": "LAIN"})

    assert response.status_code == 404


# -- questions for the team --------------------------------------------------------------


@pytest.fixture
def question(org, version) -> CriteriaQuestion:
    return ask_question(actor=org.staf.user, version=version, text="Cuti dihitung?")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("tim", 200), ("hr_admin", 200), ("pimpinan", 403), ("pegawai", 403), ("outsider", 404)],
)
def test_who_reads_the_questions(request, client_as, question, persona, status):
    client = client_as(request.getfixturevalue(persona))

    assert client.get(url("questions", question.version_id)).status_code == status


def test_the_team_answers_a_question(org, client_as, tim, question):
    client = client_as(tim)
    page = html(client.get(url("questions", question.version_id)))
    assert "Cuti dihitung?" in page
    assert "Staf" in page

    response = client.post(
        url("answer_question", question.pk), {f"q{question.pk}-answer": "Tidak."}
    )

    assert response.status_code == 302
    assert response.url == url("questions", question.version_id) + f"#question-{question.pk}"
    question.refresh_from_db()
    assert question.answer == "Tidak."
    answered = Notification.objects.filter(
        recipient=org.staf.user, url__endswith=f"#question-{question.pk}"
    )
    assert answered.exists()


def test_an_empty_answer_shows_the_form_again(client_en, tim, question):
    response = client_en(tim).post(
        url("answer_question", question.pk), {f"q{question.pk}-answer": ""}
    )

    assert response.status_code == 400
    assert "This field is required." in html(response)


@pytest.mark.parametrize(
    ("persona", "status"), [("pimpinan", 403), ("pegawai", 403), ("outsider", 404)]
)
def test_only_the_team_answers(request, client_as, question, persona, status):
    response = client_as(request.getfixturevalue(persona)).post(
        url("answer_question", question.pk), {f"q{question.pk}-answer": "Ya."}
    )

    assert response.status_code == status
    question.refresh_from_db()
    assert question.answer == ""


# -- query counts of the employee's pages and the team's list ----------------------------


def test_the_reading_page_reads_a_fixed_number_of_queries(
    client_as, pegawai, hr_admin, checked, django_assert_max_num_queries
):
    for n in range(12):
        question = ask_question(actor=pegawai, version=checked, text=f"Pertanyaan {n}?")
        answer_question(actor=hr_admin, question=question, answer="Jawaban.")
    client = client_as(pegawai)

    # 16: the section "when does the system raise an early warning?" reads the rules.
    with django_assert_max_num_queries(16):
        response = client.get(url("version_for_me", checked.pk))

    assert html(response).count('class="qa"') == 12


def test_my_criteria_reads_a_fixed_number_of_queries(
    org, client_as, pegawai, hr_admin, django_assert_max_num_queries
):
    versions = [
        published_version(hr_admin, org.kecamatan, year=year, title=f"Kriteria {year}")
        for year in (2023, 2024, 2025, 2026)
    ]
    client = client_as(pegawai)

    with django_assert_max_num_queries(8):
        response = client.get(url("my_criteria"))

    page = html(response)
    assert all(f'href="{url("version_for_me", v.pk)}"' in page for v in versions)


def test_the_questions_page_needs_as_many_queries_for_23_questions_as_for_3(
    org, client_as, tim, version
):
    client = client_as(tim)
    for n in range(3):
        ask_question(actor=org.staf.user, version=version, text=f"Pertanyaan {n}?")
    with CaptureQueriesContext(connection) as small:
        client.get(url("questions", version.pk))
    for n in range(20):
        question = ask_question(actor=org.rekan.user, version=version, text=f"Lagi {n}?")
        answer_question(actor=tim, question=question, answer="Ya.")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url("questions", version.pk))

    assert html(response).count('class="qa card') == 20  # the first page
    assert len(large) == len(small)
