"""The case workers' pages: worklists with deadline clocks, the dossier with its explanation, forms to record
what happened, and aggregates for analysts. Access is decided by ``store.access`` only; every dossier view is
logged by ``store.audit`` before it is rendered."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

import inburgering.law as law
from inburgering.exchange.models.feeds import mag_leveringen_zien
from inburgering.law.explain import format_value
from inburgering.store import audit, dossier
from inburgering.store.access import Geweigerd, Toegang, toegang
from inburgering.store.projection import last_recomputation, peildatum_of, today
from inburgering.store.worklists import WERKLIJSTEN, page
from inburgering.store.writes import SchrijfFout, VersieConflict, write
from inburgering.web.cases import aggregates
from inburgering.web.cases.forms import FORMS, UitlegVraag
from inburgering.web.cases.labels import SOORTEN, kolom
from inburgering.web.cases.pager import pager_links

TELLEN_TOT = 10_000  # counts above this show as "10.000+": a worklist index never counts a million rows


def _toegang(request: HttpRequest) -> Toegang:
    t = toegang(request.user)
    if t is None:
        raise PermissionDenied(_("Your account has no role in the chain."))
    return t


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The worklists this user can work, with how many persons are on each."""
    t = _toegang(request)
    if not t.ziet_dossiers:  # a source register (IND, BRP) only delivers; an analyst only counts
        return redirect("leveringen" if mag_leveringen_zien(t) and not t.ziet_aggregaten else "aggregaten")
    rows = t.zichtbare_feiten()
    lijsten = []
    for naam, lijst in WERKLIJSTEN.items():
        aantal = rows.filter(lijst.filter)[: TELLEN_TOT + 1].count()
        lijsten.append({"naam": naam, "lijst": lijst, "aantal": aantal, "meer": aantal > TELLEN_TOT})
    return render(request, "cases/start.html", {"lijsten": lijsten, "tellen_tot": TELLEN_TOT})


@login_required
def werklijst(request: HttpRequest, naam: str) -> HttpResponse:
    t = _toegang(request)
    lijst = WERKLIJSTEN.get(naam)
    if lijst is None or not t.ziet_dossiers:
        raise Http404(_("No such worklist."))
    rows = t.zichtbare_feiten()
    filters = {
        "gemeente": request.GET.get("gemeente", "").strip().upper(),
        "status": request.GET.get("status", ""),
        "doelgroep": request.GET.get("doelgroep", ""),
    }
    if filters["gemeente"]:
        rows = rows.filter(verantwoordelijke_gemeente=filters["gemeente"])
    if filters["status"]:
        rows = rows.filter(status=filters["status"])
    if filters["doelgroep"]:
        rows = rows.filter(doelgroep=filters["doelgroep"])
    aflopend = request.GET.get("volgorde") == "aflopend"
    zichtbaar = set(t.feitnamen())
    kolommen = tuple(k for k in lijst.kolommen if k in zichtbaar)
    try:
        pagina = page(
            lijst, rows, velden=kolommen, na=request.GET.get("na") or None, aantal=50, aflopend=aflopend
        )
    except ValueError:
        raise Http404(_("This page of the list no longer exists.")) from None
    vandaag = today()
    rijen = [
        {
            "persoon": f["persoon_id"],
            "klok": f[lijst.volgorde],
            "dagen": (f[lijst.volgorde] - vandaag).days,
            "waarden": [_display(k, f[k]) for k in kolommen],
        }
        for f in pagina.rijen
    ]
    return render(
        request,
        "cases/werklijst.html",
        {
            "naam": naam,
            "lijst": lijst,
            "kolommen": [kolom(k) for k in kolommen],
            "rijen": rijen,
            **pager_links(request, pagina.volgende),
            "filters": filters,
            "aflopend": aflopend,
            "statussen": _STATUSSEN,
            "doelgroepen": ("asielstatushouder", "gezinsmigrant", "overige_migrant"),
        },
    )


_STATUSSEN = ("in_opvang_zonder_pip", "wacht_op_pip", "in_traject", "termijn_overschreden")


def _display(naam: str, value) -> str:
    """A fact's value as a Dutch reader expects it (dates dd-mm-jjjj, euros, ja/nee)."""
    if naam in law.VARIABLES or naam in law.INVOER:
        soort = law.VARIABLES[naam].soort if naam in law.VARIABLES else law.INVOER[naam].soort
        if isinstance(value, dt.date):
            return value.strftime("%d-%m-%Y")
        return format_value(soort, value)
    return str(value)


@login_required
def zoeken(request: HttpRequest) -> HttpResponse:
    """Open a dossier by the person's identifier."""
    persoon = request.GET.get("persoon", "").strip()
    if persoon:
        return redirect("dossier", persoon=persoon)
    return redirect("start")


def _feiten_of_404(t: Toegang, persoon: str):
    feiten = t.zichtbare_feiten().filter(persoon_id=persoon).first()
    if feiten is None or not t.ziet_dossiers:
        raise Http404(_("This person was not found in your caseload."))
    return feiten


def _rijen(t: Toegang, feiten, stappen: dict | None = None) -> list[dict]:
    """The visible facts of a person with their legal description and article (and the explanation's step)."""
    rijen = []
    for naam in t.feitnamen():
        if naam.startswith("signaal_"):
            continue
        spec = law.VARIABLES.get(naam)
        rijen.append(
            {
                "naam": naam,
                "omschrijving": spec.omschrijving if spec else law.INVOER[naam].omschrijving,
                "waarde": _display(naam, getattr(feiten, naam)),
                "artikel": spec.artikel if spec else "",
                "stap": (stappen or {}).get(naam),
            }
        )
    return rijen


