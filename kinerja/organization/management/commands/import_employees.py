from kinerja.organization.importers.cli import ImportCommand
from kinerja.organization.importers.employees import import_employees


class Command(ImportCommand):
    help = (
        "Import employees from FILE with the columns nip,nama,status_asn,pangkat_golongan,"
        "jabatan,jenis_jabatan,unit_kode,atasan_nip,email (upsert on nip; import the units"
        " first). Every row is validated first: on any problem nothing is written and each"
        " is printed as 'row N, column C: message' (exit 1). Employees who are not in the"
        " file are left unchanged: they are NOT deactivated. Importing the same file twice"
        " changes nothing."
    )

    importer = staticmethod(import_employees)
