"""The chain partners' feeds, one declarative definition each: which event types a row may become, who delivers
it, and the columns a delivery has.

A feed names its event types and its sources; everything else is read from the event vocabulary
(``events.vocabulary``): each type's fields become columns with the vocabulary's kinds, required fields,
defaults, enumerations (``values_of``), patterns and ranges. So a feed cannot accept what the vocabulary refuses,
and the schema in ``docs/exchange.md`` is generated from the same definitions (``inburgering feeds``).

Every row carries the partner's own key (``kenmerk``); the event id is ``<feed>/<bron>/<kenmerk>``, so a second
delivery of the same row is recognised whatever the file it came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, get_args, get_origin

import msgspec

from inburgering.events.vocabulary import BRON_PATTERN, SOORTEN, enumeration, field_kinds

if TYPE_CHECKING:  # only its attributes are used: the definitions load without Django (the docs command)
    from inburgering.store.access import Toegang

KENMERK_MAX = 40  # the longest id is school/TAALSCHOOL:<40>/<kenmerk>: 99 of the vocabulary's 100 characters


@dataclass(frozen=True)
class Veld:
    """One field of one event type as a delivery carries it, with the vocabulary's constraints."""

    soort: str
    naam: str
    kind: str  # tekst, code, datum, ja_nee, geheel, uren, bedrag, duur
    verplicht: bool
    standaard: object = None  # the vocabulary's default where the column is empty
    waarden: tuple[str, ...] | None = None
    patroon: str | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    max_lengte: int | None = None


def _unwrap(annotation) -> object:
    """The type inside ``X | None``."""
    args = get_args(annotation)
    if args and type(None) in args and get_origin(annotation) is not Annotated:
        return next(a for a in args if a is not type(None))
    return annotation


def _meta(annotation) -> msgspec.Meta | None:
    annotation = _unwrap(annotation)
    if get_origin(annotation) is Annotated:
        return next((m for m in get_args(annotation)[1:] if isinstance(m, msgspec.Meta)), None)
    return None


def velden(soort: str) -> tuple[Veld, ...]:
    """The fields of one event type, from the vocabulary."""
    cls = SOORTEN[soort]
    kinds = field_kinds(cls)
    result = []
    for field in msgspec.structs.fields(cls):
        values = enumeration(field.type)
        meta = _meta(field.type)
        kind = "code" if values is not None else kinds[field.name]
        result.append(
            Veld(
                soort=soort,
                naam=field.name,
                kind=kind,
                verplicht=field.required,
                standaard=None if field.required else field.default,
                waarden=values,
                patroon=getattr(meta, "pattern", None),
                ge=getattr(meta, "ge", None),
                gt=getattr(meta, "gt", None),
                le=getattr(meta, "le", None),
                max_lengte=getattr(meta, "max_length", None),
            )
        )
    return tuple(result)


@dataclass(frozen=True)
class Kolom:
    """A column of a feed's file: the envelope's or a field shared by one or more of the feed's types."""

    naam: str
    kind: str
    omschrijving: str
    verplicht: bool = False  # for every row
    velden: tuple[Veld, ...] = ()  # the event types that carry it as a field


ENVELOPE = (
    Kolom(
        "kenmerk",
        "tekst",
        f"the partner's own key of the row (1–{KENMERK_MAX} characters), unique per source",
        True,
    ),
    Kolom("persoon", "tekst", "the person's pseudonymous identifier (1–64 characters), never a BSN", True),
    Kolom("soort", "code", "the event type the row becomes; may be left out where the feed has one"),
    Kolom("datum", "datum", "when it happened (`geldig_op`)", True),
    Kolom(
        "corrigeert", "tekst", "the `kenmerk` of a row delivered before in this feed, which this row replaces"
    ),
    Kolom(
        "intrekking",
        "ja_nee",
        "with `corrigeert`: the row named is withdrawn and this one says nothing itself",
    ),
    Kolom("bron", "tekst", "may be left out; if given it must be the delivering organisation"),
)


