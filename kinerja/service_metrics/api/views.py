"""The service-metrics REST API: recording tasks from front-desk systems and reading the
figures the caller may see. Domain exceptions become DRF's: NotFound → 404,
PermissionDenied → 403; an employee the caller may not see is always a 404."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from kinerja.accounts.api.serializers import ErrorSerializer
from kinerja.accounts.models import User
from kinerja.core import exceptions as domain
from kinerja.service_metrics.api.serializers import (
    MetricListQuerySerializer,
    MetricQuerySerializer,
    QueryErrorsSerializer,
    ServiceMetricSerializer,
    ServiceTaskItemSerializer,
    TaskBatchReportSerializer,
    TaskBody,
    TaskErrorsSerializer,
)
from kinerja.service_metrics.models import ServiceMetric
from kinerja.service_metrics.selectors.metrics import employee_metric_for_user, metrics_for_user
from kinerja.service_metrics.services.tasks import (
    InvalidTasks,
    can_record_service_tasks,
    record_service_tasks,
)

_UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description="No or an invalid token.")
_NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="Unknown, or not visible to the caller (never 403)."
)
_BAD_QUERY = OpenApiResponse(QueryErrorsSerializer, description="A missing or invalid period.")


def _user(request: Request) -> User:
    # Every view here requires authentication, so the user is a real account.
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - IsAuthenticated runs first
        raise exceptions.NotAuthenticated
    return user


@extend_schema(
    operation_id="service_tasks_record",
    summary="Record service tasks",
    description=(
        "A list of 1 to 1,000 tasks with the column names of the service_tasks import. "
        "A task whose `nomor` is known is updated. All or nothing: when any item is invalid "
        "nothing is written and every problem is listed with the item's index."
    ),
    request=ServiceTaskItemSerializer(many=True),
    responses={
        200: TaskBatchReportSerializer,
        400: OpenApiResponse(TaskErrorsSerializer, description="Invalid body or items."),
        401: _UNAUTHENTICATED,
        403: OpenApiResponse(ErrorSerializer, description="The caller may not record tasks."),
    },
)
@api_view(["POST"])
@parser_classes([JSONParser])
def record_tasks(request: Request) -> Response:
    user = _user(request)
    if not can_record_service_tasks(user):
        raise exceptions.PermissionDenied
    try:
        data = request.data
    except exceptions.ParseError:
        message = _("The body is not valid JSON.")
        return Response({"errors": [{"index": None, "field": None, "message": message}]}, 400)
    body = TaskBody(data)
    if body.errors:
        return Response({"errors": body.errors}, status=400)
    try:
        report = record_service_tasks(actor=user, items=body.items)
    except InvalidTasks as error:
        errors = [
            {"index": item.index, "field": item.field, "message": str(item.message)}
            for item in error.errors
        ]
        return Response({"errors": errors}, status=400)
    except domain.PermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error
    except domain.DomainError as error:
        return Response({"errors": [{"index": None, "field": None, "message": str(error)}]}, 400)
    return Response(
        {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="service_metrics_list",
        summary="Service figures of the employees the caller may see",
        parameters=[MetricListQuerySerializer],
        responses={
            200: ServiceMetricSerializer(many=True),
            400: _BAD_QUERY,
            401: _UNAUTHENTICATED,
            404: OpenApiResponse(
                ErrorSerializer, description="Unknown or hidden unit, or no such page."
            ),
        },
    )
)
class ServiceMetricList(generics.ListAPIView[ServiceMetric]):
    serializer_class = ServiceMetricSerializer

    def get_queryset(self) -> QuerySet[ServiceMetric]:
        query = MetricListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        unit_code = query.validated_data.get("unit") or None
        with _http_errors():
            return metrics_for_user(
                _user(self.request), period=query.validated_data["period"], unit_code=unit_code
            )


@extend_schema(
    operation_id="employee_service_metrics",
    summary="One employee's service figures",
    parameters=[
        MetricQuerySerializer,
        OpenApiParameter("nip", str, OpenApiParameter.PATH, description="The employee's NIP."),
    ],
    responses={
        200: ServiceMetricSerializer,
        400: _BAD_QUERY,
        401: _UNAUTHENTICATED,
        404: _NOT_FOUND,
    },
)
@api_view(["GET"])
def employee_metrics(request: Request, nip: str) -> Response:
    query = MetricQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    if "\x00" in nip:  # no NIP holds one, and PostgreSQL would refuse the lookup
        raise exceptions.NotFound
    with _http_errors():
        metric = employee_metric_for_user(
            _user(request), nip=nip, period=query.validated_data["period"]
        )
    return Response(ServiceMetricSerializer(metric).data)


@contextmanager
def _http_errors() -> Iterator[None]:
    try:
        yield
    except domain.NotFound as error:
        raise exceptions.NotFound from error
    except domain.PermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error
