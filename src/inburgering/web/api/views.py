"""The REST API: persons and their facts, events (one or a batch), explanations, worklists, the read log.

Every view asks ``store.access`` what the user may see; a person outside the user's scope does not exist for them
(404, so the API does not tell who else is known). Every read of a dossier part is logged before it is returned.
Lists are keyset pages with a cursor and no count, so a page costs the same on a million persons.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from inburgering.events.jsonl import EventError, event_from_dict
from inburgering.law import SIGNALEN
from inburgering.store import audit, dossier
from inburgering.store.access import Toegang, toegang
from inburgering.store.models import Feiten
from inburgering.store.projection import last_recomputation, peildatum_of, today
from inburgering.store.worklists import WERKLIJSTEN, Pagina, Werklijst, page
from inburgering.store.writes import write
from inburgering.web.api import serializers as s
from inburgering.web.api.problems import Ongeldig

MAX_BATCH = 10_000
PROBLEEM = OpenApiResponse(description="Een probleem (application/problem+json, RFC 9457).")


class HeeftRol(permissions.BasePermission):
    """Logged in with a role in the chain; a user without one sees nothing."""

    message = "Uw account heeft geen rol in de keten."

    def has_permission(self, request, view) -> bool:
        return (
            request.user is not None and request.user.is_authenticated and toegang(request.user) is not None
        )


class Basis(APIView):
    permission_classes = [HeeftRol]

    def toegang(self) -> Toegang:
        return toegang(self.request.user)

    def feiten_van(self, persoon: str) -> Feiten:
        """The person's projected facts, or 404 if the person does not exist for this user."""
        feiten = self.toegang().zichtbare_feiten().filter(persoon_id=persoon).first()
        if feiten is None or not self.toegang().ziet_dossiers:
            raise NotFound(f"Persoon {persoon} is niet gevonden (of niet in uw caseload).")
        return feiten


def _vraag(serializer_class, request: Request) -> dict:
    """The query parameters, validated by the serializer that also documents them in the schema."""
    vraag = serializer_class(data=request.query_params)
    vraag.is_valid(raise_exception=True)
    return vraag.validated_data


def _pagina(lijst: Werklijst, rows, velden: tuple[str, ...], vraag: dict) -> Pagina:
    """A keyset page of ``rows`` in ``lijst``'s order, as the query asked for it; a cursor of another list is a
    problem with the parameter named."""
    try:
        return page(
            lijst,
            rows,
            velden=velden,
            na=vraag.get("cursor"),
            aantal=vraag["aantal"],
            aflopend=vraag["aflopend"],
        )
    except ValueError as error:
        raise Ongeldig(str(error), [("cursor", "geen cursor van deze lijst")]) from None


def feiten_dict(feiten: Feiten, t: Toegang) -> dict:
    """The facts this role may see, as plain values."""
    return {naam: getattr(feiten, naam) for naam in t.feitnamen()}


def persoon_dict(feiten: Feiten, t: Toegang, last: dt.date | None) -> dict:
    zichtbaar = set(t.feitnamen())
    return {
        "identificatie": feiten.persoon_id,
        "versie": feiten.versie,
        "peildatum": peildatum_of(feiten, last),
        "signalen": [n.removeprefix("signaal_") for n in SIGNALEN if n in zichtbaar and getattr(feiten, n)],
        "feiten": feiten_dict(feiten, t),
    }


class PersonenLijst(Basis):
    @extend_schema(
        operation_id="personen_lijst",
        summary="Personen in uw caseload",
        parameters=[s.PersonenVraagSerializer],
        responses={200: s.PersoonPaginaSerializer, 400: PROBLEEM, 403: PROBLEEM},
    )
    def get(self, request: Request) -> Response:
        t = self.toegang()
        if not t.ziet_dossiers:
            return Response({"volgende": None, "resultaten": []})
        vraag = _vraag(s.PersonenVraagSerializer, request)
        rows = t.zichtbare_feiten()
        for veld, kolom in (("status", "status"), ("gemeente", "verantwoordelijke_gemeente")):
            if veld in vraag:
                rows = rows.filter(**{kolom: vraag[veld]})
        if vraag.get("cursor"):
            rows = rows.filter(persoon_id__gt=vraag["cursor"])
        aantal = vraag["aantal"]
        found = list(rows.order_by("persoon")[: aantal + 1])
        volgende = found[aantal - 1].persoon_id if len(found) > aantal else None
        last = last_recomputation()
        return Response(
            {"volgende": volgende, "resultaten": [persoon_dict(f, t, last) for f in found[:aantal]]}
        )


