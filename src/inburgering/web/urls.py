"""URLs: the case workers' pages at the root, the API under /api/v1, the admin for functional administrators."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("inburgering.web.cases.urls")),
    path("api/v1/", include("inburgering.web.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

handler404 = "inburgering.web.api.problems.not_found"
