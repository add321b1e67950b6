"""The REST API, version 1, under /api/v1/: the endpoints of each app, the OpenAPI schema
and its browsable documentation (served from our own static files, no CDN)."""

import base64
import hashlib
import re

from csp.decorators import csp_update
from django.template.loader import get_template
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"


def _inline_style_hashes(template_name: str) -> list[str]:
    """CSP hash sources for the <style> blocks of a template.

    drf-spectacular's Swagger page keeps a few lines of CSS inline; the site's policy
    refuses inline styles unless their hash is listed. The hash is taken from the installed
    template itself, so that an upgrade of drf-spectacular cannot silently break the page.
    """
    source = get_template(template_name).template.source  # type: ignore[attr-defined]
    blocks = re.findall(r"<style>(.*?)</style>", source, flags=re.DOTALL)
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in blocks
    ]


_docs_view = SpectacularSwaggerSplitView.as_view(url_name="api:schema")
_docs_csp = {"style-src": _inline_style_hashes(SpectacularSwaggerSplitView.template_name)}

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("kinerja.accounts.api.urls")),
    path("", include("kinerja.service_metrics.api.urls")),
    path("", include("kinerja.appraisals.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", csp_update(_docs_csp)(_docs_view), name="docs"),
]
