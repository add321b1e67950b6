from kinerja.organization.importers.cli import ImportCommand
from kinerja.organization.importers.units import import_units


class Command(ImportCommand):
    help = (
        "Import units from FILE with the columns kode,nama,induk_kode,jenis (upsert on kode;"
        " induk_kode blank for a root). Every row is validated first: on any problem nothing"
        " is written and each is printed as 'row N, column C: message' (exit 1). Units not"
        " in the file are left unchanged. Importing the same file twice changes nothing."
    )

    importer = staticmethod(import_units)
