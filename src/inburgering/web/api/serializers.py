"""The shapes of the API. Facts are described from the law's own registry (name, kind, description), so the schema
documents every fact exactly as ``docs/rules.md`` does and cannot drift from the rules."""

from __future__ import annotations

from rest_framework import serializers

import inburgering.law as law
from inburgering.events.vocabulary import BRON_PATTERN, SOORTEN
from inburgering.law.explain import soort_van
from inburgering.store.columns import FACT_NAMES
from inburgering.store.worklists import CURSOR_PATTERN, STATUSSEN, WERKLIJSTEN


def _omschrijving(naam: str) -> str:
    return law.VARIABLES[naam].omschrijving if naam in law.VARIABLES else law.INVOER[naam].omschrijving


def _fact_field(naam: str) -> serializers.Field:
    soort, tekst = soort_van(naam), _omschrijving(naam)
    if soort == "datum":
        return serializers.DateField(allow_null=True, required=False, help_text=tekst)
    if soort == "ja_nee":
        return serializers.BooleanField(required=False, help_text=tekst)
    if soort == "getal":
        return serializers.FloatField(allow_null=True, required=False, help_text=tekst)
    if soort == "bedrag":
        return serializers.IntegerField(required=False, help_text=f"{tekst} (in centen)")
    return serializers.CharField(allow_blank=True, required=False, help_text=tekst)


FeitenSerializer = type(
    "FeitenSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "The derived facts a role may see (fields outside the role's purpose are left out).",
        **{naam: _fact_field(naam) for naam in FACT_NAMES},
    },
)


class PersoonSerializer(serializers.Serializer):
    identificatie = serializers.CharField(help_text="Pseudonieme identificatie van de persoon.")
    versie = serializers.IntegerField(
        help_text="Versie van het dossier; geef die mee in If-Match bij schrijven."
    )
    peildatum = serializers.DateField(help_text="De dag waarop de feiten zijn berekend.")
    signalen = serializers.ListField(child=serializers.CharField(), help_text="De signalen die gelden.")
    feiten = FeitenSerializer()


class GebeurtenisSerializer(serializers.Serializer):
    """An event in the envelope of docs/events.md; ``gegevens`` is checked against the vocabulary of its type."""

    id = serializers.CharField(
        max_length=100, help_text="Uniek per gebeurtenis; dezelfde id opnieuw is idempotent."
    )
    persoon = serializers.CharField(max_length=64, help_text="Pseudonieme identificatie, nooit een BSN.")
    soort = serializers.ChoiceField(choices=sorted(SOORTEN))
    geldig_op = serializers.DateField()
    beschikbaar_op = serializers.CharField(
        required=False, help_text="RFC 3339-tijdstip of datum; standaard het moment van ontvangst."
    )
    bron = serializers.RegexField(
        BRON_PATTERN,
        max_length=60,
        help_text="IND, DUO, COA, BRP, CVTE, ARGONAUT, GMxxxx of TAALSCHOOL:id: uw eigen organisatie.",
    )
    gegevens = serializers.DictField(help_text="De velden van de soort, zoals docs/events.md ze beschrijft.")
    corrigeert = serializers.CharField(required=False, allow_null=True, max_length=100)
    intrekking = serializers.BooleanField(required=False, default=False)


class OpgeslagenGebeurtenisSerializer(GebeurtenisSerializer):
    beschikbaar_op = serializers.DateTimeField()
    geregistreerd_door = serializers.CharField(
        allow_blank=True, help_text="Wie het via dit systeem vastlegde."
    )


class SchrijfResultaatSerializer(serializers.Serializer):
    nieuw = serializers.ListField(child=serializers.CharField(), help_text="Opgeslagen gebeurtenissen.")
    al_bekend = serializers.ListField(
        child=serializers.CharField(), help_text="Gebeurtenissen die er al waren (niets veranderd)."
    )
    versies = serializers.DictField(child=serializers.IntegerField(), help_text="Dossierversie per persoon.")


class UitlegSerializer(serializers.Serializer):
    peildatum = serializers.DateField()
    feiten = serializers.DictField()
    signalen = serializers.ListField(child=serializers.CharField())
    stappen = serializers.ListField(
        child=serializers.DictField(), help_text="Elke regel met artikel en waarden."
    )
    invoer = serializers.DictField()
    gebeurtenissen = serializers.ListField(
        child=serializers.DictField(), help_text="Telt elke gebeurtenis, en zo niet, waarom."
    )


class UitlegVraagSerializer(serializers.Serializer):
    peildatum = serializers.DateField(required=False, help_text="Standaard vandaag.")
    beschikbaar_op = serializers.DateTimeField(required=False, help_text="Zoals bekend op dit moment.")


class InzageSerializer(serializers.Serializer):
    tijdstip = serializers.DateTimeField()
    gebruiker = serializers.CharField()
    rol = serializers.CharField()
    organisatie = serializers.CharField(allow_blank=True)
    onderdeel = serializers.CharField()
    kanaal = serializers.CharField()


class WerklijstSerializer(serializers.Serializer):
    naam = serializers.ChoiceField(choices=list(WERKLIJSTEN))
    titel = serializers.CharField()
    omschrijving = serializers.CharField()
    klok = serializers.CharField(help_text="Wat de datum die de lijst ordent betekent.")
    volgorde = serializers.CharField(help_text="Het feit dat de lijst ordent.")
    kolommen = serializers.ListField(child=serializers.CharField())
    regel = serializers.CharField()


class WerklijstRijSerializer(serializers.Serializer):
    persoon = serializers.CharField()
    klok = serializers.DateField(help_text="De termijn die de lijst ordent.")
    dagen = serializers.IntegerField(help_text="Dagen tot die datum (negatief: verstreken).")
    feiten = FeitenSerializer()


class WerklijstPaginaSerializer(serializers.Serializer):
    werklijst = serializers.CharField()
    volgende = serializers.CharField(
        allow_null=True, help_text="Cursor van de volgende pagina (geen telling)."
    )
    resultaten = WerklijstRijSerializer(many=True)


class PersoonPaginaSerializer(serializers.Serializer):
    volgende = serializers.CharField(
        allow_null=True, help_text="Cursor van de volgende pagina (geen telling)."
    )
    resultaten = PersoonSerializer(many=True)


class PaginaVraagSerializer(serializers.Serializer):
    cursor = serializers.RegexField(
        r"^[^\x00]*$",  # any identifier: what `volgende` said, spaces and all, but no NUL (the database refuses it)
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="`volgende` van de vorige pagina (de laatste persoon).",
    )
    aantal = serializers.IntegerField(
        required=False, default=50, min_value=1, max_value=500, help_text="Rijen per pagina."
    )


class PersonenVraagSerializer(PaginaVraagSerializer):
    status = serializers.ChoiceField(choices=STATUSSEN, required=False, help_text="Alleen deze status.")
    gemeente = serializers.RegexField(
        r"^GM[0-9]{4}$", required=False, help_text="Alleen deze verantwoordelijke gemeente."
    )


class WerklijstVraagSerializer(PaginaVraagSerializer):
    cursor = serializers.RegexField(
        CURSOR_PATTERN,
        required=False,
        trim_whitespace=False,
        help_text="`volgende` van de vorige pagina (`JJJJ-MM-DD|persoon`).",
    )
    aflopend = serializers.BooleanField(required=False, default=False, help_text="Laatste termijn eerst.")
    gemeente = serializers.RegexField(
        r"^GM[0-9]{4}$", required=False, help_text="Alleen deze verantwoordelijke gemeente."
    )
