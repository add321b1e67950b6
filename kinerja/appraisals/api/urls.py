from django.urls import path

from kinerja.appraisals.api import views

urlpatterns = [
    path(
        "evaluations/<int:evaluation_id>/explanation/",
        views.EvaluationExplanationView.as_view(),
        name="evaluation-explanation",
    ),
]
