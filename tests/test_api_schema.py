"""The API keeps its published contract: schemathesis generates requests from
/api/v1/schema/ and every answer must be documented (status, content type, body) and never
a server error. The browsable documentation works offline and under the site's CSP."""

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
import schemathesis
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kinerja.core.periods import PeriodKind
from kinerja.service_metrics.models import ServiceMetric
from kinerja.service_metrics.tests.factories import ServiceTypeFactory

SCHEMA_URL = "/api/v1/schema/"
DOCS_URL = "/api/v1/docs/"


# Loaded when the module is collected: serving the schema needs no database.
schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())


@pytest.fixture
def keep_test_connection():
    # Django's test Client does the same: the end of a request must not close the test's
    # database connection (on PostgreSQL the test would lose its transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(org):
    # Figures for the period the schema gives as its example (schemathesis tries it
    # first), so that the GET answers have bodies to check.
    for employee in (org.camat, org.staf, org.lurah):
        ServiceMetric.objects.create(
            employee=employee,
            period="2026-Q1",
            period_kind=PeriodKind.QUARTER.value,
            tasks_completed=3,
            on_time=2,
            first_time_right=3,
            median_turnaround_seconds=5400.0,
            computed_at="2026-04-01T00:00:00Z",
        )
    return Token.objects.create(user=org.admin.user).key


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@schema.parametrize()
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_generated_request_gets_a_documented_answer_and_no_server_error(
    case, keep_test_connection, admin_token
):
    case.call_and_validate(headers={"Authorization": f"Token {admin_token}"}, checks=CHECKS)


def test_real_answers_of_every_operation_match_the_schema(keep_test_connection, org, admin_token):
    """Random data seldom meets real rows; these requests do, so that full bodies (and
    each error answer) are checked against the schema too."""
    ServiceTypeFactory(code="SKD", unit=org.pelayanan)
    item = {
        "nomor": "T-1",
        "layanan_kode": "SKD",
        "nip_petugas": org.staf.nip,
        "diterima_pada": "2026-02-02T09:00:00",
        "selesai_pada": "2026-02-02T10:00:00",
        "dikembalikan": 0,
        "keluhan": 0,
    }
    staff_token = Token.objects.create(user=org.staf.user).key
    tasks, metrics = "/api/v1/service-tasks/", "/api/v1/service-metrics/"
    employee = "/api/v1/employees/{nip}/service-metrics/"
    period = {"period": "2026-Q1"}
    calls = [
        ("POST", "/api/v1/auth/token/", {"body": {"username": "staf", "password": "binawidya"}}),
        ("POST", "/api/v1/auth/token/", {"body": {"username": "staf", "password": "salah"}}),
        ("POST", tasks, {"body": [item]}),
        ("POST", tasks, {"body": [{**item, "nip_petugas": "0"}]}),
        ("POST", tasks, {"body": {"nomor": "T-2"}}),
        ("GET", metrics, {"query": period}),
        ("GET", metrics, {"query": {"period": "2026-13"}}),
        ("GET", metrics, {"query": {**period, "unit": "LAIN-X"}}),
        ("GET", metrics, {"query": {**period, "page": 9}}),
        ("GET", employee, {"path_parameters": {"nip": org.staf.nip}, "query": period}),
        ("GET", employee, {"path_parameters": {"nip": org.staf.nip}, "query": {"period": "x"}}),
        ("GET", employee, {"path_parameters": {"nip": "1"}, "query": period}),
    ]
    statuses = []
    for method, path, parts in calls:
        case = schema[path][method].Case(**parts)
        response = case.call_and_validate(
            headers={"Authorization": f"Token {admin_token}"}, checks=CHECKS
        )
        statuses.append(response.status_code)
    anonymous = schema[metrics]["GET"].Case(query=period).call_and_validate(checks=CHECKS)
    forbidden = (
        schema[tasks]["POST"]
        .Case(body=[item])
        .call_and_validate(headers={"Authorization": f"Token {staff_token}"}, checks=CHECKS)
    )

    assert statuses == [200, 400, 200, 400, 400, 200, 400, 404, 404, 200, 400, 404]
    assert (anonymous.status_code, forbidden.status_code) == (401, 403)