class PersoonDetail(Basis):
    @extend_schema(
        operation_id="persoon_lezen",
        summary="De afgeleide feiten van één persoon (wordt vastgelegd als inzage)",
        responses={200: s.PersoonSerializer, 404: PROBLEEM},
    )
    def get(self, request: Request, persoon: str) -> Response:
        feiten = self.feiten_van(persoon)
        audit.log_read(self.toegang(), persoon, "feiten", "api")
        return Response(
            persoon_dict(feiten, self.toegang(), last_recomputation()), headers={"ETag": f'"{feiten.versie}"'}
        )


class PersoonGebeurtenissen(Basis):
    @extend_schema(
        operation_id="persoon_gebeurtenissen",
        summary="De gebeurtenissen van één persoon (wordt vastgelegd als inzage)",
        responses={200: s.OpgeslagenGebeurtenisSerializer(many=True), 404: PROBLEEM},
    )
    def get(self, request: Request, persoon: str) -> Response:
        self.feiten_van(persoon)
        audit.log_read(self.toegang(), persoon, "gebeurtenissen", "api")
        return Response(
            [
                event.to_dict() | {"geregistreerd_door": door}
                for event, door in dossier.events(persoon, self.toegang())
            ]
        )


class PersoonUitleg(Basis):
    @extend_schema(
        operation_id="persoon_uitleg",
        summary="Uitleg van de feiten: waarden, parameters op de datum, artikelen (wordt vastgelegd als inzage)",
        parameters=[s.UitlegVraagSerializer],
        responses={200: s.UitlegSerializer, 400: PROBLEEM, 403: PROBLEEM, 404: PROBLEEM},
    )
    def get(self, request: Request, persoon: str) -> Response:
        self.feiten_van(persoon)
        t = self.toegang()
        if not t.mag_uitleg_zien:
            raise PermissionDenied("Uw rol mag de volledige uitleg niet zien.")
        vraag = _vraag(s.UitlegVraagSerializer, request)
        uitleg, status_ = dossier.explanation(
            persoon, vraag.get("peildatum") or today(), vraag.get("beschikbaar_op")
        )
        audit.log_read(t, persoon, "uitleg", "api")
        body = uitleg.to_json() | {
            "gebeurtenissen": [
                {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in e.__dict__.items()}
                for e in status_
                if t.mag_soort_zien(e.soort)
            ]
        }
        return Response(body)


class PersoonInzage(Basis):
    @extend_schema(
        operation_id="persoon_inzage",
        summary="Wie het dossier inzag (voor DUO, de gemeente van de persoon en de persoon zelf)",
        responses={200: s.InzageSerializer(many=True), 403: PROBLEEM, 404: PROBLEEM},
    )
    def get(self, request: Request, persoon: str) -> Response:
        feiten = self.feiten_van(persoon)
        if not self.toegang().mag_inzagelog_zien(feiten):
            raise PermissionDenied("Uw rol mag niet zien wie dit dossier inzag.")
        return Response(
            [
                {
                    "tijdstip": r.tijdstip,
                    "gebruiker": r.gebruiker.get_username(),
                    "rol": r.rol,
                    "organisatie": r.organisatie,
                    "onderdeel": r.onderdeel,
                    "kanaal": r.kanaal,
                }
                for r in audit.reads_of(persoon)
            ]
        )


def _parse_events(data, as_list: bool):
    """Validate an event or a list of them against the vocabulary; errors name the item and the field."""
    items = data if as_list else [data]
    if as_list and not isinstance(data, list):
        raise Ongeldig("Verwacht een lijst van gebeurtenissen.", [("(invoer)", "geen lijst")])
    if len(items) > MAX_BATCH:
        raise Ongeldig(f"Hoogstens {MAX_BATCH} gebeurtenissen per verzoek.", [("(invoer)", "te veel")])
    events, fouten = [], []
    for i, item in enumerate(items):
        try:
            events.append(event_from_dict(item))
        except EventError as error:
            fouten.append((f"{i}.{error.field}" if as_list else error.field, error.message))
    if fouten:
        raise Ongeldig(f"{len(fouten)} fout(en); niets opgeslagen.", fouten)
    if not events:
        raise Ongeldig("Geen gebeurtenissen.", [("(invoer)", "leeg")])
    return events


