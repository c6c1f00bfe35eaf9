"""The signals page (``/signalen/``) for municipalities and DUO: the ELIP and newly-obliged lists to download
(the API's CSV files, opened with the page session), the latest notifications, and the subscriptions with their
deliveries per status and the last failures, so that a delivery that failed is seen and not silently lost."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from inburgering.exchange.models.notificaties import Abonnement, Aflevering, Notificatie
from inburgering.exchange.notificaties_abonnementen import KANALEN, mag_abonneren
from inburgering.store.access import Rol
from inburgering.web.cases.views import _toegang

GETOOND = 50


@login_required
def signalen(request: HttpRequest) -> HttpResponse:
    t = _toegang(request)
    if not mag_abonneren(t.medewerker.organisatie):
        raise PermissionDenied(_("Signals are for municipalities and DUO."))
    if t.rol == Rol.DUO:
        gevraagd = request.GET.get("gemeente", "").strip().upper()
        gemeente = gevraagd if re.fullmatch(r"GM[0-9]{4}", gevraagd) else ""
    else:
        gemeente = t.code
    notificaties = Notificatie.objects.order_by("-id")
    abonnementen = Abonnement.objects.select_related("organisatie").order_by("id")
    if t.rol != Rol.DUO:
        abonnementen = abonnementen.filter(organisatie=t.medewerker.organisatie)
    if gemeente:
        notificaties = notificaties.filter(gemeente=gemeente)
    tellingen: dict[int, dict[str, int]] = {}
    for abonnement_id, status, n in (
        Aflevering.objects.filter(abonnement__in=abonnementen)
        .values_list("abonnement", "status")
        .annotate(n=Count("id"))
    ):
        tellingen.setdefault(abonnement_id, {})[status] = n
    problemen = Aflevering.objects.filter(abonnement__in=abonnementen)
    if gemeente:
        problemen = problemen.filter(notificatie__gemeente=gemeente)
    problemen = (
        problemen.exclude(laatste_fout="")
        .select_related("notificatie", "abonnement__organisatie")
        .order_by("-laatste_poging", "-id")[:GETOOND]
    )
    getoond = list(notificaties[:GETOOND])
    # a person who has since left the municipality's caseload is named without a link to a dossier it may not open
    te_openen = t.zichtbaar(n.persoon for n in getoond)
    context = {
        "gemeente": gemeente,
        "kanalen": KANALEN.values(),
        "notificaties": getoond,
        "te_openen": te_openen,
        "abonnementen": [
            {
                "abonnement": a,
                "tellingen": [tellingen.get(a.pk, {}).get(s, 0) for s in Aflevering.Status.values],
            }
            for a in abonnementen
        ],
        "statussen": Aflevering.Status.labels,
        "problemen": problemen,
        "query": f"?gemeente={gemeente}" if gemeente else "",
    }
    return render(request, "cases/signalen.html", context)
