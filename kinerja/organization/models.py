"""Units, positions, employees, the reporting line, and performance years with their
periods and the appraisers snapshotted for each period."""

import re
from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.core.periods import PeriodKind
from kinerja.organization.nip import InvalidNip, PnsNip, parse_pns_nip

UNIT_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
unit_code_validator = RegexValidator(
    UNIT_CODE_PATTERN,
    _("Use 1 to 32 letters, digits, dots, hyphens or underscores; start with a letter or digit."),
)


class OrgUnit(TimeStampedModel):
    """A unit in the organisation tree (kecamatan → sekretariat / seksi, kelurahan → seksi)."""

    class Kind(models.TextChoices):
        PEMERINTAH_KOTA = "PEMERINTAH_KOTA", _("City government")
        DINAS = "DINAS", _("Agency (dinas)")
        BADAN = "BADAN", _("Board (badan)")
        KECAMATAN = "KECAMATAN", _("Kecamatan")
        KELURAHAN = "KELURAHAN", _("Kelurahan")
        SEKRETARIAT = "SEKRETARIAT", _("Secretariat")
        BAGIAN = "BAGIAN", _("Division (bagian)")
        BIDANG = "BIDANG", _("Department (bidang)")
        SUBBAGIAN = "SUBBAGIAN", _("Sub-division (subbagian)")
        SEKSI = "SEKSI", _("Section (seksi)")
        UPT = "UPT", _("Technical unit (UPT)")
        LAINNYA = "LAINNYA", _("Other")

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Materialised path of unit codes, "/KEC/KEL-DELIMA/": a subtree is one prefix
    # query, without recursion. Maintained by the services, never edited by hand.
    path = models.CharField(max_length=1024, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Position(TimeStampedModel):
    """A jabatan in a unit. Employees holding the same jabatan share one row."""

    class Kind(models.TextChoices):
        JPT_PRATAMA = "JPT_PRATAMA", _("Senior executive (JPT Pratama)")
        ADMINISTRATOR = "ADMINISTRATOR", _("Administrator")
        PENGAWAS = "PENGAWAS", _("Supervisor (pengawas)")
        PELAKSANA = "PELAKSANA", _("Executive staff (pelaksana)")
        FUNGSIONAL = "FUNGSIONAL", _("Functional (fungsional)")

    name = models.CharField(_("position"), max_length=200)
    kind = models.CharField(_("position type"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit")
    )

    class Meta:
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name", "kind"], name="position_unique_in_unit")
        ]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return self.name


class Employee(TimeStampedModel):
    """A civil servant (PNS) or contract civil servant (PPPK)."""

    class AsnStatus(models.TextChoices):
        PNS = "PNS", _("Civil servant (PNS)")
        PPPK = "PPPK", _("Contract civil servant (PPPK)")

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200)
    asn_status = models.CharField(_("ASN status"), max_length=4, choices=AsnStatus.choices)
    rank = models.CharField(_("rank/grade (pangkat/golongan)"), max_length=60)
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="holders", verbose_name=_("position")
    )
    # Always the position's unit; kept here so that unit filters need no join.
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit")
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("direct superior (atasan)"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("user account"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["unit", "name"])]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return self.name

    @property
    def pns_nip(self) -> PnsNip | None:
        """The parts of a PNS NIP; None for PPPK or a malformed legacy value."""
        if self.asn_status != self.AsnStatus.PNS:
            return None
        try:
            return parse_pns_nip(self.nip)
        except InvalidNip:
            return None

    @property
    def birth_date(self) -> date | None:
        parts = self.pns_nip
        return parts.birth_date if parts else None


class PerformanceYear(TimeStampedModel):
    """A performance cycle (PermenPANRB 6/2022 Pasal 5): planning, periodic and annual
    evaluation. Its periods are created with it."""

    class Periodicity(models.TextChoices):
        MONTHLY = "BULANAN", _("Monthly")
        QUARTERLY = "TRIWULANAN", _("Quarterly")

    class RatingMethod(models.TextChoices):
        QUADRANT_6_2022 = "KUADRAN_6_2022", _("PermenPANRB 6/2022 matrix")
        NUMERIC_PP30 = "NUMERIK_PP30", _("PP 30/2019 numeric method")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    periodicity = models.CharField(
        _("periodic evaluation"),
        max_length=12,
        choices=Periodicity.choices,
        default=Periodicity.MONTHLY,
    )
    rating_method = models.CharField(
        _("rating method"),
        max_length=16,
        choices=RatingMethod.choices,
        default=RatingMethod.QUADRANT_6_2022,
    )
    skp_deadline = models.DateField(_("SKP adoption deadline"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("performance year")
        verbose_name_plural = _("performance years")

    def __str__(self) -> str:
        return str(self.year)


class Period(models.Model):
    """A month, triwulan or the whole year of a performance year; see core.periods."""

    class Kind(models.TextChoices):
        # Stored values are core.periods.PeriodKind names.
        YEAR = PeriodKind.YEAR.name, _("Year")
        QUARTER = PeriodKind.QUARTER.name, _("Quarter (triwulan)")
        MONTH = PeriodKind.MONTH.name, _("Month")

    performance_year = models.ForeignKey(
        PerformanceYear, on_delete=models.CASCADE, related_name="periods"
    )
    code = models.CharField(_("period"), max_length=7, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_evaluation_period = models.BooleanField(
        _("evaluation period"),
        default=False,
        help_text=_("Employees are evaluated at the end of this period."),
    )

    class Meta:
        ordering = ["starts_on", "-ends_on"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")

    def __str__(self) -> str:
        return self.code


class AppraisalChain(models.Model):
    """Who appraises an employee in a period, and who is above the appraiser, frozen when
    the period is opened so that later moves do not rewrite history."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="appraisal_chains")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    appraiser = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appraiser_superior = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    snapshotted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "employee"], name="chain_unique_per_period")
        ]
        verbose_name = _("appraisal chain")
        verbose_name_plural = _("appraisal chains")

    def __str__(self) -> str:
        return f"{self.period_id}: {self.employee_id} ← {self.appraiser_id}"


class UnitRollout(TimeStampedModel):
    """The plan for introducing Kinerja in a unit and the units below it
    (``organization.rollout``): when its pilot (uji coba) starts and when it goes live."""

    unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="rollout", verbose_name=_("unit")
    )
    pilot_from = models.DateField(_("pilot (uji coba) from"), null=True, blank=True)
    active_from = models.DateField(_("live (aktif) from"), null=True, blank=True)
    note = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("rollout plan")
        verbose_name_plural = _("rollout plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pilot_from__isnull=True)
                | models.Q(active_from__isnull=True)
                | models.Q(active_from__gte=models.F("pilot_from")),
                name="rollout_pilot_before_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.pilot_from} → {self.active_from}"
