"""PLACEHOLDER: replaced by the real pages of this module."""

from typing import Any

from django.http import Http404


def calibration_list(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def org_predicate_set(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def calibration_detail(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def predicate_adjust(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def calibration_finalise(*args: Any, **kwargs: Any) -> Any:
    raise Http404