def _signalen(t: Toegang, feiten) -> list[str]:
    zichtbaar = set(t.feitnamen())
    return [n.removeprefix("signaal_") for n in law.SIGNALEN if n in zichtbaar and getattr(feiten, n)]


def _schrijfbaar(t: Toegang) -> list[dict]:
    soorten = sorted(t.schrijfbare_soorten() & FORMS.keys(), key=list(SOORTEN).index)
    return [{"soort": soort, "titel": SOORTEN[soort]} for soort in soorten]


@login_required
def dossier_view(request: HttpRequest, persoon: str) -> HttpResponse:
    """The dossier from the projection and the stored events: fast enough to open for every phone call. The
    explanation, which evaluates the law again, is one click away (``uitleg``)."""
    t = _toegang(request)
    feiten = _feiten_of_404(t, persoon)
    audit.log_read(t, persoon, "dossier", "pagina")
    tijdlijn = [
        {
            "event": event,
            "titel": SOORTEN.get(event.soort, event.soort),
            "gegevens": ", ".join(f"{k}: {v}" for k, v in event.to_dict()["gegevens"].items()),
            "door": door,
        }
        for event, door in dossier.events(persoon, t)
    ]
    context = {
        "persoon": persoon,
        "feiten": feiten,
        "peildatum": peildatum_of(feiten, last_recomputation()),
        "rijen": _rijen(t, feiten),
        "signalen": _signalen(t, feiten),
        "tijdlijn": tijdlijn,
        "inzagen": audit.reads_of(persoon, 50) if t.mag_inzagelog_zien(feiten) else None,
        "formulieren": _schrijfbaar(t),
    }
    return render(request, "cases/dossier.html", context)


@login_required
def uitleg_view(request: HttpRequest, persoon: str) -> HttpResponse:
    """How each fact follows from the law, on any peildatum and as known on any moment, with per event whether
    it counted."""
    t = _toegang(request)
    feiten = _feiten_of_404(t, persoon)
    if not t.mag_uitleg_zien:
        raise PermissionDenied(_("Your role may not see the full explanation."))
    vraag = UitlegVraag(request.GET or None, initial={"peildatum": today()})
    peildatum, bekend_op = today(), None
    if vraag.is_valid():
        peildatum = vraag.cleaned_data["peildatum"] or today()
        bekend_op = vraag.cleaned_data["beschikbaar_op"]
    audit.log_read(t, persoon, "uitleg", "pagina")
    uitleg, telling = dossier.explanation(persoon, peildatum, bekend_op)
    stappen = {s.naam: s for s in uitleg.stappen}
    rijen = []
    for rij in _rijen(t, feiten, stappen):
        stap = rij["stap"]
        if stap is not None:
            rij["waarde"] = format_value(stap.soort, stap.waarde)
        elif rij["naam"] in uitleg.invoer:
            rij["waarde"] = _display(rij["naam"], uitleg.invoer[rij["naam"]])
        rijen.append(rij)
    context = {
        "persoon": persoon,
        "feiten": feiten,
        "vraag": vraag,
        "peildatum": peildatum,
        "bekend_op": bekend_op,
        "rijen": rijen,
        "signalen": uitleg.signalen,
        "telling": [
            {"e": e, "titel": SOORTEN.get(e.soort, e.soort)} for e in telling if t.mag_soort_zien(e.soort)
        ],
    }
    return render(request, "cases/uitleg.html", context)


@login_required
def registreren(request: HttpRequest, persoon: str, soort: str) -> HttpResponse:
    """Record one event: the form (GET) and its submission (POST); problems show on the form, nothing is kept."""
    t = _toegang(request)
    if soort not in FORMS or soort not in t.schrijfbare_soorten():
        raise PermissionDenied(_("Your role may not record this."))
    feiten = _feiten_of_404(t, persoon)
    if request.method == "POST":
        form = FORMS[soort](request.POST)
        if form.is_valid():
            try:
                event = form.event(persoon, t.code)
                write([event], t, verwacht={persoon: form.cleaned_data["versie"]})
            except VersieConflict:
                form.add_error(
                    None,
                    _(
                        "Someone else changed this dossier after you opened it. Check the dossier and enter it again."
                    ),
                )
            except (Geweigerd, SchrijfFout) as error:
                form.add_error(None, str(error))
            except ValueError:
                pass  # the form already carries the vocabulary's message
            else:
                messages.success(request, _("Recorded: %(soort)s.") % {"soort": SOORTEN[soort]})
                return redirect(reverse("dossier", kwargs={"persoon": persoon}) + "#tijdlijn")
        status = 400
    else:
        form = FORMS[soort](initial={"versie": feiten.versie, "geldig_op": today()})
        status = 200
    context = {"persoon": persoon, "feiten": feiten, "soort": soort, "titel": SOORTEN[soort], "form": form}
    return render(request, "cases/vastleggen.html", context, status=status)


@login_required
def aggregaten(request: HttpRequest) -> HttpResponse:
    """Counts of persons by law and status, small cells suppressed: the total picture, without any dossier."""
    t = _toegang(request)
    if not t.ziet_aggregaten:
        raise PermissionDenied(_("Your role has no access to aggregates."))
    gemeente = request.GET.get("gemeente", "").strip().upper() or None
    if t.rol == "gemeente":
        gemeente = t.code
    tabel = aggregates.per_wet_en_status(gemeente)
    return render(
        request,
        "cases/aggregaten.html",
        {"kolommen": tabel.columns, "rijen": tabel.rows(), "gemeente": gemeente},
    )
