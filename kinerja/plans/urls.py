"""The Kinerja Saya and Tim Saya menus (product.md section 6): my SKP and its revisions,
realisation and evidence, feedback; the SKP of my team and the role-and-result matrix."""

from django.urls import path

from kinerja.plans.views import cascade, documents, execution, feedback, plans

app_name = "plans"

urlpatterns = [
    # SKP saya, and any SKP the viewer may see.
    path("skp/", plans.my_plans, name="my_plans"),
    path("skp/baru/", plans.plan_create, name="plan_create"),
    path("skp/bawahan/", plans.team_plans, name="team_plans"),
    path("skp/<int:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("skp/<int:plan_id>/ubah/", plans.plan_update, name="plan_update"),
    path("skp/<int:plan_id>/rhk/baru/", plans.result_create, name="result_create"),
    path("skp/<int:plan_id>/rhk/<int:result_id>/ubah/", plans.result_update, name="result_update"),
    path("skp/<int:plan_id>/rhk/<int:result_id>/hapus/", plans.result_delete, name="result_delete"),
    path(
        "skp/<int:plan_id>/rhk/<int:result_id>/iki/baru/",
        plans.indicator_create,
        name="indicator_create",
    ),
    path(
        "skp/<int:plan_id>/iki/<int:indicator_id>/ubah/",
        plans.indicator_update,
        name="indicator_update",
    ),
    path(
        "skp/<int:plan_id>/iki/<int:indicator_id>/hapus/",
        plans.indicator_delete,
        name="indicator_delete",
    ),
    path("skp/<int:plan_id>/perilaku/", plans.behaviours_update, name="behaviours_update"),
    path("skp/<int:plan_id>/lampiran/", plans.attachments_update, name="attachments_update"),
    path("skp/<int:plan_id>/ajukan/", plans.plan_submit, name="plan_submit"),
    path("skp/<int:plan_id>/kembalikan/", plans.plan_return, name="plan_return"),
    path("skp/<int:plan_id>/setujui/", plans.plan_approve, name="plan_approve"),
    path("skp/<int:plan_id>/revisi/", plans.plan_revise, name="plan_revise"),
    path("skp/<int:plan_id>/pdf/", documents.plan_pdf, name="plan_pdf"),
    # Matriks peran hasil: the leader's RHK and the subordinate RHK that intervene in them.
    path("matriks/", cascade.cascade, name="cascade"),
    path("matriks/kantor/", cascade.office_cascade, name="office_cascade"),
    # Realisasi & bukti dukung.
    path("realisasi/", execution.my_realisations, name="my_realisations"),
    path("realisasi/<int:plan_id>/", execution.plan_realisations, name="plan_realisations"),
    path(
        "realisasi/<int:plan_id>/iki/<int:indicator_id>/<str:period>/",
        execution.realisation_edit,
        name="realisation_edit",
    ),
    path("bukti/<int:evidence_id>/", execution.evidence_download, name="evidence_download"),
    path("bukti/<int:evidence_id>/hapus/", execution.evidence_delete, name="evidence_delete"),
    # Umpan balik berkelanjutan.
    path("umpan-balik/", feedback.my_feedback, name="my_feedback"),
    path("umpan-balik/<int:plan_id>/", feedback.plan_feedback, name="plan_feedback"),
    path("umpan-balik/<int:plan_id>/baru/", feedback.feedback_create, name="feedback_create"),
    path("umpan-balik/balas/<int:feedback_id>/", feedback.feedback_reply, name="feedback_reply"),
]
