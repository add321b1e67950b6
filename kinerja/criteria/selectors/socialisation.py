"""Reading the socialisation of a published version: who is in scope, the criteria one
employee must read, and the coverage per unit."""

from django.db.models import Q, QuerySet

from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import applies_to
from kinerja.organization.models import Employee, OrgUnit


def employees_in_scope(version: CriteriaVersion) -> QuerySet[Employee]:
    """Active employees of the version's organisation to whom at least one of its
    indicators applies."""
    employees = Employee.objects.filter(
        is_active=True, unit__path__startswith=version.organization.path
    ).select_related("position", "unit", "user")
    indicators = list(
        Indicator.objects.filter(version=version).values_list("position_kinds", "unit_codes")
    )
    codes = {code for _kinds, unit_codes in indicators for code in unit_codes}
    paths = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "path"))
    profiles = employees.values_list("position__kind", "unit__path").distinct()
    in_scope = [
        (kind, path)
        for kind, path in profiles
        if any(
            applies_to(
                kind,
                path,
                position_kinds=kinds,
                unit_paths=[paths[code] for code in unit_codes if code in paths],
            )
            for kinds, unit_codes in indicators
        )
    ]
    if not in_scope:
        return employees.none()
    scope = Q()
    for kind, path in in_scope:
        scope |= Q(position__kind=kind, unit__path=path)
    return employees.filter(scope)
