"""The chain's event vocabulary: one typed record per event type, defined once.

``docs/events.md`` describes these types for people; a test checks that every type and field here appears there.
Each type's ``gegevens`` is a msgspec ``Struct``, so decoding a delivery validates it (types, ranges, enumerations,
unknown fields) in one step and the same definitions give the column types of the columnar form.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from typing import Annotated, Literal, get_args, get_origin

import msgspec
import polars as pl

from inburgering.law.dates import parse_period

Gemeente = Annotated[str, msgspec.Meta(pattern=r"^GM[0-9]{4}$")]
Bedrag = Annotated[
    decimal.Decimal, msgspec.Meta(description="euros, at most 2 decimals, held as whole cents")
]
Duur = Annotated[str, msgspec.Meta(pattern=r"^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")]
Uren = Annotated[float, msgspec.Meta(gt=0, le=2000)]
Score = Annotated[int, msgspec.Meta(ge=0, le=40)]
Nationaliteit = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]
Tekst = Annotated[str, msgspec.Meta(max_length=500)]
Vreemdelingennummer = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{10}$")]
Taalschool = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_.-]{1,40}$")]

Wet = Literal["Wi2007", "Wi2013", "Wi2021"]
Leerroute = Literal["b1", "onderwijs", "z"]
Onderdeel = Literal["lezen", "luisteren", "schrijven", "spreken", "knm", "ona"]
Niveau = Literal["A1", "A2", "B1", "B2"]
Urensoort = Literal["nt2", "knm", "alfabetisering", "participatie", "map_praktijk", "pvt"]
OntheffingGrond = Literal["medisch", "bio", "agi", "avi"]
BoeteOnderdeel = Literal["leerroute", "pvt", "map", "examen"]
Geslacht = Literal["man", "vrouw", "onbekend"]
Verblijfsdoel = Literal[
    "asiel",
    "nareis_asiel",
    "gezinshereniging",
    "gezinsvorming",
    "geestelijk_bedienaar",
    "mensenhandel",
    "tijdelijke_bescherming",
    "arbeid",
    "kennismigrant",
    "studie",
    "overig_tijdelijk",
    "overig_niet_tijdelijk",
]
VerlengingGrond = Literal[
    "ziekte",
    "ziekte_gezinslid",
    "overlijden",
    "geboorte",
    "alfabetisering",
    "bio",
    "samenloop",
    "onderwijs",
    "onderwijs_geen_vrijstelling",
    "geen_aanbod",
    "uren_en_examens",
    "ambtshalve",
    "covid",
]

BRON_PATTERN = r"^(IND|DUO|COA|BRP|CVTE|ARGONAUT|GM[0-9]{4}|TAALSCHOOL:[A-Za-z0-9_.-]{1,40})$"


class Gegevens(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """The fields of one event type; subclasses declare them. Amounts are checked here for all types."""

    def __post_init__(self) -> None:
        for name, kind in field_kinds(type(self)).items():
            if kind == "bedrag":
                value = getattr(self, name)
                if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:
                    raise ValueError(
                        f"`{name}` moet een bedrag ≥ 0 met hoogstens 2 decimalen zijn (kreeg {value})"
                    )


class VerblijfsvergunningVerleend(Gegevens):
    verblijfsgrond: Literal["asiel", "regulier"]
    verblijfsdoel: Verblijfsdoel
    nationaliteit: Nationaliteit
    geboortedatum: dt.date
    mvv: bool = False
    referent_asielstatushouder: bool = False
    eu_langdurig_ingezetene: bool = False
    examen_buitenland_behaald: bool = False
    geslacht: Geslacht | None = None  # not a fact of the law: for the monitor's tables by sex (figures.md C3)
    # IND's own number for the foreign national: the key by which one person known twice is found
    vreemdelingennummer: Vreemdelingennummer | None = None


class IngeschrevenInGemeente(Gegevens):
    gemeente: Gemeente


class OpvangGestart(Gegevens):
    locatie: Tekst | None = None


class OpvangBeeindigd(Gegevens):
    locatie: Tekst | None = None


class GekoppeldAanGemeente(Gegevens):
    gemeente: Gemeente


class KennisgevingVerzonden(Gegevens):
    wet: Wet


class Leeg(Gegevens):
    """For the types that carry no fields of their own: the date says it all."""


class LeerbaarheidstoetsAfgenomen(Gegevens):
    score: Score


class PipVastgesteld(Gegevens):
    leerroute: Leerroute
    afschalen_a2: bool = False


class AangemeldBijTaalschool(Gegevens):
    taalschool: Taalschool


class UrenGeregistreerd(Gegevens):
    urensoort: Urensoort
    uren: Uren
    keurmerk: bool = False


class ExamenUitslag(Gegevens):
    onderdeel: Onderdeel
    niveau: Niveau
    geslaagd: bool


class VerlengingVerleend(Gegevens):
    grond: VerlengingGrond
    duur: Duur | None = None
    tot: dt.date | None = None

    def __post_init__(self) -> None:
        if (self.duur is None) == (self.tot is None):
            raise ValueError("geef precies één van `duur` of `tot`")


class VrijstellingVerleend(Gegevens):
    grond: Literal["diploma", "onderwijs_nl", "leerplicht", "nt2_diploma", "overig"]


class Ontheffing(Gegevens):
    grond: OntheffingGrond


class MedischAdviesUitgebracht(Gegevens):
    permanent_niet_in_staat: bool


class LeningBesteed(Gegevens):
    totaal: Bedrag


class MedewerkingGeweigerd(Gegevens):
    omschrijving: Tekst | None = None


class Boete(Gegevens):
    onderdeel: BoeteOnderdeel
    bedrag: Bedrag


class UrenverklaringIngediend(Gegevens):
    uren: Uren
    contract_bekend: bool


class UrenverklaringBeoordeeld(Gegevens):
    oordeel: Literal["goedgekeurd", "afgewezen", "bewijs_gevraagd"]


class UrenverklaringNavraag(Gegevens):
    """DUO asks a school whether it has a contract for the hours it reported (the hour-statement check)."""

    taalschool: Taalschool


class UrenverklaringNavraagBeantwoord(Gegevens):
    """The school's answer: whether there is a contract (an enrolment, or the person's own) for those hours."""

    contract_bekend: bool


class PlichtVervallen(Gegevens):
    reden: Literal["uitspraak_rechter", "onjuiste_kennisgeving", "verblijf_beeindigd", "overig"]


SOORTEN: dict[str, type[Gegevens]] = {
    "verblijfsvergunning_verleend": VerblijfsvergunningVerleend,
    "ingeschreven_in_gemeente": IngeschrevenInGemeente,
    "opvang_gestart": OpvangGestart,
    "opvang_beeindigd": OpvangBeeindigd,
    "gekoppeld_aan_gemeente": GekoppeldAanGemeente,
    "kennisgeving_verzonden": KennisgevingVerzonden,
    "brede_intake_gestart": Leeg,
    "brede_intake_afgerond": Leeg,
    "leerbaarheidstoets_afgenomen": LeerbaarheidstoetsAfgenomen,
    "informatie_derden_ontvangen": Leeg,
    "pip_vastgesteld": PipVastgesteld,
    "pip_gewijzigd": PipVastgesteld,
    "aangemeld_bij_taalschool": AangemeldBijTaalschool,
    "uren_geregistreerd": UrenGeregistreerd,
    "examen_uitslag": ExamenUitslag,
    "pvt_afgerond": Leeg,
    "map_afgerond": Leeg,
    "onderwijsroute_afgerond": Leeg,
    "verlenging_verleend": VerlengingVerleend,
    "vrijstelling_verleend": VrijstellingVerleend,
    "ontheffing_aangevraagd": Ontheffing,
    "medisch_advies_uitgebracht": MedischAdviesUitgebracht,
    "ontheffing_verleend": Ontheffing,
    "lening_besteed": LeningBesteed,
    "bijstand_gestart": Leeg,
    "medewerking_geweigerd": MedewerkingGeweigerd,
    "boete_vooraankondiging": Boete,
    "zienswijze_ontvangen": Leeg,
    "boete_opgelegd": Boete,
    "urenverklaring_ingediend": UrenverklaringIngediend,
    "urenverklaring_beoordeeld": UrenverklaringBeoordeeld,
    "urenverklaring_navraag": UrenverklaringNavraag,
    "urenverklaring_navraag_beantwoord": UrenverklaringNavraagBeantwoord,
    "vertrokken": Leeg,
    "overleden": Leeg,
    "plicht_vervallen": PlichtVervallen,
}


class Event(msgspec.Struct, frozen=True, kw_only=True):
    """One validated event: the envelope of docs/events.md with typed ``gegevens``."""

    id: str
    persoon: str
    soort: str
    geldig_op: dt.date
    beschikbaar_op: dt.datetime  # UTC
    bron: str
    gegevens: Gegevens
    corrigeert: str | None = None
    intrekking: bool = False

    def to_dict(self) -> dict:
        """The JSON form of docs/events.md (amounts as strings with 2 decimals, so no float creeps in)."""
        gegevens = {}
        for name, value in msgspec.structs.asdict(self.gegevens).items():
            if value is None:
                continue
            if isinstance(value, decimal.Decimal):
                value = f"{value:.2f}"
            elif isinstance(value, dt.date):
                value = value.isoformat()
            gegevens[name] = value
        result = {
            "id": self.id,
            "persoon": self.persoon,
            "soort": self.soort,
            "geldig_op": self.geldig_op.isoformat(),
            "beschikbaar_op": self.beschikbaar_op.isoformat().replace("+00:00", "Z"),
            "bron": self.bron,
            "gegevens": gegevens,
        }
        if self.corrigeert is not None:
            result["corrigeert"] = self.corrigeert
        if self.intrekking:
            result["intrekking"] = True
        return result


def enumeration(annotation) -> tuple[str, ...] | None:
    """The values an enumerated field type allows (``Literal[...]``, also inside ``| None``), else None."""
    for arg in (annotation, *get_args(annotation)):
        if get_origin(arg) is Literal:
            return get_args(arg)
    return None


def values_of(soort: str, veld: str) -> tuple[str, ...]:
    """The values an enumerated field of an event type allows, in the vocabulary's order."""
    field = next(f for f in msgspec.structs.fields(SOORTEN[soort]) if f.name == veld)
    values = enumeration(field.type)
    if values is None:
        raise KeyError(f"{soort}.{veld} is geen opsomming")
    return values


