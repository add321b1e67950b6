"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def feedback_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def feedback_reply(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def my_feedback(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def plan_feedback(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
