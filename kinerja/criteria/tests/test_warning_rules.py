"""The early-warning rules of a criteria version: the bounds (the same as the checks'
``monitoring.rules.RuleConfig.problem``), the services that change them while the version
may change, and the pages that show them."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.criteria.models import EarlyWarningRule, VersionLocked
from kinerja.criteria.rules import Stage
from kinerja.criteria.selectors.warning_rules import describe_rule
from kinerja.criteria.services.versions import VersionRefused, move_version
from kinerja.criteria.services.warning_rules import (
    MAX_COUNT,
    MAX_POINTS,
    WarningRuleInput,
    delete_warning_rule,
    rule_problem,
    save_warning_rule,
)
from kinerja.criteria.tests.factories import complete_version
from kinerja.monitoring.rules import Measure, RuleConfig, RuleKind

STREAK = EarlyWarningRule.Kind.RATING_BELOW_STREAK.value
ON_TIME = EarlyWarningRule.Kind.ON_TIME_BELOW.value
DROP = EarlyWarningRule.Kind.DROP_BELOW_TRAILING.value


# -- the bounds agree with the checks ---------------------------------------------------


def _decimals(places: int, low: str, high: str) -> st.SearchStrategy[Decimal | None]:
    return st.none() | st.decimals(
        min_value=Decimal(low), max_value=Decimal(high), places=places, allow_nan=False
    )


counts = st.integers(min_value=-2, max_value=MAX_COUNT)


@given(
    data=st.builds(
        WarningRuleInput,
        kind=st.sampled_from([STREAK, ON_TIME, DROP]),
        periods=counts,
        threshold=_decimals(4, "-1", "2"),
        minimum_tasks=counts,
        points=_decimals(2, "-50", str(MAX_POINTS)),
        window=counts,
        measure=st.sampled_from(EarlyWarningRule.Measure.values),
        is_active=st.booleans(),
    )
)
def test_the_criteria_bounds_are_the_checks_bounds(data):
    config = RuleConfig(
        kind=RuleKind(data.kind),
        periods=data.periods,
        threshold=data.threshold,
        minimum_tasks=data.minimum_tasks,
        points=data.points,
        window=data.window,
        measure=Measure(data.measure),
    )

    problem = rule_problem(data)

    assert (problem[0] if problem else None) == config.problem()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": STREAK, "periods": 1}, None),
        ({"kind": STREAK, "periods": 0}, "periods"),
        ({"kind": ON_TIME, "threshold": Decimal(1), "minimum_tasks": 1}, None),
        ({"kind": ON_TIME, "threshold": Decimal(0), "minimum_tasks": 1}, "threshold"),
        ({"kind": ON_TIME, "threshold": Decimal("1.0001"), "minimum_tasks": 1}, "threshold"),
        ({"kind": ON_TIME, "threshold": None}, "threshold"),
        ({"kind": ON_TIME, "threshold": Decimal("0.8"), "minimum_tasks": 0}, "minimum_tasks"),
        ({"kind": DROP, "points": Decimal("0.01"), "window": 1}, None),
        ({"kind": DROP, "points": Decimal(0), "window": 1}, "points"),
        ({"kind": DROP, "points": Decimal(5), "window": 0}, "window"),
        ({"kind": DROP, "points": Decimal(5), "measure": "LAIN"}, "measure"),
        ({"kind": "LAIN"}, "kind"),
    ],
)
def test_each_bound_names_its_field(values, field):
    problem = rule_problem(WarningRuleInput(**values))

    assert (problem[0] if problem else None) == field


# -- the services -----------------------------------------------------------------------


@pytest.fixture
def draft(org, hr_admin):
    return complete_version(hr_admin, org.kecamatan)


def test_a_new_version_starts_with_the_default_rules(draft):
    rules = list(draft.warning_rules.order_by("order"))

    assert [rule.kind for rule in rules] == [STREAK, ON_TIME, DROP]
    with translation.override("en"):
        assert describe_rule(rules[1]).startswith("Fewer than 80% of the service tasks")


def test_the_team_adds_changes_and_removes_a_rule(draft, hr_admin):
    # add
    added = save_warning_rule(
        actor=hr_admin,
        version=draft,
        data=WarningRuleInput(kind=DROP, points=Decimal(10), window=2, measure="TEPAT_WAKTU"),
    )
    assert (added.order, added.points, added.window, added.measure) == (
        4,
        Decimal(10),
        2,
        "TEPAT_WAKTU",
    )
    assert added.threshold is None

    # change, and switch off
    changed = save_warning_rule(
        actor=hr_admin,
        version=draft,
        rule=added,
        data=WarningRuleInput(kind=DROP, points=Decimal(12), window=2, is_active=False),
    )
    changed.refresh_from_db()
    assert (changed.points, changed.measure, changed.is_active) == (
        Decimal(12),
        "SKOR_HASIL",
        False,
    )

    # remove
    delete_warning_rule(actor=hr_admin, rule=changed)
    assert not EarlyWarningRule.objects.filter(pk=added.pk).exists()

    events = list(AuditEvent.objects.filter(action=AuditAction.WARNING_RULE_SAVED).order_by("seq"))
    assert len(events) == 3
    assert events[1].changes == {
        "points": ["10", "12"],
        "measure": ["TEPAT_WAKTU", "SKOR_HASIL"],
        "is_active": [True, False],
    }
    assert "deleted" in events[2].changes


def test_saving_an_unchanged_rule_records_nothing(draft, hr_admin):
    rule = draft.warning_rules.get(kind=ON_TIME)

    save_warning_rule(
        actor=hr_admin,
        version=draft,
        rule=rule,
        data=WarningRuleInput(kind=ON_TIME, threshold=Decimal("0.8"), minimum_tasks=10),
    )

    assert not AuditEvent.objects.filter(action=AuditAction.WARNING_RULE_SAVED).exists()


def test_a_rule_that_cannot_be_checked_is_refused(draft, hr_admin):
    rule = draft.warning_rules.get(kind=ON_TIME)

    with pytest.raises(VersionRefused) as error:
        save_warning_rule(
            actor=hr_admin,
            version=draft,
            rule=rule,
            data=WarningRuleInput(kind=ON_TIME, threshold=Decimal("1.5"), minimum_tasks=10),
        )

    assert error.value.field == "threshold"
    with pytest.raises(VersionRefused) as kind_error:
        save_warning_rule(
            actor=hr_admin, version=draft, rule=rule, data=WarningRuleInput(kind=STREAK)
        )
    assert kind_error.value.field == "kind"


def test_an_adopted_or_published_version_keeps_its_rules(draft, hr_admin):
    move_version(actor=hr_admin, version=draft, to=Stage.ADOPTED)
    rule = draft.warning_rules.get(kind=STREAK)

    with pytest.raises(VersionLocked):
        save_warning_rule(
            actor=hr_admin, version=draft, rule=rule, data=WarningRuleInput(kind=STREAK, periods=3)
        )
    with pytest.raises(VersionLocked):
        delete_warning_rule(actor=hr_admin, rule=rule)


def test_only_the_team_changes_rules(draft, pegawai, org):
    rule = draft.warning_rules.get(kind=STREAK)

    with pytest.raises(PermissionDenied):
        save_warning_rule(
            actor=pegawai, version=draft, rule=rule, data=WarningRuleInput(kind=STREAK, periods=3)
        )
    with pytest.raises(PermissionDenied):
        delete_warning_rule(actor=org.asing.user, rule=rule)


# -- the pages --------------------------------------------------------------------------


def test_the_version_page_lists_the_rules_with_the_editing_links(draft, hr_admin, client_as):
    page = client_as(hr_admin).get(reverse("criteria:version_detail", args=[draft.pk]))

    html = page.content.decode()
    assert 'id="warning-rules"' in html
    for rule in draft.warning_rules.all():
        assert reverse("criteria:warning_rule_update", args=[draft.pk, rule.pk]) in html
    assert reverse("criteria:warning_rule_create", args=[draft.pk]) in html


def test_a_published_version_shows_its_rules_read_only(draft, hr_admin, pegawai, client_as):
    move_version(actor=hr_admin, version=draft, to=Stage.ADOPTED)
    move_version(actor=hr_admin, version=draft, to=Stage.PUBLISHED)

    html = client_as(pegawai).get(reverse("criteria:version_detail", args=[draft.pk]))
    html = html.content.decode()

    assert 'id="warning-rules"' in html
    assert reverse("criteria:warning_rule_create", args=[draft.pk]) not in html


def test_adding_a_rule_through_the_form(draft, hr_admin, client_as):
    response = client_as(hr_admin).post(
        reverse("criteria:warning_rule_create", args=[draft.pk]),
        {"kind": ON_TIME, "threshold": "75", "minimum_tasks": "5", "is_active": "on"},
    )

    assert response.status_code == 302
    added = draft.warning_rules.order_by("order").last()
    assert (added.kind, added.threshold, added.minimum_tasks) == (ON_TIME, Decimal("0.75"), 5)


def test_the_form_shows_a_refusal_next_to_its_field(draft, hr_admin, client_as):
    response = client_as(hr_admin).post(
        reverse("criteria:warning_rule_create", args=[draft.pk]), {"kind": STREAK, "periods": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["periods"]
    assert draft.warning_rules.count() == 3


def test_changing_and_removing_through_the_pages(draft, hr_admin, client_as):
    client = client_as(hr_admin)
    rule = draft.warning_rules.get(kind=STREAK)
    url = reverse("criteria:warning_rule_update", args=[draft.pk, rule.pk])

    form = client.get(url)
    changed = client.post(url, {"periods": "3"})  # "is_active" unticked
    rule.refresh_from_db()

    assert form.status_code == 200
    assert changed.status_code == 302
    assert (rule.periods, rule.is_active) == (3, False)
    removed = client.post(reverse("criteria:warning_rule_delete", args=[draft.pk, rule.pk]))
    assert removed.status_code == 302
    assert not draft.warning_rules.filter(pk=rule.pk).exists()


def test_an_employee_may_not_edit_rules(draft, hr_admin, pegawai, client_as):
    move_version(actor=hr_admin, version=draft, to=Stage.CONSULTATION)
    rule = draft.warning_rules.first()
    client = client_as(pegawai)

    create = client.post(reverse("criteria:warning_rule_create", args=[draft.pk]), {})
    delete = client.post(reverse("criteria:warning_rule_delete", args=[draft.pk, rule.pk]))

    assert (create.status_code, delete.status_code) == (403, 403)


def test_employees_read_the_active_rules_with_the_criteria(draft, hr_admin, pegawai, client_as):
    # given a published version whose drop rule is switched off
    drop = draft.warning_rules.get(kind=DROP)
    save_warning_rule(
        actor=hr_admin,
        version=draft,
        rule=drop,
        data=WarningRuleInput(kind=DROP, points=Decimal(15), window=3, is_active=False),
    )
    move_version(actor=hr_admin, version=draft, to=Stage.ADOPTED)
    move_version(actor=hr_admin, version=draft, to=Stage.PUBLISHED)

    # when the employee reads the criteria
    page = client_as(pegawai).get(reverse("criteria:version_for_me", args=[draft.pk]))

    # then the section lists the two active rules only
    lines = page.context["warning_rules"]
    assert [line.rule.kind for line in lines] == [STREAK, ON_TIME]
    assert 'id="early-warning"' in page.content.decode()
