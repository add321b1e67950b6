"""PLACEHOLDER: replaced by the real pages of this module."""

from typing import Any

from django.http import Http404


def team_evaluations(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def evaluation_open(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def evaluation_rate(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def evaluation_submit(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def evaluation_reopen(*args: Any, **kwargs: Any) -> Any:
    raise Http404
