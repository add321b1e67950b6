"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def comment_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def decide(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def proposal_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def proposal_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def round_close(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def round_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def round_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def round_open(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def round_summary(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def vote(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