@functools.cache
def field_kinds(cls: type[Gegevens]) -> dict[str, str]:
    """Each field's storage kind: tekst, datum, ja_nee, geheel, uren, bedrag or duur. Cached: it is asked for
    every record decoded and every record put into columns, and a type's fields never change."""
    kinds = {}
    for field in msgspec.structs.fields(cls):
        annotation = field.type
        if get_origin(annotation) is not None and type(None) in get_args(annotation):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        if annotation is Bedrag:
            kinds[field.name] = "bedrag"
        elif annotation is Duur:
            kinds[field.name] = "duur"
        elif annotation is Uren:
            kinds[field.name] = "uren"
        elif annotation is Score:
            kinds[field.name] = "geheel"
        elif annotation is dt.date:
            kinds[field.name] = "datum"
        elif annotation is bool:
            kinds[field.name] = "ja_nee"
        else:
            kinds[field.name] = "tekst"
    return kinds


ENVELOPE_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "persoon": pl.Int32(),
    "geldig_op": pl.Date(),
    "beschikbaar_op": pl.Datetime("us", "UTC"),
    "bron": pl.String(),
    "corrigeert": pl.String(),
    "intrekking": pl.Boolean(),
}
_COLUMN_TYPES = {
    "tekst": pl.String(),
    "datum": pl.Date(),
    "ja_nee": pl.Boolean(),
    "geheel": pl.Int32(),
    "uren": pl.Float64(),
}


