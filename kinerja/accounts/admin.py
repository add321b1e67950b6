from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User


@admin.register(User)
class KinerjaUserAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "is_hr_admin", "is_pimpinan", "is_evaluation_team")
    list_filter = ("is_hr_admin", "is_pimpinan", "is_evaluation_team", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Kinerja roles"), {"fields": ("is_hr_admin", "is_pimpinan", "is_evaluation_team")}),
    )
