from kinerja.organization.importers.cli import ImportCommand
from kinerja.service_metrics.importers import import_service_tasks


class Command(ImportCommand):
    help = (
        "Import service tasks from FILE with the columns nomor,layanan_kode,nip_petugas,"
        "diterima_pada,selesai_pada,dikembalikan,keluhan (upsert on nomor; ISO 8601 times,"
        " Asia/Jakarta when no offset is given). On any problem nothing is written and each"
        " is printed as 'row N, column C: message' (exit 1). The figures of the employees"
        " and services concerned are refreshed in the same transaction."
    )

    importer = staticmethod(import_service_tasks)