# --- the schema itself --------------------------------------------------------------------


@pytest.fixture
def openapi(db):
    response = Client().get(SCHEMA_URL, {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_lists_the_public_operations(openapi):
    operations = {(path, method) for path, item in openapi["paths"].items() for method in item}

    assert operations == {
        ("/api/v1/auth/token/", "post"),
        ("/api/v1/service-tasks/", "post"),
        ("/api/v1/service-metrics/", "get"),
        ("/api/v1/employees/{nip}/service-metrics/", "get"),
        ("/api/v1/evaluations/{evaluation_id}/explanation/", "get"),
    }


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/v1/auth/token/", "post", {"200", "400", "429"}),
        ("/api/v1/service-tasks/", "post", {"200", "400", "401", "403"}),
        ("/api/v1/service-metrics/", "get", {"200", "400", "401", "404"}),
        ("/api/v1/employees/{nip}/service-metrics/", "get", {"200", "400", "401", "404"}),
        ("/api/v1/evaluations/{evaluation_id}/explanation/", "get", {"200", "401", "404"}),
    ],
)
def test_every_operation_documents_its_error_answers(openapi, path, method, statuses):
    assert set(openapi["paths"][path][method]["responses"]) == statuses


def test_the_task_list_is_documented_with_its_limits_and_import_column_names(openapi):
    body = openapi["paths"]["/api/v1/service-tasks/"]["post"]["requestBody"]
    array = body["content"]["application/json"]["schema"]
    item = openapi["components"]["schemas"][array["items"]["$ref"].rsplit("/", 1)[-1]]

    assert list(body["content"]) == ["application/json"]
    assert (array["type"], array["minItems"], array["maxItems"]) == ("array", 1, 1000)
    assert list(item["properties"]) == [
        "nomor",
        "layanan_kode",
        "nip_petugas",
        "diterima_pada",
        "selesai_pada",
        "dikembalikan",
        "keluhan",
    ]
    assert item["required"] == ["diterima_pada", "layanan_kode", "nip_petugas", "nomor"]


def test_the_figures_are_documented_as_the_export_columns_with_numeric_rates(openapi):
    figures = openapi["components"]["schemas"]["ServiceMetric"]["properties"]

    assert list(figures) == [
        "nip",
        "nama",
        "unit_kode",
        "period",
        "tasks_completed",
        "on_time",
        "on_time_rate",
        "first_time_right_rate",
        "median_turnaround_hours",
        "open_overdue",
    ]
    for rate in ("on_time_rate", "first_time_right_rate", "median_turnaround_hours"):
        assert (figures[rate]["type"], figures[rate]["nullable"]) == ("number", True)


# --- the browsable documentation ----------------------------------------------------------


class _Assets(HTMLParser):
    """The scripts, styles and icons a page loads, and the bodies of its inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")
        elif tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")
        self._in = tag if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self._in == "script" and data.strip():
            self.inline_scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


@pytest.fixture
def docs_page(db):
    response = Client().get(DOCS_URL)
    assets = _Assets()
    assets.feed(response.content.decode())
    return response, assets


def test_the_docs_page_has_no_inline_script_and_loads_only_our_own_files(docs_page):
    response, assets = docs_page

    assert response.status_code == 200
    assert assets.inline_scripts == []
    assert assets.urls
    for url in assets.urls:
        assert url.startswith(("/static/", DOCS_URL)), url
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix(settings.STATIC_URL).removeprefix("/static/"))


def test_the_docs_start_script_is_a_separate_javascript_file_naming_the_schema(docs_page):
    _response, assets = docs_page
    [script_url] = [url for url in assets.urls if url.startswith(DOCS_URL)]

    script = Client().get(script_url)

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert SCHEMA_URL in script.content.decode()


def test_the_csp_of_the_docs_allows_exactly_the_pages_own_inline_css(docs_page):
    response, assets = docs_page
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in assets.styles
    }

    assert policy["script-src"] == "'self'"
    assert set(re.findall(r"'sha256-[^']+'", policy["style-src"])) == hashes
    assert "unsafe-inline" not in response["Content-Security-Policy"]
