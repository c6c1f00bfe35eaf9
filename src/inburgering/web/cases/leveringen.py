"""The deliveries pages (``/leveringen/``): a chain partner delivers a feed file from the browser, as through the
API, and sees what came of each delivery; the bad rows of a refused or quarantined delivery are listed with their
line, field and message and the row as delivered, so that the partner can correct the file. DUO oversees every
partner's deliveries. The import is ``exchange.feeds_apply.importeer``, as on the command line and in the API."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inburgering.exchange.feeds import FEEDS
from inburgering.exchange.feeds_apply import importeer
from inburgering.exchange.models.feeds import mag_leveringen_zien, zichtbaar_voor
from inburgering.store.access import Toegang
from inburgering.store.writes import SchrijfFout
from inburgering.web.cases.views import _toegang

PER_PAGINA = 50
FOUTEN_GETOOND = 500
MAX_BESTAND = 50 * 1024 * 1024  # larger files go through the API or the command line


def _feeds_van(t: Toegang) -> list[tuple[str, str]]:
    return [(f.naam, f"{f.naam}: {f.omschrijving}") for f in FEEDS.values() if f.mag_leveren(t)]


class LeveringForm(forms.Form):
    feed = forms.ChoiceField(label=gettext_lazy("Feed"))
    bestand = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("CSV (UTF-8, separated by , or ;) or JSON Lines.")
    )
    quarantaine = forms.BooleanField(
        label=gettext_lazy("Quarantine bad rows and apply the good ones (otherwise: all or nothing)"),
        required=False,
    )

    def __init__(self, *args, feeds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feed"].choices = feeds

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_BESTAND:
            raise forms.ValidationError(
                _("At most %(mb)d MB per delivery on this page; use the API or the command line for more.")
                % {"mb": MAX_BESTAND // 2**20}
            )
        return bestand


@login_required
def leveringen(request: HttpRequest) -> HttpResponse:
    """The user's organisation's deliveries, newest first (DUO: everyone's), and the form to deliver a file."""
    t = _toegang(request)
    if not mag_leveringen_zien(t):
        raise PermissionDenied(_("Your organisation delivers no feeds."))
    feeds = _feeds_van(t)
    form = LeveringForm(feeds=feeds)
    if request.method == "POST":
        if not feeds:
            raise PermissionDenied(_("Your organisation delivers no feeds."))
        form = LeveringForm(request.POST, request.FILES, feeds=feeds)
        if form.is_valid():
            bestand = form.cleaned_data["bestand"]
            try:
                uitkomst = importeer(
                    form.cleaned_data["feed"],
                    bestand.read(),
                    bestand.name or "levering",
                    quarantaine=form.cleaned_data["quarantaine"],
                    toegang=t,
                    gebruiker=request.user,
                )
            except (
                SchrijfFout
            ) as error:  # a concurrent delivery got in the way: nothing of the block was stored
                form.add_error(None, str(error))
            else:
                return redirect("levering", levering=uitkomst.levering.pk)
    rows = zichtbaar_voor(t).order_by("-id")
    voor = request.GET.get("voor", "")
    if voor.isdigit() and len(voor) < 19:
        rows = rows.filter(id__lt=int(voor))
    gevonden = list(rows[: PER_PAGINA + 1])
    volgende = gevonden[PER_PAGINA - 1].pk if len(gevonden) > PER_PAGINA else None
    context = {"form": form if feeds else None, "leveringen": gevonden[:PER_PAGINA], "volgende": volgende}
    return render(request, "cases/leveringen.html", context)


@login_required
def levering(request: HttpRequest, levering: int) -> HttpResponse:
    """One delivery: its counts and status, and its bad rows (refused or in quarantine)."""
    t = _toegang(request)
    if not mag_leveringen_zien(t):
        raise PermissionDenied(_("Your organisation delivers no feeds."))
    found = zichtbaar_voor(t).filter(pk=levering).first() if levering < 2**63 else None
    if found is None:
        raise Http404(_("This delivery does not exist or is not your organisation's."))
    fouten = list(found.fouten.all()[:FOUTEN_GETOOND])
    return render(
        request,
        "cases/levering.html",
        {"levering": found, "fouten": fouten, "meer": found.fouten.count() > len(fouten)},
    )
