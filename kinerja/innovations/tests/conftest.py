"""Fixtures of the innovation tests: the performance year 2026, the criteria in force
(published, with the default innovation rubric: four criteria 0–5, pass score 60, cap
10), a member of the evaluation team, and "today" in May 2026."""

import pytest
import time_machine

from kinerja.criteria.tests.factories import published_version
from kinerja.innovations.tests.factories import TODAY, at, make_employee
from kinerja.organization.services import open_performance_year


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield


@pytest.fixture
def year(org):
    return open_performance_year(actor=None, year=2026)


@pytest.fixture
def criteria(org, hr_admin):
    return published_version(hr_admin, org.kecamatan, year=2026)


@pytest.fixture
def tim(org):
    """A member of the evaluation team (tim evaluasi), working in the secretariat."""
    return make_employee(org.sekretariat, "tim", supervisor=org.camat, is_evaluation_team=True).user


@pytest.fixture
def ledger(year, criteria, tim):
    """Everything an innovation needs: the year open, the criteria in force, the team."""
    return criteria