@dataclass(frozen=True)
class Feed:
    """One partner's delivery: its event types, who may deliver it, and (derived) its columns."""

    naam: str
    omschrijving: str
    soorten: tuple[str, ...]
    bronnen: str  # a regular expression over the organisation codes that deliver this feed
    standaard_bron: str | None = None  # the bron when the delivery names none (a feed with a single source)

    def __post_init__(self) -> None:
        unknown = [s for s in self.soorten if s not in SOORTEN]
        if unknown:
            raise ValueError(f"feed {self.naam}: onbekende soort(en) {unknown}")

    @property
    def kolommen(self) -> tuple[Kolom, ...]:
        """The envelope, then each field of the feed's types once, in the order the types name them."""
        shared: dict[str, list[Veld]] = {}
        for soort in self.soorten:
            for veld in velden(soort):
                shared.setdefault(veld.naam, []).append(veld)
        fields = []
        for naam, per_soort in shared.items():
            kinds = {v.kind for v in per_soort}
            if len(kinds) != 1:
                raise ValueError(f"feed {self.naam}: veld {naam} heeft verschillende soorten waarden {kinds}")
            fields.append(Kolom(naam, kinds.pop(), "", velden=tuple(per_soort)))
        return (*ENVELOPE, *fields)

    @property
    def soort_verplicht(self) -> bool:
        return len(self.soorten) > 1

    def bron_voor(self, bron: str | None) -> str:
        """The delivery's bron: the one given, or the feed's only source. Raises ``ValueError`` if it may not
        deliver this feed."""
        bron = bron or self.standaard_bron
        if bron is None:
            raise ValueError(
                f"feed {self.naam}: geef de bron (de leverende organisatie, bv. {self.voorbeeld_bron})"
            )
        if not re.fullmatch(self.bronnen, bron) or not re.fullmatch(BRON_PATTERN, bron):
            raise ValueError(
                f"feed {self.naam} wordt niet geleverd door {bron!r} (wel: {self.bronnen_tekst})"
            )
        return bron

    @property
    def voorbeeld_bron(self) -> str:
        return {"gemeente": "GM0363", "school": "TAALSCHOOL:ABC"}.get(self.naam, self.standaard_bron or "")

    @property
    def bronnen_tekst(self) -> str:
        return self.bronnen.replace("GM[0-9]{4}", "GMxxxx").replace(
            "TAALSCHOOL:[A-Za-z0-9_.-]{1,40}", "TAALSCHOOL:id"
        )

    def mag_leveren(self, toegang: Toegang) -> bool:
        """Whether this user's organisation delivers this feed: it is one of the feed's sources and its role
        may write every type of the feed (``store.access``)."""
        return (
            bool(re.fullmatch(self.bronnen, toegang.code))
            and set(self.soorten) <= toegang.schrijfbare_soorten()
        )

    def event_id(self, bron: str, kenmerk: str) -> str:
        return f"{self.naam}/{bron}/{kenmerk}"


GEMEENTE = r"GM[0-9]{4}"

FEEDS: dict[str, Feed] = {
    f.naam: f
    for f in (
        Feed(
            "ind",
            "IND: residence permits granted.",
            ("verblijfsvergunning_verleend",),
            "IND",
            "IND",
        ),
        Feed(
            "brp",
            "BRP: registrations and moves (a move is a registration in the new municipality), departure from "
            "the Netherlands and death.",
            ("ingeschreven_in_gemeente", "vertrokken", "overleden"),
            "BRP",
            "BRP",
        ),
        Feed(
            "coa",
            "COA: start and end of reception and the link to a municipality (huisvestingstaakstelling).",
            ("opvang_gestart", "opvang_beeindigd", "gekoppeld_aan_gemeente"),
            "COA",
            "COA",
        ),
        Feed(
            "duo",
            "DUO: kennisgevingen, decisions (verlenging, vrijstelling, ontheffing, boete), the assessment of "
            "urenverklaringen, the end of the obligation and the use of the loan.",
            (
                "kennisgeving_verzonden",
                "verlenging_verleend",
                "vrijstelling_verleend",
                "ontheffing_aangevraagd",
                "ontheffing_verleend",
                "boete_vooraankondiging",
                "zienswijze_ontvangen",
                "boete_opgelegd",
                "urenverklaring_beoordeeld",
                "plicht_vervallen",
                "lening_besteed",
            ),
            "DUO",
            "DUO",
        ),
        Feed(
            "gemeente",
            "Municipality: brede intake, leerbaarheidstoets, PIP and its changes, enrolment with a language "
            "school, PVT, MAP and onderwijsroute completed.",
            (
                "brede_intake_gestart",
                "brede_intake_afgerond",
                "leerbaarheidstoets_afgenomen",
                "informatie_derden_ontvangen",
                "pip_vastgesteld",
                "pip_gewijzigd",
                "aangemeld_bij_taalschool",
                "pvt_afgerond",
                "map_afgerond",
                "onderwijsroute_afgerond",
            ),
            GEMEENTE,
        ),
        Feed(
            "school",
            "Language school: hours followed and urenverklaringen.",
            ("uren_geregistreerd", "urenverklaring_ingediend"),
            r"TAALSCHOOL:[A-Za-z0-9_.-]{1,40}",
        ),
        Feed(
            "examens",
            "Exam results (CvTE, or DUO for the older exams).",
            ("examen_uitslag",),
            "CVTE|DUO",
            "CVTE",
        ),
    )
}

# The kinds as the documentation names them, and the values a yes/no column accepts.
KIND_TEKST = {
    "tekst": "text",
    "code": "code",
    "datum": "date YYYY-MM-DD",
    "ja_nee": "yes/no",
    "geheel": "whole number",
    "uren": "number (hours)",
    "bedrag": "amount in euros (at most 2 decimals)",
    "duur": "period ISO 8601 (P3M, P16W, P1Y)",
}
JA_NEE = {"true": True, "false": False, "ja": True, "nee": False, "1": True, "0": False}
