"""HTML routes. Paths are Indonesian (they are part of what users see); names are English."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("kinerja.portal.urls")),
    path("beranda/", include("kinerja.monitoring.urls_dashboard")),
    path("accounts/", include("kinerja.accounts.urls")),
    path("organisasi/penerapan/", include("kinerja.monitoring.urls_rollout")),
    path("organisasi/", include("kinerja.organization.urls")),
    path("layanan/", include("kinerja.service_metrics.urls")),
    path("kriteria/", include("kinerja.criteria.urls")),
    path("kinerja/", include("kinerja.plans.urls")),
    path("inovasi/", include("kinerja.innovations.urls")),
    path("penilaian/", include("kinerja.appraisals.urls")),
    path("pemantauan/", include("kinerja.monitoring.urls")),
    path("pembinaan/", include("kinerja.coaching.urls")),
    path("notifikasi/", include("kinerja.notifications.urls")),
    path("administrasi/audit/", include("kinerja.audit.urls")),
    path("api/v1/", include("config.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

handler403 = "kinerja.portal.views.permission_denied"
handler404 = "kinerja.portal.views.page_not_found"
handler500 = "kinerja.portal.views.server_error"

if settings.DEBUG:
    # Lets the error pages be looked at during development.
    from kinerja.portal import views as portal_views

    urlpatterns += [path("__error/500/", portal_views.server_error)]
