from django.urls import path

from kinerja.coaching import views

app_name = "coaching"

urlpatterns = [
    # Tim Saya → Pembinaan, and Kinerja Saya → my coaching plan.
    path("tim/", views.case_list, name="case_list"),
    path("saya/", views.my_cases, name="my_cases"),
    path("buka/", views.case_open, name="case_open"),
    # One case and what is done in it.
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/sasaran/", views.goals_update, name="goals_update"),
    path("<int:case_id>/dialog/", views.session_record, name="session_record"),
    path("<int:case_id>/aksi/", views.action_add, name="action_add"),
    path("<int:case_id>/aksi/<int:action_id>/", views.action_edit, name="action_edit"),
    path("<int:case_id>/aksi/<int:action_id>/selesai/", views.action_done, name="action_done"),
    path("<int:case_id>/konseling/", views.counselling_record, name="counselling_record"),
    path(
        "<int:case_id>/konseling/<int:record_id>/tanda-tangan/",
        views.counselling_sign,
        name="counselling_sign",
    ),
    path("<int:case_id>/komentar/", views.comment_add, name="comment_add"),
    path("<int:case_id>/hasil/", views.case_close, name="case_close"),
]
