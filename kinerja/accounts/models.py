"""User accounts and the roles that are granted rather than derived.

Roles in Kinerja (see docs/glossary.md):
- pegawai: every user linked to an employee record (organization.Employee.user);
- penilai: derived from the reporting line (someone reports to you), never stored;
- pimpinan: granted; sees the subtree of the unit they work in;
- admin (HR admin): granted; sees and manages the whole organisation;
- tim evaluasi: granted; runs consultations and the annual criteria review.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    is_hr_admin = models.BooleanField(
        _("HR admin"),
        default=False,
        help_text=_("Manages master data, imports, periods and the audit log."),
    )
    is_pimpinan = models.BooleanField(
        _("head of organisation (pimpinan)"),
        default=False,
        help_text=_("Head of an organisation: sees everyone in the unit they work in and below."),
    )
    is_evaluation_team = models.BooleanField(
        _("criteria evaluation team"),
        default=False,
        help_text=_("Member of the team that reviews the criteria every year."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def has_hr_admin_rights(self) -> bool:
        """HR admins, and superusers who hold every right, manage master data and imports
        and read the audit log."""
        return self.is_hr_admin or self.is_superuser
