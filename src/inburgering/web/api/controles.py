"""The reconciliation checks in the API: the checks with their definition, thresholds and open findings per
municipality, and a keyset page of one check's findings. Access as everywhere (``exchange.controles.zichtbaar``,
which asks ``store.access``); analysts get counts only, small counts suppressed."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from inburgering.exchange.controles import (
    CONTROLES,
    LIJST,
    Controle,
    laatst_gedraaid,
    per_gemeente,
    zichtbaar,
)
from inburgering.law.parameters import default_parameters
from inburgering.store.projection import today
from inburgering.store.worklists import CURSOR_PATTERN
from inburgering.web.api.serializers import PaginaVraagSerializer
from inburgering.web.api.views import PROBLEEM, Basis, _pagina, _vraag


class ParameterSerializer(serializers.Serializer):
    naam = serializers.CharField()
    omschrijving = serializers.CharField()
    waarde = serializers.FloatField(allow_null=True, help_text="De waarde op de peildatum (vandaag).")
    eenheid = serializers.CharField(allow_null=True)
    bron = serializers.CharField()
    zekerheid = serializers.CharField()
    aanname = serializers.CharField(allow_null=True)


class GemeenteAantalSerializer(serializers.Serializer):
    gemeente = serializers.CharField(help_text="CBS-code, of `totaal`.")
    open = serializers.IntegerField(allow_null=True, help_text="Open bevindingen; null: onderdrukt (< 10).")


class ControleSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=list(CONTROLES))
    titel = serializers.CharField()
    definitie = serializers.CharField()
    reden = serializers.CharField()
    regel = serializers.CharField()
    handelt = serializers.CharField(help_text="Wie op de bevindingen handelt.")
    parameters = ParameterSerializer(many=True)
    per_gemeente = GemeenteAantalSerializer(many=True)


class BevindingSerializer(serializers.Serializer):
    persoon = serializers.CharField()
    gemeente = serializers.CharField()
    taalschool = serializers.CharField()
    sinds = serializers.DateField(help_text="Sinds wanneer de voorwaarde van de controle geldt.")
    dagen = serializers.IntegerField(help_text="Dagen sinds die datum.")
    stap = serializers.CharField(help_text="Urencontrole: de volgende stap (anders leeg).")
    eerst_gezien = serializers.DateTimeField()
    laatst_gezien = serializers.DateTimeField(help_text="De laatste controle die de bevinding vond.")


class BevindingPaginaSerializer(serializers.Serializer):
    controle = serializers.CharField()
    volgende = serializers.CharField(
        allow_null=True, help_text="Cursor van de volgende pagina (geen telling)."
    )
    resultaten = BevindingSerializer(many=True)


class BevindingVraagSerializer(PaginaVraagSerializer):
    cursor = serializers.RegexField(
        CURSOR_PATTERN,
        required=False,
        trim_whitespace=False,
        help_text="`volgende` van de vorige pagina (`JJJJ-MM-DD|persoon`).",
    )
    aflopend = serializers.BooleanField(required=False, default=False, help_text="Nieuwste eerst.")
    gemeente = serializers.RegexField(r"^GM[0-9]{4}$", required=False, help_text="Alleen deze gemeente.")


def controle_dict(c: Controle, t) -> dict:
    parameters = default_parameters()
    vandaag = today()
    return {
        "code": c.code,
        "titel": str(c.titel),
        "definitie": str(c.definitie),
        "reden": str(c.reden),
        "regel": c.regel,
        "handelt": str(c.handelt),
        "parameters": [
            {
                "naam": p.naam,
                "omschrijving": p.omschrijving,
                "waarde": p.value_on(vandaag),
                "eenheid": p.eenheid,
                "bron": p.bron,
                "zekerheid": p.zekerheid,
                "aanname": p.aanname,
            }
            for p in (parameters[n] for n in c.parameters)
        ],
        "per_gemeente": [{"gemeente": g, "open": n} for g, n in per_gemeente(t, c.code)],
    }


class Controles(Basis):
    @extend_schema(
        operation_id="controles",
        summary="De controles tussen ketenpartners, met open bevindingen per gemeente",
        responses={200: ControleSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        t = self.toegang()
        return Response([controle_dict(c, t) for c in CONTROLES.values()])


class Bevindingen(Basis):
    @extend_schema(
        operation_id="controle_bevindingen",
        summary="Eén pagina van de open bevindingen van een controle, oudste eerst",
        parameters=[BevindingVraagSerializer],
        responses={200: BevindingPaginaSerializer, 400: PROBLEEM, 403: PROBLEEM, 404: PROBLEEM},
    )
    def get(self, request: Request, code: str) -> Response:
        if code not in CONTROLES:
            raise NotFound(f"Controle {code} bestaat niet.")
        t = self.toegang()
        if not t.ziet_dossiers:
            raise PermissionDenied("Uw rol ziet alleen aantallen (GET /api/v1/controles).")
        vraag = _vraag(BevindingVraagSerializer, request)
        rows = zichtbaar(t, code)
        if "gemeente" in vraag:
            rows = rows.filter(gemeente=vraag["gemeente"])
        velden = ("gemeente", "taalschool", "stap", "eerst_gezien")
        pagina = _pagina(LIJST, rows, velden, vraag)
        vandaag = today()
        gezien = laatst_gedraaid(code)
        return Response(
            {
                "controle": code,
                "volgende": pagina.volgende,
                "resultaten": [
                    {
                        "persoon": b["persoon_id"],
                        "sinds": b["sinds"],
                        "dagen": (vandaag - b["sinds"]).days,
                        **{v: b[v] for v in velden},
                        "laatst_gezien": gezien,  # open: every run since it opened found it
                    }
                    for b in pagina.rijen
                ],
            }
        )
