"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def decide(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def innovation_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def innovation_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def innovation_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def innovation_update(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def my_innovations(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def review(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def review_queue(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
