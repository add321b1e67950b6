"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def cascade(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def office_cascade(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
