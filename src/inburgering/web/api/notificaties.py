"""The API of signals to municipalities, in the style of the Common Ground Notificaties API: the channels, a
municipality's subscriptions (``abonnementen``, own organisation only; DUO sees all), the notifications made for
it, and its ELIP and newly-obliged lists as CSV files.

Only DUO and municipalities use these endpoints; every other role gets 403. Who receives which signal is decided
in ``exchange.notificaties_abonnementen``; here a municipality is only ever shown its own.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import URLValidator
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from inburgering.exchange import notificaties_lijsten as lijsten
from inburgering.exchange.models.notificaties import Abonnement, Aflevering, Kanaal, Notificatie
from inburgering.exchange.notificaties_abonnementen import (
    KANALEN,
    AbonnementFout,
    controleer_kanalen,
    mag_abonneren,
)
from inburgering.exchange.notificaties_adressen import valideer_callback
from inburgering.store.access import Rol
from inburgering.store.projection import today
from inburgering.web.api.problems import Ongeldig
from inburgering.web.api.views import PROBLEEM, Basis, _vraag

GEMEENTE = r"^GM[0-9]{4}$"
PROBLEMEN_GETOOND = 10


class KanaalSerializer(serializers.Serializer):
    naam = serializers.CharField()
    omschrijving = serializers.CharField()
    filters = serializers.ListField(child=serializers.CharField(), help_text="Kenmerken om op te filteren.")


class AbonnementKanaalSerializer(serializers.Serializer):
    naam = serializers.CharField(max_length=40, help_text=f"Een van: {', '.join(KANALEN)}.")
    filters = serializers.DictField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=dict,
        help_text="Kenmerk -> waarde; een gemeente ontvangt hoe dan ook alleen signalen over haar eigen inwoners.",
    )


class AfleveringProbleemSerializer(serializers.Serializer):
    notificatie = serializers.IntegerField()
    status = serializers.CharField(help_text=f"Een van: {', '.join(Aflevering.Status.values)}.")
    pogingen = serializers.IntegerField()
    volgendePoging = serializers.DateTimeField(allow_null=True)
    laatsteHttpStatus = serializers.IntegerField(allow_null=True)
    laatsteFout = serializers.CharField()


class AbonnementSerializer(serializers.Serializer):
    url = serializers.CharField(read_only=True)
    uuid = serializers.UUIDField(read_only=True)
    organisatie = serializers.CharField(read_only=True, help_text="De organisatie van het abonnement.")
    callbackUrl = serializers.URLField(
        max_length=1000,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=(
            "Waar notificaties met POST heen gaan: een openbaar internetadres (een adres dat naar een intern "
            "netwerk, loopback of link-local wijst, wordt geweigerd, nu en bij elke aflevering)."
        ),
    )
    auth = serializers.CharField(
        max_length=1000,
        write_only=True,
        help_text="De waarde van de Authorization-header bij elke notificatie (wordt nooit teruggegeven).",
    )
    kanalen = AbonnementKanaalSerializer(many=True)
    aangemaaktOp = serializers.DateTimeField(read_only=True)
    afleveringen = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text="Aantal afleveringen per status."
    )
    problemen = AfleveringProbleemSerializer(
        many=True,
        read_only=True,
        help_text="De laatste afleveringen met een fout (mislukt of nog te herhalen).",
    )

    def validate_callbackUrl(self, url: str) -> str:
        """Checked as a delivery would check it now (after the URL's form is known to be right)."""
        valideer_callback(url)
        return url


class NotificatieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kanaal = serializers.ChoiceField(choices=Kanaal.choices)
    hoofdObject = serializers.CharField()
    resource = serializers.CharField()
    resourceUrl = serializers.CharField()
    actie = serializers.CharField()
    aanmaakdatum = serializers.DateTimeField()
    kenmerken = serializers.DictField(child=serializers.CharField(allow_blank=True))


class NotificatiePaginaSerializer(serializers.Serializer):
    volgende = serializers.IntegerField(allow_null=True, help_text="Cursor van de volgende pagina.")
    resultaten = NotificatieSerializer(many=True)


class NotificatiesVraagSerializer(serializers.Serializer):
    kanaal = serializers.ChoiceField(choices=Kanaal.choices, required=False)
    gemeente = serializers.RegexField(
        GEMEENTE, required=False, help_text="Alleen voor DUO; een gemeente ziet de hare."
    )
    cursor = serializers.IntegerField(min_value=0, required=False)
    aantal = serializers.IntegerField(min_value=1, max_value=500, default=100)


class LijstVraagSerializer(serializers.Serializer):
    gemeente = serializers.RegexField(
        GEMEENTE,
        required=False,
        help_text="Voor DUO: één gemeente, of zonder: alle. Een gemeente krijgt de hare.",
    )


class NieuwPlichtigVraagSerializer(LijstVraagSerializer):
    sinds = serializers.DateField(
        required=False, help_text="Gemeld op of na deze dag (standaard 28 dagen terug)."
    )


class SignalenBasis(Basis):
    """For DUO and municipalities only."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not mag_abonneren(self.toegang().medewerker.organisatie):
            raise PermissionDenied("Signalen aan gemeenten zijn er alleen voor gemeenten en DUO.")

    @property
    def organisatie(self):
        return self.toegang().medewerker.organisatie

    @property
    def is_duo(self) -> bool:
        return self.toegang().rol == Rol.DUO

    def gemeente(self, gevraagd: str | None) -> str | None:
        """The municipality whose signals are asked for: a municipality's own, or for DUO the one asked (None:
        all)."""
        if self.is_duo:
            return gevraagd
        if gevraagd not in (None, self.organisatie.code):
            raise PermissionDenied(
                f"U ziet alleen de signalen van uw eigen gemeente ({self.organisatie.code})."
            )
        return self.organisatie.code


class Kanalen(Basis):
    @extend_schema(
        operation_id="kanalen",
        summary="De kanalen van signalen aan gemeenten, met hun kenmerken om op te filteren",
        responses={200: KanaalSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(
            [
                {"naam": k.naam, "omschrijving": str(k.omschrijving), "filters": list(k.filters)}
                for k in KANALEN.values()
            ]
        )


def _abonnement_dict(request: Request, abonnement: Abonnement) -> dict:
    tellingen = dict(
        abonnement.afleveringen.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    problemen = abonnement.afleveringen.exclude(laatste_fout="").order_by("-laatste_poging", "-id")[
        :PROBLEMEN_GETOOND
    ]
    return {
        "url": request.build_absolute_uri(reverse("api-abonnement", kwargs={"uuid": abonnement.uuid})),
        "uuid": abonnement.uuid,
        "organisatie": abonnement.organisatie.code,
        "callbackUrl": abonnement.callback_url,
        "kanalen": abonnement.kanalen,
        "aangemaaktOp": abonnement.aangemaakt_op,
        "afleveringen": {s: tellingen.get(s, 0) for s in Aflevering.Status.values},
        "problemen": [
            {
                "notificatie": a.notificatie_id,
                "status": a.status,
                "pogingen": a.pogingen,
                "volgendePoging": a.volgende_poging,
                "laatsteHttpStatus": a.laatste_http_status,
                "laatsteFout": a.laatste_fout,
            }
            for a in problemen
        ],
    }


def _gecontroleerd(organisatie, data: dict, partial: bool) -> dict:
    """The subscription's fields, checked by the serializer and by the rules of who receives what."""
    try:
        kanalen = controleer_kanalen(organisatie, data["kanalen"]) if "kanalen" in data else None
    except AbonnementFout as fout:
        raise Ongeldig(str(fout), [(fout.veld, str(fout))]) from None
    velden = {"callback_url": data.get("callbackUrl"), "auth": data.get("auth"), "kanalen": kanalen}
    return {k: v for k, v in velden.items() if v is not None or not partial}