def field_columns(cls: type[Gegevens]) -> dict[str, pl.DataType]:
    """The columns that hold a type's fields in the columnar form (docs/events.md, "Columnar form")."""
    columns: dict[str, pl.DataType] = {}
    for name, kind in field_kinds(cls).items():
        if kind == "bedrag":
            columns[f"{name}_cent"] = pl.Int64()
        elif kind == "duur":
            columns[f"{name}_maanden"] = pl.Int32()
            columns[f"{name}_dagen"] = pl.Int32()
        else:
            columns[name] = _COLUMN_TYPES[kind]
    return columns


def table_schema(soort: str) -> dict[str, pl.DataType]:
    """The columns of one type's table: the envelope, then the type's fields."""
    return ENVELOPE_SCHEMA | field_columns(SOORTEN[soort])


def flat_schema() -> dict[str, pl.DataType]:
    """The single on-disk table: the envelope with ``persoon`` as its identifier, ``soort``, all fields."""
    schema = ENVELOPE_SCHEMA | {"persoon": pl.String(), "soort": pl.String()}
    for cls in dict.fromkeys(SOORTEN.values()):
        schema |= field_columns(cls)
    return schema


def to_columns(gegevens: Gegevens) -> dict[str, object]:
    """A record's fields as column values: amounts in cents, a period as months and days."""
    values: dict[str, object] = {}
    for name, kind in field_kinds(type(gegevens)).items():
        value = getattr(gegevens, name)
        if kind == "bedrag":
            values[f"{name}_cent"] = int(value * 100)
        elif kind == "duur":
            months, days = parse_period(value) if value is not None else (None, None)
            values[f"{name}_maanden"], values[f"{name}_dagen"] = months, days
        else:
            values[name] = value
    return values


def from_columns(soort: str, row: dict) -> Gegevens:
    """The inverse of ``to_columns`` for one row of a type's table."""
    cls = SOORTEN[soort]
    values = {}
    for name, kind in field_kinds(cls).items():
        if kind == "bedrag":
            values[name] = decimal.Decimal(row[f"{name}_cent"]) / 100
        elif kind == "duur":
            months, days = row[f"{name}_maanden"], row[f"{name}_dagen"]
            values[name] = None if months is None else _period(months, days)
        else:
            values[name] = row[name]
    return cls(**values)


def _period(months: int, days: int) -> str:
    text = "P" + (f"{months}M" if months else "") + (f"{days}D" if days else "")
    return text if text != "P" else "P0D"
