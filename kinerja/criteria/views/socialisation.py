"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def acknowledge(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def answer_question(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def ask_question(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def coverage(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def coverage_index(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def coverage_unit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def my_criteria(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def questions(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def send_reminders(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def version_for_me(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
