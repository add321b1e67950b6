"""Placeholder until the pages land."""

from django.http import Http404, HttpRequest, HttpResponse


def attachments_update(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def behaviours_update(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def indicator_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def indicator_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def indicator_update(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def my_plans(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def plan_approve(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def plan_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def plan_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def plan_return(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def plan_revise(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def plan_submit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def plan_update(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def result_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def result_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def result_update(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def team_plans(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def views(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
