"""Evidence files through the web: uploaded through the realisation page, served only by
``evidence_download`` to those who may read the SKP (the employee, the chain above, the
pimpinan and the HR admin), as an attachment with the detected type and ``nosniff``;
nobody else learns that they exist, by any URL. Refused uploads store nothing."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.organization.models import Period
from kinerja.plans.models import Evidence, PerformancePlan, Realisation, ResultIndicator
from kinerja.plans.services.execution import add_evidence, save_realisation
from kinerja.plans.tests.factories import approved_plan
from kinerja.plans.tests.test_uploads import (
    ELF,
    HTML,
    docx_bytes,
    pdf_bytes,
    png_bytes,
)

WIB = ZoneInfo("Asia/Jakarta")
TODAY = datetime(2026, 4, 15, 10, 0, tzinfo=WIB)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def evidence_dir(settings, tmp_path) -> Path:
    directory: Path = tmp_path / "evidence"
    settings.KINERJA_EVIDENCE_DIR = directory
    return directory


@pytest.fixture
def plan(org) -> PerformancePlan:
    return approved_plan(org.staf, 2026)


@pytest.fixture
def realisation(org, plan) -> Realisation:
    return save_realisation(
        actor=org.staf.user,
        indicator=ResultIndicator.objects.get(work_result__plan=plan),
        period=Period.objects.get(code="2026-03"),
        value=Decimal(90),
        narrative="",
    )


@pytest.fixture
def evidence(org, realisation, evidence_dir) -> Evidence:
    return add_evidence(
        actor=org.staf.user,
        realisation=realisation,
        description="Laporan Maret",
        upload=SimpleUploadedFile("Laporan Maret.pdf", pdf_bytes()),
    )


def stored_files(directory: Path) -> list[Path]:
    return [path for path in directory.rglob("*") if path.is_file()] if directory.exists() else []


def download_url(evidence: Evidence) -> str:
    return reverse("plans:evidence_download", kwargs={"evidence_id": evidence.pk})


def edit_url(plan: PerformancePlan) -> str:
    indicator = ResultIndicator.objects.get(work_result__plan=plan)
    return reverse(
        "plans:realisation_edit",
        kwargs={"plan_id": plan.pk, "indicator_id": indicator.pk, "period": "2026-03"},
    )


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


# -- who downloads -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staf", "kasi", "camat", "admin"])
def test_the_owner_and_the_chain_download_the_file_as_an_attachment(org, evidence, client_as, who):
    response = client_as(getattr(org, who).user).get(download_url(evidence))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Laporan Maret.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert body_of(response) == pdf_bytes()


@pytest.mark.parametrize(
    "who",
    [
        "rekan",  # a colleague in the same unit
        "lurah",  # another unit of the same organisation
        "asing",  # another organisation
        "outsider",  # an account without an employee record
    ],
)
def test_nobody_else_reaches_the_file_by_its_url(org, evidence, client_as, who):
    client = client_as(org.outsider if who == "outsider" else getattr(org, who).user)
    delete_url = reverse("plans:evidence_delete", kwargs={"evidence_id": evidence.pk})

    assert client.get(download_url(evidence)).status_code == 404
    assert client.get(delete_url).status_code == 404
    assert client.post(delete_url).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_an_unknown_evidence_is_not_found_like_a_hidden_one(org, evidence, client_as):
    missing = reverse("plans:evidence_download", kwargs={"evidence_id": evidence.pk + 1000})

    assert client_as(org.staf.user).get(missing).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(evidence, client):
    response = client.get(download_url(evidence))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_appraiser_may_not_delete(org, evidence, client_as):
    url = reverse("plans:evidence_delete", kwargs={"evidence_id": evidence.pk})
    client = client_as(org.kasi.user)

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_link_has_nothing_to_download(org, realisation, client_as, evidence_dir):
    link = add_evidence(
        actor=org.staf.user, realisation=realisation, description="Folder", url="https://a.id/f"
    )

    assert client_as(org.staf.user).get(download_url(link)).status_code == 404


def test_a_file_missing_from_the_storage_is_not_found(org, evidence, client_as, evidence_dir):
    for path in stored_files(evidence_dir):
        path.unlink()

    assert client_as(org.staf.user).get(download_url(evidence)).status_code == 404


def test_the_files_live_outside_the_static_and_media_roots(evidence, evidence_dir):
    (path,) = stored_files(evidence_dir)

    for public in (django_settings.STATIC_ROOT, django_settings.MEDIA_ROOT):
        assert not path.resolve().is_relative_to(Path(public).resolve())


# -- uploads through the page --------------------------------------------------------------


@pytest.mark.usefixtures("realisation")
@pytest.mark.parametrize(
    "sample",
    [
        (pdf_bytes(), "notulen.pdf", "application/pdf"),
        (png_bytes(), "foto kegiatan.png", "image/png"),
        (docx_bytes(), "laporan.docx", DOCX_TYPE),
    ],
)
def test_a_valid_file_is_accepted_and_served_to_the_chain(
    org, plan, client_as, evidence_dir, sample
):
    content, name, content_type = sample
    response = client_as(org.staf.user).post(
        edit_url(plan),
        {
            "action": "file",
            "file-description": "Bukti",
            # The browser's claim is ignored: the type is read from the content.
            "file-upload": SimpleUploadedFile(name, content, content_type="text/html"),
        },
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == content_type
    assert evidence.original_name == name
    (path,) = stored_files(evidence_dir)
    assert path.name == evidence.file.name != name
    for who in ("staf", "kasi", "camat", "admin"):
        download = client_as(getattr(org, who).user).get(download_url(evidence))
        assert download.status_code == 200
        assert download["Content-Type"] == content_type
        assert body_of(download) == content


def _post_file(client, plan, name, content):
    return client.post(
        edit_url(plan),
        {
            "action": "file",
            "file-description": "Bukti",
            "file-upload": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def _refused(response) -> list[str]:
    assert response.status_code == 200
    errors = response.context["file_form"].errors
    assert errors
    return [message for messages in errors.values() for message in messages]


@pytest.mark.usefixtures("realisation")
@pytest.mark.parametrize(
    "sample",
    [
        ("bukti.pdf", HTML),  # a web page disguised by its extension
        ("bukti.pdf", ELF),  # a program disguised by its extension
        ("bukti.pdf", png_bytes()),  # a real image with the wrong extension
        ("bukti.exe", pdf_bytes()),  # a type that is never accepted
    ],
)
def test_disguised_files_are_refused_and_nothing_is_stored(
    org, plan, client_as, evidence_dir, sample
):
    name, content = sample
    response = _post_file(client_as(org.staf.user), plan, name, content)

    assert _refused(response)
    assert stored_files(evidence_dir) == []
    assert not Evidence.objects.exists()


@pytest.mark.usefixtures("realisation")
def test_a_file_over_the_limit_is_refused_with_the_limit_in_mb(
    org, plan, client_as, evidence_dir, settings
):
    settings.KINERJA_EVIDENCE_MAX_BYTES = 2 * 1024 * 1024

    response = _post_file(
        client_as(org.staf.user), plan, "besar.pdf", pdf_bytes(padding=3 * 1024 * 1024)
    )

    (message,) = _refused(response)
    assert "2 MB" in message
    assert stored_files(evidence_dir) == []
    assert not Evidence.objects.exists()


def _raw_multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    """A form post whose file name is exactly ``filename`` (the test client would reduce
    it to its base name first, as a browser does)."""
    boundary = "----kinerja-boundary"
    parts = [
        (b'Content-Disposition: form-data; name="action"', b"file"),
        (b'Content-Disposition: form-data; name="file-description"', b"Bukti"),
        (
            b'Content-Disposition: form-data; name="file-upload"; filename="'
            + filename.encode()
            + b'"\r\nContent-Type: application/pdf',
            content,
        ),
    ]
    body = b"".join(
        b"--" + boundary.encode() + b"\r\n" + header + b"\r\n\r\n" + value + b"\r\n"
        for header, value in parts
    )
    body += b"--" + boundary.encode() + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.usefixtures("realisation", "evidence_dir")
@pytest.mark.parametrize("filename", ["../../etc/passwd", "..\\..\\..\\etc\\passwd"])
def test_a_path_in_the_file_name_is_refused_and_nothing_is_written(
    org, plan, client_as, tmp_path, filename
):
    body, content_type = _raw_multipart(filename, pdf_bytes())

    response = client_as(org.staf.user).post(edit_url(plan), body, content_type=content_type)

    assert _refused(response)
    assert not Evidence.objects.exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == []


@pytest.mark.usefixtures("realisation")
def test_a_path_never_reaches_the_storage_even_when_the_rest_is_valid(
    org, plan, client_as, evidence_dir, tmp_path
):
    # Django reduces the name to "keluar.pdf" before the view sees it; the file is then
    # stored under a generated name inside the evidence directory, never at the path.
    body, content_type = _raw_multipart("../../../keluar.pdf", pdf_bytes())

    response = client_as(org.staf.user).post(edit_url(plan), body, content_type=content_type)

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "keluar.pdf"
    (path,) = stored_files(evidence_dir)
    assert path.parent == evidence_dir
    assert path.name == evidence.file.name
    assert list(tmp_path.rglob("keluar.pdf")) == []


@pytest.mark.usefixtures("realisation")
def test_only_the_owner_uploads_through_the_page(org, plan, client_as, evidence_dir):
    response = _post_file(client_as(org.kasi.user), plan, "bukti.pdf", pdf_bytes())

    assert response.status_code == 403
    assert stored_files(evidence_dir) == []
