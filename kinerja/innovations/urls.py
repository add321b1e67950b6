"""The Inovasi menu (product.md section 6): verified innovations, submitting one, and the
review panel."""

from django.urls import path

from kinerja.innovations import views

app_name = "innovations"

urlpatterns = [
    path("", views.innovation_list, name="innovation_list"),
    path("saya/", views.my_innovations, name="my_innovations"),
    path("ajukan/", views.innovation_create, name="innovation_create"),
    path("<int:innovation_id>/", views.innovation_detail, name="innovation_detail"),
    path("<int:innovation_id>/ubah/", views.innovation_update, name="innovation_update"),
    path("panel/", views.review_queue, name="review_queue"),
    path("<int:innovation_id>/nilai/", views.review, name="review"),
    path("<int:innovation_id>/keputusan/", views.decide, name="decide"),
    path("<int:innovation_id>/penilai/", views.appoint_reviewers, name="appoint_reviewers"),
    path("saya/kredit/", views.credit_attach, name="credit_attach"),
]
