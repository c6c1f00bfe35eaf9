"""Deliveries through the API: a partner uploads a feed file (``POST /leveringen``) and reads back what came of
it (``GET /leveringen``, ``/leveringen/{id}`` with the bad rows).

The delivering organisation is the token's: an organisation delivers only the feeds whose sources and event
types its role has (``Feed.mag_leveren``, on ``store.access``); a delivery is shown to the organisation that
delivered it and to DUO. The import itself is ``exchange.feeds_apply``, the same as on the command line.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from inburgering.exchange.feeds import FEEDS
from inburgering.exchange.feeds_apply import importeer
from inburgering.exchange.models import Levering
from inburgering.exchange.models.feeds import zichtbaar_voor
from inburgering.web.api.problems import PROBLEM, Ongeldig, problem
from inburgering.web.api.views import PROBLEEM, Basis, _vraag

MAX_FOUTEN = 1_000  # bad rows in one response; all of them are in GET /leveringen/{id}
MAX_BESTAND = 200 * 1024 * 1024


class UploadSerializer(serializers.Serializer):
    feed = serializers.ChoiceField(choices=list(FEEDS), help_text="De feed: " + ", ".join(FEEDS) + ".")
    bestand = serializers.FileField(
        help_text="De levering: .csv (UTF-8, , of ;) of .jsonl; docs/exchange.md beschrijft de kolommen."
    )
    quarantaine = serializers.BooleanField(
        default=False, help_text="Foute rijen apart zetten en de goede toepassen (anders: alles of niets)."
    )


class FoutSerializer(serializers.Serializer):
    bestand = serializers.CharField()
    regel = serializers.IntegerField(help_text="Regelnummer in het bestand (de kopregel is 1).")
    veld = serializers.CharField()
    melding = serializers.CharField()


class LeveringSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    feed = serializers.CharField()
    bron = serializers.CharField()
    bestandsnaam = serializers.CharField()
    sha256 = serializers.CharField()
    ontvangen = serializers.DateTimeField(
        help_text="Het moment van ontvangst: beschikbaar_op van de gebeurtenissen."
    )
    quarantaine = serializers.BooleanField()
    status = serializers.ChoiceField(choices=Levering.Status.values)
    rijen = serializers.IntegerField()
    nieuw = serializers.IntegerField()
    al_bekend = serializers.IntegerField()
    dubbel = serializers.IntegerField(
        help_text="Rijen die een eerdere rij van hetzelfde bestand precies herhaalden."
    )
    in_quarantaine = serializers.IntegerField()
    afgekeurd = serializers.IntegerField()
    vorige = serializers.IntegerField(
        allow_null=True, help_text="Een eerdere levering van hetzelfde bestand (hervat of opnieuw geleverd)."
    )
    afgerond = serializers.DateTimeField(allow_null=True)


class UitkomstSerializer(LeveringSerializer):
    fouten = FoutSerializer(many=True, help_text=f"De foute rijen (hoogstens {MAX_FOUTEN}).")


class QuarantaineRijSerializer(FoutSerializer):
    rij = serializers.DictField(help_text="De rij zoals geleverd (tekst per kolom).")


class LeveringDetailSerializer(LeveringSerializer):
    fouten = QuarantaineRijSerializer(many=True)


class LeveringPaginaSerializer(serializers.Serializer):
    volgende = serializers.CharField(allow_null=True)
    resultaten = LeveringSerializer(many=True)


class LeveringenVraagSerializer(serializers.Serializer):
    cursor = serializers.RegexField(
        r"^[0-9]{1,18}$", required=False, help_text="`volgende` van de vorige pagina."
    )
    aantal = serializers.IntegerField(min_value=1, max_value=500, default=100)


def _dict(levering: Levering) -> dict:
    return {name: getattr(levering, name) for name in LeveringSerializer().fields if name != "vorige"} | {
        "vorige": levering.vorige_id
    }


class Leveringen(Basis):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="levering_aanleveren",
        summary="Een levering van een feed aanleveren (alles of niets, of met quarantaine; opnieuw leveren is "
        "idempotent)",
        request={"multipart/form-data": UploadSerializer},
        responses={
            201: UitkomstSerializer,
            400: PROBLEEM,
            403: PROBLEEM,
            422: OpenApiResponse(
                description="Geweigerd, niets toegepast: een probleem met `fouten` (bestand, regel, veld, melding)."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        bestand = upload.validated_data["bestand"]
        if bestand.size > MAX_BESTAND:
            raise Ongeldig(f"Hoogstens {MAX_BESTAND // 2**20} MB per levering.", [("bestand", "te groot")])
        uitkomst = importeer(
            upload.validated_data["feed"],
            bestand.read(),
            bestand.name or "levering",
            quarantaine=upload.validated_data["quarantaine"],
            toegang=self.toegang(),
            gebruiker=request.user,
        )
        levering = uitkomst.levering
        fouten = [
            {"bestand": levering.bestandsnaam, "regel": r, "veld": v, "melding": m}
            for r, v, m in uitkomst.fouten.head(MAX_FOUTEN).iter_rows()
        ]
        if uitkomst.geweigerd:
            meer = (
                f" (de eerste {MAX_FOUTEN}; alle in /leveringen/{levering.pk})"
                if uitkomst.fouten.height > MAX_FOUTEN
                else ""
            )
            body = problem(
                422,
                "Levering geweigerd",
                f"{levering.afgekeurd} foute rij(en) in {levering.bestandsnaam}; niets toegepast{meer}.",
                request.get_full_path(),
                levering=levering.pk,
                fouten=fouten,
            )
            return Response(body, status=422, content_type=PROBLEM)
        return Response(_dict(levering) | {"fouten": fouten}, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="leveringen",
        summary="Uw leveringen, nieuwste eerst (DUO: alle)",
        parameters=[LeveringenVraagSerializer],
        responses={200: LeveringPaginaSerializer, 400: PROBLEEM},
    )
    def get(self, request: Request) -> Response:
        vraag = _vraag(LeveringenVraagSerializer, request)
        rows = zichtbaar_voor(self.toegang()).order_by("-id")
        if "cursor" in vraag:
            rows = rows.filter(id__lt=int(vraag["cursor"]))
        aantal = vraag["aantal"]
        found = list(rows[: aantal + 1])
        volgende = str(found[aantal - 1].pk) if len(found) > aantal else None
        return Response({"volgende": volgende, "resultaten": [_dict(r) for r in found[:aantal]]})


class LeveringDetail(Basis):
    @extend_schema(
        operation_id="levering",
        summary="Eén levering met haar foute rijen (in quarantaine, of de redenen van weigering)",
        responses={200: LeveringDetailSerializer, 404: PROBLEEM},
    )
    def get(self, request: Request, levering: int) -> Response:
        found = zichtbaar_voor(self.toegang()).filter(pk=levering).first() if levering < 2**63 else None
        if found is None:
            raise NotFound(f"Levering {levering} is niet gevonden (of niet van uw organisatie).")
        fouten = [
            {
                "bestand": found.bestandsnaam,
                "regel": f.regel,
                "veld": f.veld,
                "melding": f.melding,
                "rij": f.rij,
            }
            for f in found.fouten.all()
        ]
        return Response(_dict(found) | {"fouten": fouten})