class Abonnementen(SignalenBasis):
    @extend_schema(
        operation_id="abonnementen_lijst",
        summary="De abonnementen van uw organisatie (DUO: alle)",
        responses={200: AbonnementSerializer(many=True), 403: PROBLEEM},
    )
    def get(self, request: Request) -> Response:
        rows = Abonnement.objects.select_related("organisatie").order_by("id")
        if not self.is_duo:
            rows = rows.filter(organisatie=self.organisatie)
        return Response([_abonnement_dict(request, a) for a in rows])

    @extend_schema(
        operation_id="abonnement_maken",
        summary="Abonneren op kanalen: notificaties met POST naar uw callbackUrl",
        request=AbonnementSerializer,
        responses={201: AbonnementSerializer, 400: PROBLEEM, 403: PROBLEEM},
    )
    def post(self, request: Request) -> Response:
        invoer = AbonnementSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        velden = _gecontroleerd(self.organisatie, invoer.validated_data, partial=False)
        abonnement = Abonnement.objects.create(organisatie=self.organisatie, **velden)
        return Response(_abonnement_dict(request, abonnement), status=status.HTTP_201_CREATED)


class AbonnementDetail(SignalenBasis):
    def _abonnement(self, uuid, schrijven: bool = False) -> Abonnement:
        abonnement = Abonnement.objects.select_related("organisatie").filter(uuid=uuid).first()
        if abonnement is None or (not self.is_duo and abonnement.organisatie_id != self.organisatie.pk):
            raise NotFound("Dit abonnement bestaat niet (of is niet van uw organisatie).")
        if schrijven and abonnement.organisatie_id != self.organisatie.pk:
            raise PermissionDenied("Alleen de eigen organisatie wijzigt een abonnement.")
        return abonnement

    @extend_schema(
        operation_id="abonnement_lezen",
        summary="Eén abonnement, met de afleveringen per status en de laatste fouten",
        responses={200: AbonnementSerializer, 403: PROBLEEM, 404: PROBLEEM},
    )
    def get(self, request: Request, uuid) -> Response:
        return Response(_abonnement_dict(request, self._abonnement(uuid)))

    def _wijzig(self, request: Request, uuid, partial: bool) -> Response:
        abonnement = self._abonnement(uuid, schrijven=True)
        invoer = AbonnementSerializer(data=request.data, partial=partial)
        invoer.is_valid(raise_exception=True)
        for veld, waarde in _gecontroleerd(self.organisatie, invoer.validated_data, partial).items():
            setattr(abonnement, veld, waarde)
        abonnement.save()
        return Response(_abonnement_dict(request, abonnement))

    @extend_schema(
        operation_id="abonnement_vervangen",
        summary="Een abonnement vervangen",
        request=AbonnementSerializer,
        responses={200: AbonnementSerializer, 400: PROBLEEM, 403: PROBLEEM, 404: PROBLEEM},
    )
    def put(self, request: Request, uuid) -> Response:
        return self._wijzig(request, uuid, partial=False)

    @extend_schema(
        operation_id="abonnement_wijzigen",
        summary="Een abonnement deels wijzigen",
        request=AbonnementSerializer,
        responses={200: AbonnementSerializer, 400: PROBLEEM, 403: PROBLEEM, 404: PROBLEEM},
    )
    def patch(self, request: Request, uuid) -> Response:
        return self._wijzig(request, uuid, partial=True)

    @extend_schema(
        operation_id="abonnement_opzeggen",
        summary="Een abonnement opzeggen (afleveringen die nog wachten vervallen)",
        responses={204: None, 403: PROBLEEM, 404: PROBLEEM},
    )
    def delete(self, request: Request, uuid) -> Response:
        self._abonnement(uuid, schrijven=True).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class Notificaties(SignalenBasis):
    @extend_schema(
        operation_id="notificaties",
        summary="De notificaties voor uw gemeente (DUO: alle), nieuwste laatst, per pagina met een cursor",
        parameters=[NotificatiesVraagSerializer],
        responses={200: NotificatiePaginaSerializer, 400: PROBLEEM, 403: PROBLEEM},
    )
    def get(self, request: Request) -> Response:
        vraag = _vraag(NotificatiesVraagSerializer, request)
        rows = Notificatie.objects.order_by("id")
        gemeente = self.gemeente(vraag.get("gemeente"))
        if gemeente is not None:
            rows = rows.filter(gemeente=gemeente)
        if "kanaal" in vraag:
            rows = rows.filter(kanaal=vraag["kanaal"])
        if "cursor" in vraag:
            rows = rows.filter(id__gt=vraag["cursor"])
        aantal = vraag["aantal"]
        found = list(rows[: aantal + 1])
        volgende = found[aantal - 1].id if len(found) > aantal else None
        return Response(
            {"volgende": volgende, "resultaten": [{"id": n.id, **n.bericht()} for n in found[:aantal]]}
        )


