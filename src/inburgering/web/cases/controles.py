"""The reconciliation pages: an overview of the checks (definition, reason, thresholds, open findings per
municipality) and per check a worklist of its open findings, oldest first, linking to the dossier. Access is
``exchange.controles.zichtbaar`` (which asks ``store.access``); analysts see the counts only, suppressed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from inburgering.exchange.controles import CONTROLES, LIJST, STAPPEN, per_gemeente, zichtbaar
from inburgering.exchange.models import Controlerun
from inburgering.law.parameters import default_parameters
from inburgering.store.projection import today
from inburgering.store.worklists import page
from inburgering.web.cases.pager import pager_links
from inburgering.web.cases.views import _toegang


@login_required
def overzicht(request: HttpRequest) -> HttpResponse:
    """Every check with its definition, thresholds on today, the last run and the open findings per
    municipality this user may count."""
    t = _toegang(request)
    if not (t.ziet_dossiers or t.ziet_aggregaten):
        raise PermissionDenied(_("Your role has no access to the reconciliation checks."))
    parameters = default_parameters()
    vandaag = today()
    controles = []
    for c in CONTROLES.values():
        aantallen = per_gemeente(t, c.code)
        controles.append(
            {
                "controle": c,
                "parameters": [(parameters[n], parameters[n].value_on(vandaag)) for n in c.parameters],
                "totaal": aantallen[-1][1] if aantallen else None,
                "per_gemeente": aantallen[:-1],
                "laatste": Controlerun.objects.filter(controle=c.code).order_by("-tijdstip").first(),
            }
        )
    return render(request, "cases/controles.html", {"controles": controles, "werklijst": t.ziet_dossiers})


@login_required
def bevindingen(request: HttpRequest, code: str) -> HttpResponse:
    """One check's open findings, a keyset page in the order of ``sinds`` (oldest first)."""
    t = _toegang(request)
    c = CONTROLES.get(code)
    if c is None or not t.ziet_dossiers:
        raise Http404(_("No such check."))
    rows = zichtbaar(t, code)
    gemeente = request.GET.get("gemeente", "").strip().upper()
    if gemeente:
        rows = rows.filter(gemeente=gemeente)
    try:
        pagina = page(
            LIJST,
            rows,
            velden=("gemeente", "taalschool", "stap", "eerst_gezien"),
            na=request.GET.get("na") or None,
        )
    except ValueError:
        raise Http404(_("This page of the list no longer exists.")) from None
    vandaag = today()
    rijen = [
        {**b, "dagen": (vandaag - b["sinds"]).days, "stap_tekst": STAPPEN.get(b["stap"], "")}
        for b in pagina.rijen
    ]
    return render(
        request,
        "cases/controle.html",
        {
            "controle": c,
            "rijen": rijen,
            **pager_links(request, pagina.volgende),
            "gemeente": gemeente,
            "dossiers": t.rol != "taalschool" or code != "uren_zonder_contract",
        },
    )
