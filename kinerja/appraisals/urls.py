from django.urls import path

from kinerja.appraisals.views import calibration, documents, evaluations, mine

app_name = "appraisals"

urlpatterns = [
    # The employee: my evaluations, "how my score was computed", objections.
    path("saya/", mine.my_evaluations, name="my_evaluations"),
    path("<int:evaluation_id>/", mine.evaluation_detail, name="evaluation_detail"),
    path("<int:evaluation_id>/terima/", mine.receipt_confirm, name="receipt_confirm"),
    path("<int:evaluation_id>/keberatan/", mine.objection_file, name="objection_file"),
    path(
        "<int:evaluation_id>/keberatan/penjelasan/",
        mine.objection_explain,
        name="objection_explain",
    ),
    path(
        "<int:evaluation_id>/keberatan/keputusan/", mine.objection_decide, name="objection_decide"
    ),
    # The appraiser: the team's evaluations of a period, rating, submitting.
    path("tim/", evaluations.team_evaluations, name="team_evaluations"),
    path(
        "tim/<int:employee_id>/<str:period_code>/buka/",
        evaluations.evaluation_open,
        name="evaluation_open",
    ),
    path("<int:evaluation_id>/nilai/", evaluations.evaluation_rate, name="evaluation_rate"),
    path("<int:evaluation_id>/ajukan/", evaluations.evaluation_submit, name="evaluation_submit"),
    path(
        "<int:evaluation_id>/buka-kembali/",
        evaluations.evaluation_reopen,
        name="evaluation_reopen",
    ),
    # The leader: organisation predicate, calibration against the curve, finalisation.
    path("kalibrasi/", calibration.calibration_list, name="calibration_list"),
    path(
        "kalibrasi/predikat-organisasi/",
        calibration.org_predicate_set,
        name="org_predicate_set",
    ),
    path(
        "kalibrasi/<int:calibration_id>/", calibration.calibration_detail, name="calibration_detail"
    ),
    path(
        "kalibrasi/<int:calibration_id>/predikat/<int:evaluation_id>/",
        calibration.predicate_adjust,
        name="predicate_adjust",
    ),
    path(
        "kalibrasi/<int:calibration_id>/finalisasi/",
        calibration.calibration_finalise,
        name="calibration_finalise",
    ),
    # Documents.
    path("<int:evaluation_id>/evaluasi.pdf", documents.evaluation_pdf, name="evaluation_pdf"),
    path(
        "<int:evaluation_id>/dokumen-evaluasi.pdf",
        documents.evaluation_record_pdf,
        name="evaluation_record_pdf",
    ),
    path("kalibrasi/<int:calibration_id>/rekap.xlsx", documents.recap_xlsx, name="recap_xlsx"),
]
