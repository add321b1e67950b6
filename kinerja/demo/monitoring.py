"""Early warning and coaching in the demo office.

The story, for "today" in the demo year:

- The early-warning checks ran after each month's results, as cron runs them
  (``kinerja.monitoring``, the default rules of the criteria in force): the front-desk
  officers whose service declines (``kinerja.demo.builder.DECLINING_OFFICERS``) and a few
  others trip them. Each alert is dated when its data arrived: the fifth working day after
  its period.
- The declining PATEN officer's appraiser, the kasi, turned the first alert into a
  coaching case three days later: goals, two dialogue sessions, three actions (one done,
  one late, one ahead) and a counselling record, confidential to the officer, the kasi and
  the HR admin. The officer commented on the plan.
- Earlier in the year another employee was below expectation two months in a row; the
  appraiser opened a case, and it was closed as improved after three months.
- One alert was dismissed with a reason.

As in the other demo modules nobody is named as the actor of an audit event (the checks
record theirs without one) and the rows are written directly.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kinerja.appraisals.models import Evaluation
from kinerja.coaching.models import (
    CaseComment,
    CoachingAction,
    CoachingCase,
    CoachingSession,
    CounsellingRecord,
)
from kinerja.coaching.rules import add_months
from kinerja.core.periods import parse_period
from kinerja.demo.criteria import Who
from kinerja.demo.services import DECLINE_DAYS
from kinerja.monitoring.models import Alert
from kinerja.monitoring.services.checks import run_checks
from kinerja.organization.models import Employee, OrgUnit, Period

COACHED: Who = ("BINAWIDYA-PELAYANAN", "Pengelola Layanan Administrasi Terpadu", 1)
GOALS = (
    "Mengembalikan ketepatan waktu layanan loket PATEN ke paling sedikit 90 % dalam tiga"
    " bulan, dan tidak ada berkas yang tertunda lebih dari satu hari kerja tanpa alasan."
)
SESSIONS = (
    (
        2,
        "Membahas penurunan ketepatan waktu sejak Agustus. Penyebab utama: antrean pagi"
        " menumpuk dan berkas yang kurang lengkap baru diketahui di akhir proses.",
        "Cek kelengkapan berkas di awal; laporan singkat antrean setiap Jumat.",
    ),
    (
        16,
        "Ketepatan waktu mulai naik pada dua minggu terakhir. Berkas pindah datang masih"
        " sering terlambat karena menunggu verifikasi Disdukcapil.",
        "Kasi menghubungi Disdukcapil soal jalur verifikasi; pegawai mencatat berkas yang"
        " menunggu pihak lain.",
    ),
)
ACTIONS = (
    ("Memakai daftar periksa kelengkapan berkas untuk setiap pemohon", 5, True),
    ("Mengirim laporan antrean mingguan kepada kasi", 12, False),
    ("Mengikuti pelatihan aplikasi SIAK terbaru", 40, False),
)
COMMENT = "Saya setuju dengan rencana ini. Mohon dibantu soal verifikasi berkas pindah datang."
DISMISSAL = "Cuti melahirkan pada bulan tersebut; berkas dialihkan ke rekan satu loket."


@dataclass(frozen=True, slots=True)
class MonitoringData:
    alerts: int
    coaching_cases: int

    @property
    def counts(self) -> dict[str, int]:
        return {"alerts": self.alerts, "coaching_cases": self.coaching_cases}


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _fifth_working_day(after: date) -> date:
    day, counted = after, 0
    while counted < 5:
        day += timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


def _holder(who: Who) -> Employee | None:
    if isinstance(who, str):
        return Employee.objects.filter(user__username=who).first()
    unit, title, holder = who
    holders = list(
        Employee.objects.filter(unit__code=unit, position__name=title).order_by("pk")[: holder + 1]
    )
    return holders[holder] if len(holders) > holder else None


def _date_alerts(today: date) -> None:
    """An alert is raised when its data arrives: the fifth working day after its period.
    One UPDATE per period (a handful), not one per alert."""
    now = timezone.now()
    for period in sorted(set(Alert.objects.values_list("period", flat=True))):
        raised = _at(_fifth_working_day(parse_period(period).ends_on), 9)
        if raised > now or raised.date() > today:
            raised = now
        Alert.objects.filter(period=period).update(raised_at=raised)


def _case(
    employee: Employee,
    *,
    opened_on: date,
    reason: str,
    goals: str,
) -> CoachingCase:
    coach = employee.supervisor
    assert coach is not None  # noqa: S101 - demo employees below the camat have one
    assert coach.user is not None  # noqa: S101 - every demo employee has an account
    case = CoachingCase.objects.create(
        employee=employee,
        coach=coach,
        opened_by=coach.user,
        reason=reason,
        goals=goals,
        window_starts_on=opened_on,
        window_ends_on=add_months(opened_on, 6),
    )
    CoachingCase.objects.filter(pk=case.pk).update(created_at=_at(opened_on, 10))
    return case


def _active_case(employee: Employee, alert: Alert, today: date) -> CoachingCase:
    opened_on = min(alert.raised_at.date() + timedelta(days=3), today)
    case = _case(
        employee,
        opened_on=opened_on,
        reason=f"Peringatan dini {alert.get_kind_display()} ({alert.period}).",
        goals=GOALS,
    )
    coach = case.coach
    assert coach is not None  # noqa: S101 - set by _case
    assert coach.user is not None  # noqa: S101 - every demo employee has an account
    for offset, notes, agreements in SESSIONS:
        held_on = min(opened_on + timedelta(days=offset), today)
        CoachingSession.objects.create(
            case=case,
            held_on=held_on,
            participants=f"{employee.name}; {coach.name}",
            notes=notes,
            agreements=agreements,
            recorded_by=coach.user,
        )
    for text, offset, done in ACTIONS:
        due_on = opened_on + timedelta(days=offset)
        CoachingAction.objects.create(
            case=case,
            text=text,
            owner=employee,
            due_on=due_on,
            done_at=_at(min(due_on, today), 15) if done else None,
        )
    CounsellingRecord.objects.create(
        case=case,
        counsellor=coach,
        held_on=min(opened_on + timedelta(days=9), today),
        place="Ruang rapat kecil Kantor Camat Binawidya",
        problems="Beban antrean pagi dan berkas tidak lengkap menurunkan ketepatan waktu.",
        causes="Pemeriksaan kelengkapan berkas dilakukan terlambat; kelelahan pada jam sibuk.",
        solutions="Daftar periksa di awal layanan; pembagian loket pagi dengan rekan.",
        follow_up=CoachingCase.FollowUp.GUIDANCE,
        signed_at=_at(min(opened_on + timedelta(days=9), today), 14),
        recorded_by=coach.user,
    )
    assert employee.user is not None  # noqa: S101 - every demo employee has an account
    CaseComment.objects.create(case=case, author=employee.user, text=COMMENT)
    return case


def _improved_case(today: date, taken: set[int]) -> CoachingCase | None:
    """The first employee (by id) rated Butuh Perbaikan two months in a row in the first
    half of the year and Baik or better from June on."""
    weak = Evaluation.objects.filter(
        period__performance_year__year=today.year,
        final_predicate="BUTUH_PERBAIKAN",
        period__starts_on__month__lte=5,
    ).values_list("employee_id", "period__starts_on")
    months: dict[int, set[int]] = {}
    for employee_id, starts_on in weak:
        months.setdefault(employee_id, set()).add(starts_on.month)
    for employee_id in sorted(months):
        streak = next(
            (m for m in sorted(months[employee_id]) if m + 1 in months[employee_id]), None
        )
        if streak is None or employee_id in taken:
            continue
        later = Evaluation.objects.filter(
            employee_id=employee_id,
            period__performance_year__year=today.year,
            period__starts_on__month__gte=6,
            period__ends_on__lt=today,
        ).values_list("final_predicate", flat=True)
        if not later or any(predicate not in {"BAIK", "SANGAT_BAIK"} for predicate in later):
            continue
        employee = Employee.objects.select_related("supervisor__user").get(pk=employee_id)
        if employee.supervisor is None or employee.supervisor.user is None:
            continue
        opened_on = _fifth_working_day(date(today.year, streak + 1, 28))
        case = _case(
            employee,
            opened_on=opened_on,
            reason="Hasil kerja di bawah ekspektasi dua bulan berturut-turut.",
            goals="Capaian IKI bulanan kembali ke target dalam tiga bulan.",
        )
        closed_on = opened_on + timedelta(days=92)
        CoachingSession.objects.create(
            case=case,
            held_on=opened_on + timedelta(days=1),
            participants=f"{employee.name}; {employee.supervisor.name}",
            notes="Menyepakati prioritas pekerjaan dan pendampingan mingguan.",
            agreements="Laporan kemajuan setiap dua minggu.",
            recorded_by=employee.supervisor.user,
        )
        CoachingCase.objects.filter(pk=case.pk).update(
            status=CoachingCase.Status.CLOSED,
            outcome=CoachingCase.Outcome.IMPROVED,
            outcome_note="Tiga bulan berturut-turut sesuai ekspektasi; pembinaan selesai.",
            closed_by=employee.supervisor.user,
            closed_at=_at(closed_on, 11),
        )
        Alert.objects.filter(employee=employee, status=Alert.Status.OPEN).update(
            status=Alert.Status.COACHING,
            coaching_case=case,
            decided_by=employee.supervisor.user,
            decided_at=_at(opened_on, 10),
        )
        return case
    return None


def load_monitoring_data(*, organization: OrgUnit, today: date) -> MonitoringData:
    """Run the checks over the demo year and write the coaching story of the module
    docstring. Expects the demo office with its evaluations."""
    # As cron would have run them: after each month's results, then today.
    for period in Period.objects.filter(
        performance_year__year=today.year, kind=Period.Kind.MONTH, ends_on__lt=today
    ).order_by("starts_on"):
        run_checks(today=min(_fifth_working_day(period.ends_on), today), organization=organization)
    run_checks(today=today, organization=organization)
    _date_alerts(today)
    cases = 0
    coached = _holder(COACHED)
    taken: set[int] = set()
    if coached is not None and coached.supervisor is not None:
        # The first alert of the decline of the last months (DECLINE_DAYS in the service
        # history), not an earlier blip.
        since = today - timedelta(days=DECLINE_DAYS)
        first = (
            Alert.objects.filter(employee=coached, raised_at__date__gte=since)
            .order_by("raised_at", "pk")
            .first()
        )
        if first is not None:
            case = _active_case(coached, first, today)
            coach_user = coached.supervisor.user
            Alert.objects.filter(employee=coached).update(
                status=Alert.Status.COACHING,
                coaching_case=case,
                decided_by=coach_user,
                decided_at=_at(case.window_starts_on, 10),
            )
            taken.add(coached.pk)
            cases += 1
    if _improved_case(today, taken) is not None:
        cases += 1
    dismissed = (
        Alert.objects.filter(status=Alert.Status.OPEN)
        .exclude(employee_id__in=taken)
        .order_by("raised_at", "pk")
        .first()
    )
    if dismissed is not None and dismissed.appraiser is not None:
        Alert.objects.filter(pk=dismissed.pk).update(
            status=Alert.Status.DISMISSED,
            dismissal_reason=DISMISSAL,
            decided_by=dismissed.appraiser.user,
            decided_at=dismissed.raised_at + timedelta(days=2),
        )
    return MonitoringData(alerts=Alert.objects.count(), coaching_cases=cases)


def clear_monitoring_data() -> dict[str, int]:
    """Delete every alert and coaching case with its records."""
    removed = {"alerts": Alert.objects.count(), "coaching_cases": CoachingCase.objects.count()}
    Alert.objects.all().delete()
    CaseComment.objects.all().delete()
    CounsellingRecord.objects.all().delete()
    CoachingAction.objects.all().delete()
    CoachingSession.objects.all().delete()
    CoachingCase.objects.all().delete()
    return removed
