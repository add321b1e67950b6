from kinerja.organization.importers.cli import ImportCommand
from kinerja.service_metrics.importers import import_services


class Command(ImportCommand):
    help = (
        "Import the service catalogue from FILE with the columns kode,nama,unit_kode,"
        "standar_waktu,satuan_waktu (upsert on kode; satuan_waktu JAM_KERJA or HARI_KERJA)."
        " On any problem nothing is written and each is printed as 'row N, column C:"
        " message' (exit 1). Importing the same file twice changes nothing."
    )

    importer = staticmethod(import_services)
