import os
import time
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.organization.importers import uploads
from kinerja.organization.models import Employee, OrgUnit
from kinerja.organization.tests.factories import UserFactory

START = reverse("organization:import_start")
UNITS_CSV = (
    b"kode,nama,induk_kode,jenis\r\n"
    b"KEL-MELATI,Kelurahan Melati,KEC,KELURAHAN\r\n"
    b"KEL-MELATI.PEL,Seksi Pelayanan Melati,KEL-MELATI,SEKSI\r\n"
)


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path: Path) -> Path:
    directory = tmp_path / "imports"
    settings.IMPORT_UPLOAD_DIR = directory
    return directory


@pytest.fixture
def admin_client(hr_admin, client_as):
    return client_as(hr_admin)


def upload(client, content: bytes, *, kind="units", name="unit-melati.csv"):
    return client.post(START, {"kind": kind, "file": SimpleUploadedFile(name, content)})


def stored_files(upload_dir: Path) -> list[str]:
    return sorted(path.suffix for path in upload_dir.iterdir()) if upload_dir.exists() else []


# -- who may import ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["pegawai", "atasan", "pimpinan", "outsider"])
def test_only_the_hr_admin_may_open_the_import_pages(request, client_as, admin_client, persona):
    preview = upload(admin_client, UNITS_CSV).url
    client = client_as(request.getfixturevalue(persona))

    assert client.get(START).status_code == 403
    assert client.get(f"{START}?template=units").status_code == 403
    assert upload(client, UNITS_CSV).status_code == 403
    assert client.get(preview).status_code == 403
    assert client.post(preview, {"action": "apply"}).status_code == 403
    assert not OrgUnit.objects.filter(code="KEL-MELATI").exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, org):
    response = client.get(START)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_another_admin_cannot_open_someone_elses_upload(admin_client, client_as, org):
    preview = upload(admin_client, UNITS_CSV).url
    other = client_as(UserFactory.create(username="admin2", is_hr_admin=True))

    assert other.get(preview).status_code == 404
    assert other.post(preview, {"action": "apply"}).status_code == 404
    assert (
        admin_client.get(reverse("organization:import_preview", args=["bukan-token"])).status_code
        == 404
    )


# -- the upload page --------------------------------------------------------------------


def test_the_upload_page_explains_both_formats(admin_client):
    response = admin_client.get(START)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Impor data</h1>" in page
    assert "Kolom berkas Unit" in page
    assert "Kolom berkas Pegawai" in page
    for column in [
        "induk_kode",
        "status_asn",
        "pangkat_golongan",
        "jenis_jabatan",
        "atasan_nip",
        "JPT_PRATAMA",
    ]:
        assert f"<code>{column}</code>" in page
    assert 'href="?template=employees"' in page


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        ("units", "kode,nama,induk_kode,jenis"),
        (
            "employees",
            "nip,nama,status_asn,pangkat_golongan,jabatan,jenis_jabatan,unit_kode,atasan_nip,email",
        ),
    ],
)
def test_offers_an_empty_file_in_each_format(admin_client, kind, header):
    response = admin_client.get(START, {"template": kind})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="kinerja-{kind}.csv"'
    assert response.content.decode() == header + "\r\n"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unit.txt", "Jenis berkas “.txt” tidak didukung: unggah berkas .csv atau .xlsx."),
        (
            "unit.xlsx",
            "Berkas ini bukan buku kerja Excel (.xlsx) yang sah;"
            " simpan ulang sebagai .xlsx atau CSV.",
        ),
    ],
)
def test_refuses_a_file_that_is_not_a_table(admin_client, upload_dir, name, message):
    response = upload(admin_client, UNITS_CSV, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_files(upload_dir) == []


def test_refuses_a_file_over_the_size_limit(admin_client, upload_dir, monkeypatch):
    monkeypatch.setattr("kinerja.organization.forms.MAX_UPLOAD_BYTES", 100)

    response = upload(admin_client, UNITS_CSV)

    assert (
        "Berkas lebih besar dari 20 MB; pecah menjadi beberapa berkas yang lebih kecil."
        in response.content.decode()
    )
    assert stored_files(upload_dir) == []


# -- preview, apply, discard -------------------------------------------------------------


def test_the_admin_previews_then_applies_an_import(admin_client, hr_admin, upload_dir):
    # given an uploaded file
    response = upload(admin_client, UNITS_CSV)
    assert response.status_code == 302
    # stored under a random name, next to its record, and nothing imported yet
    assert stored_files(upload_dir) == [".csv", ".json"]
    assert "melati" not in " ".join(path.name for path in upload_dir.iterdir())
    assert not OrgUnit.objects.filter(code="KEL-MELATI").exists()

    # when the preview is opened
    preview = admin_client.get(response.url).content.decode()

    # then it says what would change and offers to apply it
    assert "Impor unit-melati.csv" in preview
    assert "<dt>Membuat</dt><dd>2</dd>" in preview
    assert "<dt>Memperbarui</dt><dd>0</dd>" in preview
    assert "Terapkan impor" in preview

    # when it is applied
    applied = admin_client.post(response.url, {"action": "apply"})

    # then the units exist, the file is gone and the result is shown
    assert applied.status_code == 302
    assert OrgUnit.objects.get(code="KEL-MELATI.PEL").path == "/KEC/KEL-MELATI/KEL-MELATI.PEL/"
    assert stored_files(upload_dir) == [".json"]
    result = admin_client.get(applied.url).content.decode()
    assert "Impor telah diterapkan: 2 dibuat, 0 diperbarui, 0 tidak berubah." in result
    assert "Terapkan impor" not in result
    event = AuditEvent.objects.get(action=AuditAction.UNITS_IMPORTED)
    assert (event.actor, event.target_label) == (hr_admin, "unit-melati.csv")


def test_applying_twice_imports_once(admin_client):
    preview = upload(admin_client, UNITS_CSV).url

    admin_client.post(preview, {"action": "apply"})
    admin_client.post(preview, {"action": "apply"})

    assert AuditEvent.objects.filter(action=AuditAction.UNITS_IMPORTED).count() == 1


def test_a_file_with_problems_shows_them_and_writes_nothing(admin_client, upload_dir):
    content = (
        b"kode,nama,induk_kode,jenis\r\n"
        b"KEL-X,,KEC,KELURAHAN\r\n"
        b"KEL-Y,Kelurahan Y,TIDAK-ADA,KANTOR\r\n"
    )

    preview = admin_client.get(upload(admin_client, content).url).content.decode()

    assert "Berkas memiliki 3 masalah, sehingga tidak ada data yang ditulis." in preview
    assert '<th scope="col" class="num">Baris</th>' in preview
    assert '<th scope="col">Kolom</th>' in preview
    assert '<th scope="col">Pesan</th>' in preview
    assert "<td>nama unit wajib diisi</td>" in preview
    assert "unit induk TIDAK-ADA tidak dikenal" in preview
    assert "Terapkan impor" not in preview
    assert not OrgUnit.objects.filter(code__in=["KEL-X", "KEL-Y"]).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.UNITS_IMPORTED).exists()


