"""PLACEHOLDER: replaced by the real pages of this module."""

from typing import Any

from django.http import Http404


def evaluation_pdf(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def evaluation_record_pdf(*args: Any, **kwargs: Any) -> Any:
    raise Http404


def recap_xlsx(*args: Any, **kwargs: Any) -> Any:
    raise Http404
