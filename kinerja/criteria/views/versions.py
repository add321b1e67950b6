"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def check_update(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def indicator_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def indicator_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def indicator_update(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def version_copy(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def version_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def version_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def version_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def version_diff(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def version_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def version_move(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def version_update(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
