"""The appraisal REST API: how an evaluation's score was computed, for the employee and
everyone who may read the evaluation (``selectors.access``). An evaluation the caller may
not read is a 404, never a 403, whether it exists or not."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.accounts.api.serializers import ErrorSerializer
from kinerja.accounts.models import User
from kinerja.appraisals.api.serializers import ExplanationSerializer
from kinerja.appraisals.selectors.access import get_evaluation_for_user
from kinerja.appraisals.selectors.explanation import as_dict, explanation_for
from kinerja.core import exceptions as domain

# Ids are positive; the documented range keeps generated requests on the route.
_EVALUATION_ID = OpenApiParameter(
    "evaluation_id",
    {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    OpenApiParameter.PATH,
    description="The evaluation's id.",
)


def _user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - IsAuthenticated runs first
        raise exceptions.NotAuthenticated
    return user


class EvaluationExplanationView(APIView):
    @extend_schema(
        operation_id="evaluation_explanation",
        summary="How an evaluation's score was computed",
        description=(
            "The results lines of the stored computation with the records they were measured "
            "from, the ratings against the system's suggestions, the matrix cell, the final "
            "predicate, the organisation predicate with its distribution pattern (the unit's "
            "counts only from a group of five on), and the objection. Decimals are strings."
        ),
        parameters=[_EVALUATION_ID],
        responses={
            200: ExplanationSerializer,
            401: OpenApiResponse(ErrorSerializer, description="No or an invalid token."),
            404: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "Unknown, not visible to the caller (never 403), or an id that is not a"
                    " whole number."
                ),
            ),
        },
    )
    def get(self, request: Request, evaluation_id: int) -> Response:
        user = _user(request)
        try:
            evaluation = get_evaluation_for_user(user, evaluation_id)
        except domain.NotFound as error:
            raise exceptions.NotFound from error
        return Response(as_dict(explanation_for(evaluation, user)))
