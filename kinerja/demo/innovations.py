"""Innovations of the demo office: two improvements of the PATEN front desk that the
panel verified this year, and a third still in review.

The story, for a demo year Y (days counted back from "today", never before 1 January Y):

- "Antrean daring PATEN lewat WhatsApp": two front-desk officers and their kasi let
  residents take a queue number by WhatsApp. Submitted some eleven weeks ago, scored by
  ``tim.evaluasi`` (85) and the HR admin (75), verified with a panel score of 80: each
  member earns 8 points.
- "Cek kelengkapan berkas sebelum datang": a front-desk officer, the secretariat's
  pranata komputer and the same kasi published a checklist residents fill in before
  they come. Scored 75 and 70, verified at 72.5: 7.25 points each, except the kasi, who
  already has 8 this year and gets the 2 left under the yearly cap of 10.
- "Papan status berkas di ruang tunggu PATEN": ``staf.pelayanan`` and a PPPK operator
  put the status of every file on the waiting-room screen. The evaluation team appointed
  ``tim.evaluasi`` and ``admin`` as its reviewers; ``tim.evaluasi`` has scored it, the
  HR admin has not yet.

The scores are on the rubric of the criteria in force (last year's published version,
``kinerja.demo.criteria``), and the credits follow ``kinerja.innovations.rules``. A
member who has an SKP of the year (``kinerja.demo.plans``, looked up when the demo
loads) finds the credit there as a tambahan RHK; the others keep it waiting, as the
application does. As in the other demo modules the rows are written in bulk and nobody
is named as the actor of an audit event; nothing is drawn at random.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Max
from django.utils import timezone, translation

from kinerja.accounts.models import User
from kinerja.criteria.models import CriteriaVersion, InnovationRubricCriterion
from kinerja.criteria.selectors.versions import published_version
from kinerja.demo.criteria import Who
from kinerja.innovations.models import Innovation, InnovationCredit, Review, ReviewScore
from kinerja.innovations.rules import (
    RubricPoints,
    capped_credit,
    credit_points,
    panel_score,
    review_score,
)
from kinerja.innovations.services import appointment_message, credit_message, credit_result_text
from kinerja.notifications.models import Notification
from kinerja.notifications.services import Message
from kinerja.organization.models import Employee, OrgUnit, PerformanceYear
from kinerja.plans.models import PerformancePlan, ResultIndicator, WorkResult

PATEN = "BINAWIDYA-PELAYANAN"
PATEN_DESK = "Pengelola Layanan Administrasi Terpadu"
PATEN_OPERATOR = "Penata Layanan Operasional"
KASI = "kasi.pelayanan"
TEAM = "tim.evaluasi"
HR_ADMIN = "admin"
DRIVE = "https://drive.binawidya.pekanbaru.example/paten"
SATURDAY = 5


@dataclass(frozen=True, slots=True)
class ReviewStory:
    reviewer: Who
    points: tuple[int, int, int, int]  # kebaruan, dampak, replikasi, keberlanjutan
    comment: str
    days_ago: int
    hour: int


@dataclass(frozen=True, slots=True)
class InnovationStory:
    title: str
    submitter: Who
    co_members: tuple[Who, ...]
    problem: str
    change: str
    evidence: str
    evidence_url: str
    effect: str
    since_days_ago: int
    submitted_days_ago: int
    reviews: tuple[ReviewStory, ...]
    appointed: tuple[Who, ...] = ()
    decided_days_ago: int | None = None
    decided_by: Who = TEAM
    reason: str = ""


RUBRIC_CODES = ("kebaruan", "dampak", "replikasi", "keberlanjutan")

STORIES: tuple[InnovationStory, ...] = (
    InnovationStory(
        title="Antrean daring PATEN lewat WhatsApp",
        submitter=(PATEN, PATEN_DESK, 1),
        co_members=((PATEN, PATEN_OPERATOR, 0), KASI),
        problem=(
            "Setiap pagi warga sudah antre sejak pukul 07.00 di ruang tunggu PATEN, padahal"
            " loket baru buka pukul 08.00. Pada hari Senin waktu tunggu rata-rata hampir dua"
            " jam, dan ruang tunggu yang hanya berisi 24 kursi penuh sesak, terutama"
            " menjelang PPDB."
        ),
        change=(
            "Warga mengirim pesan ke nomor WhatsApp PATEN dengan menyebut jenis layanannya;"
            " petugas membalas dengan nomor antrean dan perkiraan jam datang (slot 30 menit)."
            " Antrean harian disusun di lembar kerja bersama yang terbuka di setiap loket."
            " Warga tanpa WhatsApp tetap dilayani lewat antrean langsung yang disisipkan di"
            " setiap slot."
        ),
        evidence=(
            "Rekap antrean harian di lembar kerja bersama, tangkapan layar percakapan"
            " WhatsApp (nomor warga disamarkan), dan SOP antrean daring yang ditandatangani"
            " Kepala Seksi Pelayanan Umum."
        ),
        evidence_url=f"{DRIVE}/antrean-daring",
        effect=(
            "Waktu tunggu rata-rata di ruang tunggu turun dari 118 menit menjadi 34 menit"
            " (data antrean enam minggu sebelum dan enam minggu sesudah). 61 % pemohon kini"
            " mengambil antrean lewat WhatsApp, dan keluhan soal antrean di kotak saran"
            " turun dari 14 menjadi 3 per bulan."
        ),
        since_days_ago=150,
        submitted_days_ago=75,
        reviews=(
            ReviewStory(
                TEAM,
                (4, 5, 4, 4),
                "Cara ini baru di kantor kita dan dampaknya jelas terukur: waktu tunggu turun"
                " lebih dari separuh. Mudah ditiru kelurahan karena hanya perlu satu nomor"
                " WhatsApp dinas dan lembar kerja bersama. Keberlanjutannya perlu dijaga bila"
                " petugas pemegang nomor cuti.",
                days_ago=68,
                hour=10,
            ),
            ReviewStory(
                HR_ADMIN,
                (4, 4, 4, 3),
                "Dampaknya nyata dan datanya rapi. Catatan: WhatsApp masih memakai ponsel"
                " pribadi petugas; sebaiknya pindah ke ponsel dinas agar layanan tidak berhenti"
                " bila petugasnya dimutasi.",
                days_ago=66,
                hour=13,
            ),
        ),
        decided_days_ago=62,
        reason=(
            "Diverifikasi. Inovasi ini baru bagi kecamatan dan dampaknya terukur: waktu"
            " tunggu rata-rata turun dari 118 menjadi 34 menit. Tim diminta memindahkan"
            " layanan WhatsApp ke ponsel dinas agar berkelanjutan; kelurahan dapat menirunya"
            " dengan SOP yang sudah ada."
        ),
    ),
    InnovationStory(
        title="Cek kelengkapan berkas sebelum datang",
        submitter=(PATEN, PATEN_DESK, 2),
        co_members=(("BINAWIDYA-UMPEG", "Pranata Komputer Ahli Pertama", 0), KASI),
        problem=(
            "Sekitar satu dari lima berkas di loket PATEN dikembalikan karena persyaratannya"
            " belum lengkap: fotokopi KK tertinggal, surat pengantar RT/RW belum"
            " ditandatangani, atau pas foto salah ukuran. Warga harus pulang dan datang lagi,"
            " dan layanan tepat sejak pertama ikut turun."
        ),
        change=(
            "Daftar periksa persyaratan 12 layanan PATEN yang paling sering diminta dibuat"
            " sebagai formulir daring sederhana. Warga mencentang dokumen yang sudah siap dan"
            " langsung mendapat balasan berisi kekurangannya sebelum berangkat. Tautannya"
            " dibagikan lewat WhatsApp antrean, grup RT/RW, dan papan pengumuman kelurahan."
        ),
        evidence=(
            "Formulir daring dan rekap isiannya, daftar periksa 12 layanan yang disahkan"
            " Camat, dan catatan tugas layanan dari aplikasi loket (kolom dikembalikan)."
        ),
        evidence_url=f"{DRIVE}/cek-berkas",
        effect=(
            "Berkas yang dikembalikan karena persyaratan kurang turun dari 19 % menjadi 8 %"
            " dalam dua bulan (catatan tugas layanan). Formulir diisi rata-rata 41 kali per"
            " minggu."
        ),
        since_days_ago=100,
        submitted_days_ago=45,
        reviews=(
            ReviewStory(
                TEAM,
                (3, 4, 5, 3),
                "Daftar periksa bukan hal baru, tetapi membagikannya lewat WhatsApp antrean dan"
                " grup RT/RW terbukti efektif. Sangat mudah ditiru: kelurahan tinggal menyalin"
                " formulirnya. Perlu ada yang rutin memperbarui daftar saat persyaratan"
                " berubah.",
                days_ago=38,
                hour=10,
            ),
            ReviewStory(
                HR_ADMIN,
                (3, 3, 4, 4),
                "Penurunan berkas yang dikembalikan cukup berarti, walau sebagian mungkin"
                " karena musim PPDB sudah lewat. Formulirnya sudah dipakai rutin dan murah"
                " dipelihara.",
                days_ago=36,
                hour=14,
            ),
        ),
        decided_days_ago=31,
        reason=(
            "Diverifikasi. Skor panel 72,5 melampaui batas 60. Dampaknya tampak pada"
            " layanan tepat sejak pertama dan caranya mudah ditiru kelurahan. Seksi Pelayanan"
            " Umum diminta menetapkan siapa yang memperbarui daftar periksa setiap kali"
            " persyaratan berubah."
        ),
    ),
    InnovationStory(
        title="Papan status berkas di ruang tunggu PATEN",
        submitter="staf.pelayanan",
        co_members=((PATEN, PATEN_OPERATOR, 1),),
        problem=(
            "Warga yang menunggu berkasnya selesai sering bolak-balik bertanya ke loket"
            " apakah berkasnya sudah jadi. Pertanyaan itu memotong pelayanan pemohon lain;"
            " pada jam sibuk satu petugas bisa menerima lebih dari 30 pertanyaan status."
        ),
        change=(
            "Monitor bekas di ruang tunggu kini menampilkan nomor antrean dan status setiap"
            " berkas (diterima, diproses, menunggu tanda tangan, siap diambil) langsung dari"
            " lembar kerja antrean. Petugas cukup mengubah status di lembar kerja; papan"
            " memperbarui diri setiap menit."
        ),
        evidence=(
            "Foto papan status di ruang tunggu, lembar kerja antrean dengan kolom status, dan"
            " hitungan pertanyaan status di loket dua minggu sebelum dan sesudah."
        ),
        evidence_url=f"{DRIVE}/papan-status",
        effect=(
            "Pertanyaan status di loket turun dari rata-rata 27 menjadi 9 per hari, dan"
            " waktu pelayanan per pemohon di loket turun sekitar dua menit."
        ),
        since_days_ago=40,
        submitted_days_ago=12,
        appointed=(TEAM, HR_ADMIN),
        reviews=(
            ReviewStory(
                TEAM,
                (4, 4, 5, 4),
                "Sederhana dan memanfaatkan barang yang sudah ada. Angka pertanyaan status"
                " dihitung sendiri oleh petugas loket; akan lebih meyakinkan bila dicatat orang"
                " lain atau dari rekaman.",
                days_ago=6,
                hour=11,
            ),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class InnovationData:
    """What the demo command reports; ``counts`` go into the DEMO_LOADED event."""

    verified: int
    in_review: int
    credits: int
    in_skp: int  # credits that became a tambahan RHK in an SKP
    counts: dict[str, int] = field(default_factory=dict)


class _People:
    """The office's employees, found by demo username or by (unit, jabatan, holder)."""

    def __init__(self, organization: OrgUnit) -> None:
        employees = (
            Employee.objects.filter(is_active=True, unit__path__startswith=organization.path)
            .select_related("unit", "position", "user")
            .order_by("pk")
        )
        self.by_username: dict[str, Employee] = {}
        # Holders of one jabatan in a unit were created in the order of the description.
        self.by_post: dict[tuple[str, str], list[Employee]] = defaultdict(list)
        for employee in employees:
            if employee.user is not None:
                self.by_username[employee.user.username] = employee
            self.by_post[(employee.unit.code, employee.position.name)].append(employee)

    def __call__(self, who: Who) -> Employee:
        if isinstance(who, str):
            return self.by_username[who]
        unit, title, holder = who
        return self.by_post[(unit, title)][holder]

    def user(self, who: Who) -> User:
        user = self(who).user
        if user is None:
            raise ValueError(f"{who} has no account")
        return user

    def team(self, story: InnovationStory) -> list[Employee]:
        return [self(story.submitter), *(self(who) for who in story.co_members)]