class _CSV(SignalenBasis):
    """A list as a CSV file. Errors stay problem documents in JSON, whatever the client accepts."""

    def perform_content_negotiation(self, request, force=False):
        return JSONRenderer(), JSONRenderer.media_type

    def bestand(self, naam: str, gemeente: str | None, kolommen: tuple[str, ...], rows) -> HttpResponse:
        response = HttpResponse(lijsten.csv_tekst(kolommen, rows), content_type="text/csv; charset=utf-8")
        filename = f"{naam}-{gemeente or 'alle-gemeenten'}-{today().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


CSV = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, UTF-8, met een kopregel.")}


class ElipLijst(_CSV):
    @extend_schema(
        operation_id="lijst_elip",
        summary="De ELIP-lijst van een gemeente zoals die nu is (CSV)",
        parameters=[LijstVraagSerializer],
        responses={**CSV, 400: PROBLEEM, 403: PROBLEEM},
    )
    def get(self, request: Request) -> HttpResponse:
        gemeente = self.gemeente(_vraag(LijstVraagSerializer, request).get("gemeente"))
        return self.bestand("elip", gemeente, lijsten.ELIP_KOLOMMEN, lijsten.elip(gemeente))


class NieuwPlichtigLijst(_CSV):
    @extend_schema(
        operation_id="lijst_nieuw_plichtig",
        summary="De nieuwe inburgeringsplichtigen die aan een gemeente zijn gemeld sinds een dag (CSV)",
        parameters=[NieuwPlichtigVraagSerializer],
        responses={**CSV, 400: PROBLEEM, 403: PROBLEEM},
    )
    def get(self, request: Request) -> HttpResponse:
        vraag = _vraag(NieuwPlichtigVraagSerializer, request)
        gemeente = self.gemeente(vraag.get("gemeente"))
        sinds = vraag.get("sinds") or today() - dt.timedelta(days=28)
        begin = timezone.make_aware(dt.datetime.combine(sinds, dt.time()))
        return self.bestand(
            "nieuw-plichtig",
            gemeente,
            lijsten.NIEUW_PLICHTIG_KOLOMMEN,
            lijsten.nieuw_plichtig(gemeente, begin),
        )
