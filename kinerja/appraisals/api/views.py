"""PLACEHOLDER: replaced by the explanation endpoint."""

from rest_framework.views import APIView


class EvaluationExplanationView(APIView):
    pass