class _Clock:
    """Working days counted back from "today", kept inside the demo year (an early
    "today" squeezes the story into the first days of January)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.first = date(today.year, 1, 1)

    def day(self, days_ago: int) -> date:
        day = self.today - timedelta(days=days_ago)
        while day.weekday() >= SATURDAY:
            day -= timedelta(days=1)
        return min(max(day, self.first), self.today)

    def at(self, days_ago: int, hour: int, minute: int = 0) -> datetime:
        """Submissions are stamped in the morning, reviews from 10 o'clock and decisions
        in the afternoon, so that a story squeezed into one day keeps its order."""
        return timezone.make_aware(datetime.combine(self.day(days_ago), time(hour, minute)))


def load_innovation_data(*, organization: OrgUnit, today: date) -> InnovationData:
    """Write the innovations of the module docstring with their teams, reviews,
    decisions and credits. Expects the demo office, the performance year of ``today`` and
    the criteria in force with their innovation rubric; the SKP are optional."""
    people = _People(organization)
    clock = _Clock(today)
    performance_year = PerformanceYear.objects.get(year=today.year)
    version = published_version(organization, today.year)
    if version is None:
        raise ValueError("the demo innovations need the criteria in force")
    rubric = {
        criterion.code: criterion
        for criterion in InnovationRubricCriterion.objects.filter(version=version)
    }
    scores = [[_score(told, rubric) for told in story.reviews] for story in STORIES]
    innovations = Innovation.objects.bulk_create(
        _innovation(
            story,
            story_scores,
            organization=organization,
            performance_year=performance_year,
            version=version,
            people=people,
            clock=clock,
        )
        for story, story_scores in zip(STORIES, scores, strict=True)
    )
    told = list(zip(innovations, STORIES, strict=True))
    Innovation.members.through.objects.bulk_create(
        Innovation.members.through(innovation_id=innovation.pk, employee_id=member.pk)
        for innovation, story in told
        for member in people.team(story)
    )
    Innovation.reviewers.through.objects.bulk_create(
        Innovation.reviewers.through(innovation_id=innovation.pk, user_id=people.user(who).pk)
        for innovation, story in told
        for who in story.appointed
    )
    reviews = Review.objects.bulk_create(
        Review(
            innovation=innovation,
            reviewer=people.user(review.reviewer),
            criteria_version=version,
            score=score,
            comment=review.comment,
            submitted_at=clock.at(review.days_ago, review.hour),
        )
        for (innovation, story), story_scores in zip(told, scores, strict=True)
        for review, score in zip(story.reviews, story_scores, strict=True)
    )
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion=rubric[code], points=points)
        for review, story_review in zip(
            reviews, [review for story in STORIES for review in story.reviews], strict=True
        )
        for code, points in zip(RUBRIC_CODES, story_review.points, strict=True)
    )
    credits = _credit(told, people, cap=version.innovation_credit_cap)
    results = _add_to_plans(credits, performance_year)
    _notify(told, credits, results, people, clock)
    verified = sum(1 for innovation in innovations if innovation.decided_at is not None)
    return InnovationData(
        verified=verified,
        in_review=len(innovations) - verified,
        credits=len(credits),
        in_skp=len(results),
        counts={"innovations": len(innovations), "innovation_credits": len(credits)},
    )


def _score(told: ReviewStory, rubric: dict[str, InnovationRubricCriterion]) -> Decimal:
    return review_score(
        [
            RubricPoints(points, rubric[code].max_points, rubric[code].weight)
            for code, points in zip(RUBRIC_CODES, told.points, strict=True)
        ]
    )


def _innovation(
    story: InnovationStory,
    scores: list[Decimal],
    *,
    organization: OrgUnit,
    performance_year: PerformanceYear,
    version: CriteriaVersion,
    people: _People,
    clock: _Clock,
) -> Innovation:
    submitted_at = clock.at(story.submitted_days_ago, 9, 15)
    since = min(clock.today - timedelta(days=story.since_days_ago), submitted_at.date())
    decided_at = None
    if story.decided_days_ago is not None:
        decided_at = clock.at(story.decided_days_ago, 15)
    return Innovation(
        organization=organization,
        performance_year=performance_year,
        submitted_by=people(story.submitter),
        title=story.title,
        problem=story.problem,
        change=story.change,
        since=since,
        evidence=story.evidence,
        evidence_url=story.evidence_url,
        effect=story.effect,
        status=Innovation.Status.VERIFIED if decided_at else Innovation.Status.IN_REVIEW,
        submitted_at=submitted_at,
        criteria_version=version,
        panel_score=panel_score(scores) if decided_at else None,
        decision_reason=story.reason if decided_at else "",
        decided_by=people.user(story.decided_by) if decided_at else None,
        decided_at=decided_at,
    )


def _credit(
    told: list[tuple[Innovation, InnovationStory]], people: _People, *, cap: Decimal
) -> list[InnovationCredit]:
    """Every member of a verified innovation earns its credit, cut by the yearly cap in
    the order the innovations were decided (``kinerja.innovations.rules``)."""
    earned: dict[int, Decimal] = defaultdict(Decimal)
    credits = []
    for innovation, story in sorted(
        told, key=lambda pair: pair[0].decided_at or pair[0].submitted_at
    ):
        if innovation.panel_score is None:
            continue
        uncapped = credit_points(innovation.panel_score)
        for member in people.team(story):
            points = capped_credit(uncapped, earned=earned[member.pk], cap=cap)
            earned[member.pk] += points
            credits.append(
                InnovationCredit(
                    innovation=innovation,
                    employee=member,
                    points=points,
                    uncapped_points=uncapped,
                )
            )
    return InnovationCredit.objects.bulk_create(credits)


def _add_to_plans(
    credits: list[InnovationCredit], performance_year: PerformanceYear
) -> dict[int, WorkResult]:
    """The tambahan RHK of each credit whose member has an SKP of the year, as the
    decision adds it (``services.write_credit_result``, here in bulk): in every revision
    in force or in preparation, the credit linked to the one in force. By credit id."""
    plans_of: dict[int, list[PerformancePlan]] = defaultdict(list)
    plans = (
        PerformancePlan.objects.filter(
            employee_id__in={credit.employee_id for credit in credits},
            performance_year=performance_year,
        )
        .exclude(status=PerformancePlan.Status.SUPERSEDED)
        .order_by("employee_id", "-revision")
    )
    for plan in plans:
        plans_of[plan.employee_id].append(plan)
    last_order = dict(
        WorkResult.objects.filter(
            plan_id__in=[plan.pk for plans in plans_of.values() for plan in plans],
            kind=WorkResult.Kind.ADDITIONAL,
        )
        .values("plan_id")
        .annotate(last=Max("order"))
        .values_list("plan_id", "last")
    )
    rows: list[tuple[InnovationCredit, PerformancePlan, WorkResult, str, str]] = []
    for credit in credits:
        rhk_text, iki_text, unit = credit_result_text(credit.innovation.title, credit.points)
        for plan in plans_of[credit.employee_id]:
            last_order[plan.pk] = (last_order.get(plan.pk) or 0) + 1
            result = WorkResult(
                plan=plan,
                kind=WorkResult.Kind.ADDITIONAL,
                text=rhk_text,
                order=last_order[plan.pk],
            )
            rows.append((credit, plan, result, iki_text, unit))
    WorkResult.objects.bulk_create(row[2] for row in rows)
    ResultIndicator.objects.bulk_create(
        ResultIndicator(
            work_result=result,
            text=iki_text,
            aspect=ResultIndicator.Aspect.QUANTITY,
            target_min=Decimal(1),
            unit=unit,
        )
        for _credit, _plan, result, iki_text, unit in rows
    )
    chosen: dict[int, WorkResult] = {}
    for credit, plan, result, _iki, _unit in rows:
        if credit.pk not in chosen or plan.status == PerformancePlan.Status.APPROVED:
            chosen[credit.pk] = result
    for credit in credits:
        credit.work_result = chosen.get(credit.pk)
    InnovationCredit.objects.bulk_update(credits, ["work_result"])
    return chosen


def _notify(
    told: list[tuple[Innovation, InnovationStory]],
    credits: list[InnovationCredit],
    results: dict[int, WorkResult],
    people: _People,
    clock: _Clock,
) -> None:
    """The notifications the application would have sent, in the default language: the
    credit to each member (read, except for the latest decision) and the appointment to
    each reviewer (read by those who have scored)."""
    latest = max(
        (innovation.decided_at for innovation, _story in told if innovation.decided_at),
        default=None,
    )
    rows: list[tuple[Notification, datetime]] = []
    with translation.override(settings.LANGUAGE_CODE):
        for credit in credits:
            innovation = credit.innovation
            user = credit.employee.user
            if user is None or innovation.decided_at is None:
                continue
            message = credit_message(innovation, credit, results.get(credit.pk))
            read_at = (
                None
                if innovation.decided_at == latest
                else innovation.decided_at + timedelta(hours=2)
            )
            rows.append((_notification(user, message, read_at), innovation.decided_at))
        for innovation, story in told:
            scored = {people.user(review.reviewer).pk for review in story.reviews}
            for who in story.appointed:
                user = people.user(who)
                sent = innovation.submitted_at + timedelta(days=1)
                read_at = sent + timedelta(hours=1) if user.pk in scored else None
                rows.append((_notification(user, appointment_message(innovation), read_at), sent))
    notifications = Notification.objects.bulk_create(row[0] for row in rows)
    # Saving stamps the notification with the clock; the story's moment is written afterwards.
    for notification, (_row, sent) in zip(notifications, rows, strict=True):
        notification.created_at = sent
    Notification.objects.bulk_update(notifications, ["created_at"])


def _notification(user: User, message: Message, read_at: datetime | None) -> Notification:
    return Notification(
        recipient=user, title=message.title, body=message.body, url=message.url, read_at=read_at
    )


def clear_innovation_data() -> dict[str, int]:
    """Delete every innovation with its team, reviews and credits (they protect the
    employees, accounts and criteria they name); return how many innovations. The
    tambahan RHK of the credits go with the SKP (``kinerja.demo.plans``)."""
    removed = {"innovations": Innovation.objects.count()}
    ReviewScore.objects.all().delete()
    Review.objects.all().delete()
    InnovationCredit.objects.all().delete()
    Innovation.objects.all().delete()
    return removed