def test_many_problems_are_shown_a_page_at_a_time(admin_client):
    content = b"kode,nama,induk_kode,jenis\r\n" + b"".join(
        b"U%d,,,SEKSI\r\n" % n for n in range(60)
    )
    preview = upload(admin_client, content).url

    first = admin_client.get(preview).content.decode()
    second = admin_client.get(preview, {"page": 2}).content.decode()

    assert first.count("<td>nama unit wajib diisi</td>") == 50
    assert second.count("<td>nama unit wajib diisi</td>") == 10
    assert '<td class="num">61</td>' in second


def test_applying_a_file_that_became_invalid_writes_nothing(admin_client, org):
    # The file makes a new employee report to rekan, and staf report to the new one.
    new = "199001012015011001"
    content = (
        "nip,nama,status_asn,pangkat_golongan,jabatan,jenis_jabatan,unit_kode,atasan_nip,email\r\n"
        f"{new},Pegawai Baru,PNS,Penata (III/c),Analis,FUNGSIONAL,PEL,{org.rekan.nip},\r\n"
        f"{org.staf.nip},Staf,PNS,Penata (III/c),Jabatan staf,PELAKSANA,PEL,{new},\r\n"
    ).encode()
    preview = upload(admin_client, content, kind="employees", name="pegawai.csv").url
    assert "Terapkan impor" in admin_client.get(preview).content.decode()
    # Meanwhile rekan is made to report to staf: applying would close a loop.
    Employee.objects.filter(pk=org.rekan.pk).update(supervisor=org.staf)

    response = admin_client.post(preview, {"action": "apply"}, follow=True)

    page = response.content.decode()
    assert "Data telah berubah sejak pratinjau dan berkas ini tidak lagi valid." in page
    assert "rantai atasan membentuk lingkaran" in page
    assert not Employee.objects.filter(nip=new).exists()


def test_an_employee_workbook_can_be_previewed(admin_client, org):
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.append(
        [
            "nip",
            "nama",
            "status_asn",
            "pangkat_golongan",
            "jabatan",
            "jenis_jabatan",
            "unit_kode",
            "atasan_nip",
            "email",
        ]
    )
    sheet.append(
        [
            "199001012015011001",
            "Pegawai Baru",
            "PNS",
            "Penata (III/c)",
            "Analis",
            "FUNGSIONAL",
            "PEL",
            org.kasi.nip,
            "",
        ]
    )
    buffer = BytesIO()
    workbook.save(buffer)

    preview = admin_client.get(
        upload(admin_client, buffer.getvalue(), kind="employees", name="pegawai.xlsx").url
    )

    page = preview.content.decode()
    assert "<dt>Membuat</dt><dd>1</dd>" in page
    assert "<dt>Jabatan baru</dt><dd>1</dd>" in page


def test_discarding_deletes_the_upload(admin_client, upload_dir):
    preview = upload(admin_client, UNITS_CSV).url

    response = admin_client.post(preview, {"action": "discard"})

    assert response.status_code == 302
    assert response.url == START
    assert stored_files(upload_dir) == []
    assert admin_client.get(preview).status_code == 404
    assert not OrgUnit.objects.filter(code="KEL-MELATI").exists()


def test_uploads_older_than_a_day_are_swept_away(admin_client, upload_dir):
    upload(admin_client, UNITS_CSV)
    day_and_a_bit = time.time() - 25 * 3600
    for path in upload_dir.iterdir():
        os.utime(path, (day_and_a_bit, day_and_a_bit))
    stray = upload_dir / "catatan.txt"
    stray.write_text("not an upload")

    assert uploads.sweep_stale_uploads() == 2
    assert [path.name for path in upload_dir.iterdir()] == ["catatan.txt"]
