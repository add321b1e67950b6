"""Give every existing criteria version the office's default early-warning rules, which
versions created from now on get when they start (``services.versions``)."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = (
    {"kind": "RATING_DI_BAWAH_BERTURUT", "periods": 2},
    {"kind": "TEPAT_WAKTU_DI_BAWAH", "threshold": Decimal("0.80"), "minimum_tasks": 10},
    {"kind": "TURUN_DARI_RERATA", "points": Decimal(15), "window": 3, "measure": "SKOR_HASIL"},
)


def add_default_rules(apps, schema_editor):
    version_model = apps.get_model("criteria", "CriteriaVersion")
    rule_model = apps.get_model("criteria", "EarlyWarningRule")
    without = version_model.objects.filter(warning_rules__isnull=True)
    rule_model.objects.bulk_create(
        rule_model(version=version, order=order, **values)
        for version in without
        for order, values in enumerate(DEFAULTS, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("criteria", "0003_early_warning_rules")]

    operations = [migrations.RunPython(add_default_rules, migrations.RunPython.noop)]
