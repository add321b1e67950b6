"""PLACEHOLDER: replaced by the real pages of this module."""

from typing import Any

from django.http import Http404


def my_evaluations(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def evaluation_detail(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def objection_file(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def objection_explain(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def objection_decide(*args: Any, **kwargs: Any) -> Any:
    raise Http404
