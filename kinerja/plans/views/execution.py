"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def evidence_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def evidence_download(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def my_realisations(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def plan_realisations(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def realisation_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
