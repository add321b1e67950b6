"""Template helpers of the page shell: query strings that keep the current search and
filters, and the page numbers a pagination bar shows."""

import math
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django import template
from django.conf import settings
from django.core.paginator import Page
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def query_string(context: template.Context, *pairs: Any, **params: Any) -> str:
    """The current query string with some parameters replaced, e.g. ``?q=ani&page=3``.

    ``{% query_string page=3 %}`` sets ``page``; positional arguments come in pairs of a name
    and a value, for names held in variables: ``{% query_string page_param 3 %}``. A value of
    None removes the parameter. Always starts with "?", so ``href="{% query_string … %}"``
    stays on the current path.
    """
    if len(pairs) % 2:
        raise template.TemplateSyntaxError("query_string takes its positional arguments in pairs")
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    updates = dict(zip(pairs[::2], pairs[1::2], strict=True)) | params
    for name, value in updates.items():
        if value is None:
            query.pop(str(name), None)
        else:
            query[str(name)] = str(value)
    return "?" + query.urlencode()


@register.simple_tag
def elided_page_range(page_obj: Page[Any]) -> Iterator[str | int]:
    """Page numbers around the current page, with the ends, and "…" for the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)


@register.simple_tag
def show_demo_hint() -> bool:
    """Whether the login page may print the demo accounts: only in development (DEBUG)."""
    return bool(settings.DEBUG)


@register.filter
def total_minutes(value: timedelta | None) -> int | None:
    """A duration in whole minutes, rounded up; None stays None."""
    if value is None:
        return None
    return math.ceil(value.total_seconds() / 60)
