"""The Kriteria menu (product.md section 6): the criteria in force and their
acknowledgement, the consultation rounds, the versions and their comparison."""

from django.urls import path

from kinerja.criteria.views import consultation, socialisation, versions, warning_rules

app_name = "criteria"

urlpatterns = [
    # Kriteria yang berlaku: what applies to me, and the acknowledgement (socialisation).
    path("berlaku/", socialisation.my_criteria, name="my_criteria"),
    path("berlaku/<int:version_id>/", socialisation.version_for_me, name="version_for_me"),
    path(
        "berlaku/<int:version_id>/tanda-terima/",
        socialisation.acknowledge,
        name="acknowledge",
    ),
    path("berlaku/<int:version_id>/tanya/", socialisation.ask_question, name="ask_question"),
    # Sosialisasi: coverage per unit, who is missing, reminders; questions for the team.
    path("sosialisasi/", socialisation.coverage_index, name="coverage_index"),
    path("sosialisasi/<int:version_id>/", socialisation.coverage, name="coverage"),
    path(
        "sosialisasi/<int:version_id>/unit/<str:unit_code>/",
        socialisation.coverage_unit,
        name="coverage_unit",
    ),
    path(
        "sosialisasi/<int:version_id>/pengingat/",
        socialisation.send_reminders,
        name="send_reminders",
    ),
    path("sosialisasi/<int:version_id>/pertanyaan/", socialisation.questions, name="questions"),
    path(
        "sosialisasi/pertanyaan/<int:question_id>/jawab/",
        socialisation.answer_question,
        name="answer_question",
    ),
    # Konsultasi: rounds, proposals, comments, votes and decisions.
    path("konsultasi/", consultation.round_list, name="round_list"),
    path("konsultasi/baru/<int:version_id>/", consultation.round_open, name="round_open"),
    path("konsultasi/<int:round_id>/", consultation.round_detail, name="round_detail"),
    path("konsultasi/<int:round_id>/tutup/", consultation.round_close, name="round_close"),
    path("konsultasi/<int:round_id>/ringkasan/", consultation.round_summary, name="round_summary"),
    path(
        "konsultasi/<int:round_id>/usulan/baru/",
        consultation.proposal_create,
        name="proposal_create",
    ),
    path("usulan/<int:proposal_id>/", consultation.proposal_detail, name="proposal_detail"),
    path("usulan/<int:proposal_id>/komentar/", consultation.comment_create, name="comment_create"),
    path("usulan/<int:proposal_id>/suara/", consultation.vote, name="vote"),
    path("usulan/<int:proposal_id>/keputusan/", consultation.decide, name="decide"),
    # Versi & perbandingan.
    path("versi/", versions.version_list, name="version_list"),
    path("versi/baru/", versions.version_create, name="version_create"),
    path("versi/<int:version_id>/", versions.version_detail, name="version_detail"),
    path("versi/<int:version_id>/ubah/", versions.version_update, name="version_update"),
    path("versi/<int:version_id>/status/", versions.version_move, name="version_move"),
    path("versi/<int:version_id>/hapus/", versions.version_delete, name="version_delete"),
    path("versi/<int:version_id>/salin/", versions.version_copy, name="version_copy"),
    path(
        "versi/<int:version_id>/indikator/baru/",
        versions.indicator_create,
        name="indicator_create",
    ),
    path(
        "versi/<int:version_id>/indikator/<int:indicator_id>/ubah/",
        versions.indicator_update,
        name="indicator_update",
    ),
    path(
        "versi/<int:version_id>/indikator/<int:indicator_id>/hapus/",
        versions.indicator_delete,
        name="indicator_delete",
    ),
    path("versi/<int:version_id>/uji-pemahaman/", versions.check_update, name="check_update"),
    path(
        "versi/<int:version_id>/peringatan-dini/baru/",
        warning_rules.warning_rule_create,
        name="warning_rule_create",
    ),
    path(
        "versi/<int:version_id>/peringatan-dini/<int:rule_id>/ubah/",
        warning_rules.warning_rule_update,
        name="warning_rule_update",
    ),
    path(
        "versi/<int:version_id>/peringatan-dini/<int:rule_id>/hapus/",
        warning_rules.warning_rule_delete,
        name="warning_rule_delete",
    ),
    path("versi/bandingkan/", versions.version_diff, name="version_diff"),
]
