"""Touches to the generated OpenAPI schema that drf-spectacular cannot express."""

from typing import Any

from kinerja.service_metrics.api.serializers import MAX_TASKS_PER_REQUEST

TASKS_PATH = "/api/v1/service-tasks/"


def document_task_list_limits(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """A drf-spectacular postprocessing hook: the limits of the task list (a list
    serializer's min_length/max_length are not carried into the schema)."""
    operation = result.get("paths", {}).get(TASKS_PATH, {}).get("post")
    if operation is not None:
        for content in operation["requestBody"]["content"].values():
            content["schema"].update(minItems=1, maxItems=MAX_TASKS_PER_REQUEST)
    return result