def _if_match(request: Request, events) -> dict[str, int] | None:
    """``If-Match: "<versie>"`` guards a write about one person against changes made after it was read."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    personen = {e.persoon for e in events}
    versie = header.strip().strip('"')
    if len(personen) != 1 or not versie.isdigit():
        raise ParseError('If-Match geldt voor gebeurtenissen van één persoon en is een versie, bv. "3".')
    return {personen.pop(): int(versie)}


class Gebeurtenissen(Basis):
    @extend_schema(
        operation_id="gebeurtenis_vastleggen",
        summary="Eén gebeurtenis vastleggen (idempotent op id; If-Match met de dossierversie)",
        request=s.GebeurtenisSerializer,
        parameters=[
            OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description='Dossierversie, bv. "3".')
        ],
        responses={
            201: s.SchrijfResultaatSerializer,
            200: s.SchrijfResultaatSerializer,
            400: PROBLEEM,
            403: PROBLEEM,
            412: PROBLEEM,
        },
    )
    def post(self, request: Request) -> Response:
        return self._write(request, as_list=False)

    def _write(self, request: Request, as_list: bool) -> Response:
        events = _parse_events(request.data, as_list)
        resultaat = write(events, self.toegang(), verwacht=_if_match(request, events))
        code = status.HTTP_201_CREATED if resultaat.nieuw else status.HTTP_200_OK
        return Response(
            {"nieuw": resultaat.nieuw, "al_bekend": resultaat.al_bekend, "versies": resultaat.versies},
            status=code,
        )


class GebeurtenissenBatch(Gebeurtenissen):
    @extend_schema(
        operation_id="gebeurtenissen_vastleggen",
        summary=f"Een reeks gebeurtenissen vastleggen, alles of niets (hoogstens {MAX_BATCH})",
        request=s.GebeurtenisSerializer(many=True),
        responses={
            201: s.SchrijfResultaatSerializer,
            200: s.SchrijfResultaatSerializer,
            400: PROBLEEM,
            403: PROBLEEM,
        },
    )
    def post(self, request: Request) -> Response:
        return self._write(request, as_list=True)


def werklijst_dict(naam: str) -> dict:
    lijst = WERKLIJSTEN[naam]
    return {
        "naam": naam,
        "titel": str(lijst.titel),
        "omschrijving": str(lijst.omschrijving),
        "klok": str(lijst.klok),
        "volgorde": lijst.volgorde,
        "kolommen": list(lijst.kolommen),
        "regel": lijst.regel,
    }


class Werklijsten(Basis):
    @extend_schema(
        operation_id="werklijsten",
        summary="De werklijsten",
        responses={200: s.WerklijstSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response([werklijst_dict(naam) for naam in WERKLIJSTEN])


class WerklijstPagina(Basis):
    @extend_schema(
        operation_id="werklijst",
        summary="Eén pagina van een werklijst in de volgorde van de termijn",
        parameters=[s.WerklijstVraagSerializer],
        responses={200: s.WerklijstPaginaSerializer, 400: PROBLEEM, 404: PROBLEEM},
    )
    def get(self, request: Request, naam: str) -> Response:
        lijst = WERKLIJSTEN.get(naam)
        if lijst is None:
            raise NotFound(f"Werklijst {naam} bestaat niet.")
        t = self.toegang()
        vraag = _vraag(s.WerklijstVraagSerializer, request)
        rows = t.zichtbare_feiten()
        if "gemeente" in vraag:
            rows = rows.filter(verantwoordelijke_gemeente=vraag["gemeente"])
        zichtbaar = set(t.feitnamen())
        kolommen = tuple(k for k in lijst.kolommen if k in zichtbaar)
        pagina = _pagina(lijst, rows, kolommen, vraag)
        vandaag = today()
        return Response(
            {
                "werklijst": naam,
                "volgende": pagina.volgende,
                "resultaten": [
                    {
                        "persoon": f["persoon_id"],
                        "klok": f[lijst.volgorde],
                        "dagen": (f[lijst.volgorde] - vandaag).days,
                        "feiten": {k: f[k] for k in kolommen},
                    }
                    for f in pagina.rijen
                ],
            }
        )


SCHEMA = Path(__file__).with_name("openapi.yaml")


@extend_schema(exclude=True)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([])
def schema(request: Request) -> HttpResponse:
    """The committed OpenAPI schema, served as the contract it is (a test keeps it equal to the code). Served from
    the file rather than generated per request: generating it is slow, and drf-spectacular's first generation in
    a process is not safe under concurrent requests."""
    return HttpResponse(SCHEMA.read_bytes(), content_type="application/vnd.oai.openapi; charset=utf-8")
