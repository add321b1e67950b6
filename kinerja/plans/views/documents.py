"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def plan_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
