"""How the demo office introduced Kinerja, unit by unit (``organization.rollout``).

The story, for a demo year Y: the kecamatan office and four kelurahan tried Kinerja out
from October of Y-1 and went live on 1 January Y. Kelurahan Tobek Godang, the last to get
its front-desk system connected, started its pilot only on 1 January Y and goes live on
1 January Y+1: its results this year are computed and shown as "uji coba", outside the
kecamatan's curve (``kinerja.demo.appraisals`` leaves them undelivered).
"""

from dataclasses import dataclass
from datetime import date

from kinerja.organization.models import OrgUnit, UnitRollout

PILOT_KELURAHAN = "KEL-TOBEKGODANG"


@dataclass(frozen=True, slots=True)
class RolloutData:
    plans: int

    @property
    def counts(self) -> dict[str, int]:
        return {"rollout_plans": self.plans}


def rollout_plans(organization: OrgUnit, year: int) -> dict[str, tuple[date, date]]:
    """The plans of the story by unit code: (pilot from, live from)."""
    return {
        organization.code: (date(year - 1, 10, 1), date(year, 1, 1)),
        PILOT_KELURAHAN: (date(year, 1, 1), date(year + 1, 1, 1)),
    }


def load_rollout_data(*, organization: OrgUnit, today: date) -> RolloutData:
    """Write the rollout plans of the module docstring. Expects the demo office."""
    plans = rollout_plans(organization, today.year)
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=list(plans))}
    rows = UnitRollout.objects.bulk_create(
        UnitRollout(
            unit=units[code],
            pilot_from=pilot_from,
            active_from=active_from,
            note=(
                "Uji coba sejak sistem layanan loket tersambung; aktif setelah seluruh pegawai"
                " menerima tanda terima kriteria."
            ),
        )
        for code, (pilot_from, active_from) in plans.items()
        if code in units
    )
    return RolloutData(plans=len(rows))


def clear_rollout_data() -> dict[str, int]:
    removed = {"rollout_plans": UnitRollout.objects.count()}
    UnitRollout.objects.all().delete()
    return removed
