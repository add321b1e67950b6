"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def notification_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def mark_read(request: HttpRequest) -> HttpResponse:
    raise Http404
