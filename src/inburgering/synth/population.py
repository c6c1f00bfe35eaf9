"""A synthetic national population of newcomers, written as the chain's events.

Why: the engine must be tested, measured and demonstrated on a population the size of the real one (about a
million persons since 2007) without touching personal data. The generator therefore writes what the chain
partners would have delivered (IND permits, COA reception, BRP registrations, DUO notifications, municipal
PIPs, school hours, exams, loans, fines, ...) under all three laws (Wi2007, Wi2013, Wi2021), including the
chain's known faults: late IND->DUO notifications (2022 – May 2023, and a second gap from June 2026 that is still
open), notifications sent under the wrong law and corrected later, corrected birth dates, withdrawn duplicate hour
deliveries and withdrawn exam results, hours from a school the learner was not enrolled with, and a few persons
known twice (two identifiers with one vreemdelingennummer).

How: everything is drawn per event type as NumPy arrays over all persons at once (no loop over persons), from
one seeded generator, so the same seed gives the same tables. Events are collected per ``soort`` in the columnar
form of ``docs/events.md`` and only turned into Polars tables at the end. Events that would lie after ``tot``
(valid or known after the end of that day) or after the person's departure or death are dropped.

Who is in it and every distribution, with its source in ``../shared/domain/figures.md`` and the calibration as
measured, is written down in ``docs/synth.md``; ``--scale`` (via ``nationaal_aantal``) sizes it as a fraction of
the country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from inburgering.events.table import EventTables
from inburgering.events.vocabulary import table_schema, values_of
from inburgering.law.dates import add_months, add_years
from inburgering.law.parameters import Parameter, default_parameters

DAG_US = 86_400_000_000
EPOCH = dt.date(1970, 1, 1)
JAAR = 365.25
MAAND = 30.44
NOOIT = np.iinfo(np.int32).max  # a date that never comes
LEEG = np.iinfo(np.int32).min  # null in an Int32 or Date field column


def _dag(datum: dt.date) -> int:
    """Days since 1970-01-01."""
    return (datum - EPOCH).days


# --- Vocabulary values used here (docs/events.md) -------------------------------------------------------------

GRONDEN = values_of("verblijfsvergunning_verleend", "verblijfsgrond")
DOELEN = values_of("verblijfsvergunning_verleend", "verblijfsdoel")
WETTEN = values_of("kennisgeving_verzonden", "wet")
LEERROUTES = values_of("pip_vastgesteld", "leerroute")
URENSOORTEN = values_of("uren_geregistreerd", "urensoort")
ONDERDELEN = values_of("examen_uitslag", "onderdeel")
NIVEAUS = values_of("examen_uitslag", "niveau")
VERLENGING_GRONDEN = values_of("verlenging_verleend", "grond")
VRIJSTELLING_GRONDEN = values_of("vrijstelling_verleend", "grond")
ONTHEFFING_GRONDEN = values_of("ontheffing_verleend", "grond")
BOETE_ONDERDELEN = values_of("boete_opgelegd", "onderdeel")
OORDELEN = values_of("urenverklaring_beoordeeld", "oordeel")
REDENEN = values_of("plicht_vervallen", "reden")
GESLACHTEN = values_of("verblijfsvergunning_verleend", "geslacht")
# The generator codes the law by its position in WETTEN (0 = Wi2007); tests/synth checks that order.

# Municipalities (CBS code, rough population in thousands): who registers and who runs the Wi2021 trajectory.
GEMEENTEN_GEWICHT = {
    "GM0363": 930,  # Amsterdam
    "GM0599": 670,  # Rotterdam
    "GM0518": 560,  # 's-Gravenhage
    "GM0344": 370,  # Utrecht
    "GM0772": 240,  # Eindhoven
    "GM0014": 240,  # Groningen
    "GM0855": 225,  # Tilburg
    "GM0034": 220,  # Almere
    "GM0758": 185,  # Breda
    "GM0268": 180,  # Nijmegen
    "GM0202": 165,  # Arnhem
    "GM0392": 165,  # Haarlem
    "GM0200": 165,  # Apeldoorn
    "GM0153": 160,  # Enschede
    "GM0796": 160,  # 's-Hertogenbosch
    "GM0307": 160,  # Amersfoort
    "GM0479": 160,  # Zaanstad
    "GM0394": 160,  # Haarlemmermeer
    "GM0193": 130,  # Zwolle
    "GM0546": 125,  # Leiden
    "GM0080": 125,  # Leeuwarden
    "GM0637": 125,  # Zoetermeer
    "GM0935": 120,  # Maastricht
    "GM0505": 120,  # Dordrecht
    "GM0228": 120,  # Ede
    "GM0361": 110,  # Alkmaar
    "GM0114": 107,  # Emmen
    "GM0503": 105,  # Delft
    "GM0150": 100,  # Deventer
    "GM0983": 100,  # Venlo
    "GM0794": 93,  # Helmond
    "GM0828": 93,  # Oss
    "GM0402": 92,  # Hilversum
    "GM0917": 87,  # Heerlen
    "GM0164": 87,  # Hengelo
    "GM0995": 80,  # Lelystad
    "GM0513": 75,  # Gouda
    "GM0141": 73,  # Almelo
    "GM0106": 70,  # Assen
    "GM0687": 49,  # Middelburg
}
GEMEENTEN = tuple(GEMEENTEN_GEWICHT)
N_TAALSCHOLEN = 250
TAALSCHOLEN = tuple(str(i) for i in range(1, N_TAALSCHOLEN + 1))  # ids as in bron TAALSCHOOL:<id>
BRONNEN = (
    "IND",
    "DUO",
    "COA",
    "BRP",
    "CVTE",
    "ARGONAUT",
    *GEMEENTEN,
    *(f"TAALSCHOOL:{i}" for i in TAALSCHOLEN),
)
IND, DUO, COA, BRP, CVTE, ARGONAUT = range(6)
GM0 = 6  # bron code of GEMEENTEN[0]; a municipality's bron code is GM0 + its index
SCHOOL0 = GM0 + len(GEMEENTEN)
LOCATIES = (
    "azc Ter Apel",
    "azc Budel-Cranendonck",
    "azc Zweeloo",
    "azc Gilze",
    "azc Zeist",
    "azc Utrecht",
    "azc Amsterdam",
    "azc Den Helder",
    "azc Musselkanaal",
    "azc Assen",
    "azc Emmen",
    "azc Leersum",
    "azc Oisterwijk",
    "azc Wageningen",
    "azc Arnhem",
    "azc Almere",
)
OMSCHRIJVINGEN = ("niet verschenen bij de brede intake", "niet verschenen bij de vaststelling van het PIP")

EU_LANDEN = frozenset({"DE", "PL", "RO", "BG", "IT", "ES"})  # GB is handled by date (until 2021)
ASIELLANDEN = frozenset({"SY", "ER", "AF", "IR", "IQ", "YE", "SO"})
_NAT_ASIEL = {
    "SY": 30,
    "ER": 16,
    "AF": 10,
    "TR": 8,
    "IR": 6,
    "IQ": 7,
    "YE": 5,
    "SO": 5,
    "NG": 2,
    "RU": 2,
    "PK": 2,
}
_NAT_GEZIN = {
    "MA": 16,
    "TR": 0.7,  # about 200 Turkish family migrants with an mvv were affected by the ruling of 2024 (figures.md 1.2)
    "IN": 10,
    "CN": 7,
    "US": 6,
    "GB": 4,
    "SY": 12,
    "ER": 6,
    "SR": 6,
    "EG": 4,
    "ID": 4,
    "BR": 4,
    "RU": 3,
    "PK": 4,
}
_NAT_TIJDELIJK = {"IN": 30, "CN": 15, "US": 15, "GB": 8, "TR": 8, "BR": 6, "JP": 6, "RU": 4, "ID": 4, "EG": 4}
_NAT_EU = {"DE": 25, "PL": 30, "RO": 15, "BG": 10, "IT": 10, "ES": 10}
_NAT_OVERIG = {"TR": 15, "MA": 12, "SR": 12, "IN": 10, "NG": 10, "US": 8, "CN": 8, "EG": 8, "PK": 8, "ID": 9}


# --- National volumes (docs/synth.md gives the source of each figure) ---------------------------------------------

# Obliged inflow per cohort, nationally, in persons: the year the obligation arose -> (asylum permit holders in the
# law's sense: asylum permit, follow-on permit, or a family member of one; family and other migrants).
# 2022-2025 from figures.md C1 and C2 (SWI: 26,200 and 36,100; 2024 + first half of 2025 = 49,300, here 32,900 a
# year [est]); 2013-2021 from C4 (about 16,000 a year by design, asylum following the permit peak of 2015-2016
# [est]); 2007-2012 from C5 (237,000 ever obliged, 39,500 a year [est]). 2026 continues 2025 [est].
PLICHTIG_PER_JAAR: dict[int, tuple[int, int]] = {
    **dict.fromkeys(range(2007, 2013), (9_000, 30_500)),
    2013: (6_000, 9_000),
    2014: (12_900, 9_000),
    2015: (20_000, 9_500),
    2016: (23_000, 10_000),
    2017: (15_000, 10_000),
    2018: (9_000, 10_000),
    2019: (9_500, 10_000),
    2020: (7_500, 8_000),
    2021: (12_000, 9_000),
    2022: (18_900, 7_300),
    2023: (22_000, 14_100),
    2024: (19_700, 13_200),
    2025: (19_700, 13_200),
    2026: (19_700, 13_200),
}
# Never obliged, per permit year. They exist to exercise the scope rules (temporary purposes, temporary protection,
# EU/EEA nationals and EU long-term residents, Turkish nationals before their dates, the pension age), so these are
# samples [est], well below the real numbers of labour and study migrants and of Ukrainians.
NIET_PLICHTIG_PER_JAAR: dict[str, dict[int, int]] = {
    "tijdelijk": dict.fromkeys(range(2007, 2027), 6_000),
    "tijdelijke_bescherming": {2022: 60_000, 2023: 20_000, 2024: 15_000, 2025: 10_000, 2026: 8_000},
    "eer": dict.fromkeys(range(2007, 2027), 800),
    "eu_langdurig": dict.fromkeys(range(2007, 2027), 200),
    "turks": {**dict.fromkeys(range(2007, 2020), 2_300), 2020: 2_000, 2021: 2_000},
    "aow": dict.fromkeys(range(2007, 2027), 500),
}
ASIEL_DOELEN = {
    "asiel": 0.80,
    "nareis_asiel": 0.12,
    "gezinshereniging": 0.08,
}  # the last: family of one (referent)
GEZIN_DOELEN = {
    "gezinshereniging": 0.40,
    "gezinsvorming": 0.35,
    "overig_niet_tijdelijk": 0.22,
    "geestelijk_bedienaar": 0.025,
    "mensenhandel": 0.005,
}
TIJDELIJKE_DOELEN = {"arbeid": 0.3, "kennismigrant": 0.3, "studie": 0.3, "overig_tijdelijk": 0.1}
# Share of men per cell: figures.md C3 (SWI 2022: asylum 60% male, family and other migrants 68% female); the
# never-obliged samples half and half [est].
MAN_AANDEEL = {"asiel": 0.60, "gezin": 0.32}
VERTREK_TIJDELIJK, VERTREK_OVERIG = (
    0.35,
    0.065,
)  # share who leave the country [est; the second calibrated to the
#                                                  26% of the Wi2021 outflow for other reasons, C15]
MINDERJARIG = 0.05  # share of the obliged who had their permit as a child and became obliged at 16 [est]
LANDEN = tuple(
    dict.fromkeys([*_NAT_ASIEL, *_NAT_GEZIN, *_NAT_TIJDELIJK, *_NAT_EU, *_NAT_OVERIG, "UA", "GB"])
)  # ISO 3166 codes
TIJDELIJK = frozenset({"arbeid", "kennismigrant", "studie", "overig_tijdelijk", "tijdelijke_bescherming"})


def _cellen(tot: dt.date) -> list[tuple[str, int, int, int, float]]:
    """(kind, year, first day, last day, national number) for every year up to ``tot``, the last year pro rata."""
    t = _dag(tot)
    cellen = []
    for jaar in range(2007, tot.year + 1):
        lo, hi = _dag(dt.date(jaar, 1, 1)), min(_dag(dt.date(jaar, 12, 31)), t)
        deel = (hi - lo + 1) / (_dag(dt.date(jaar, 12, 31)) - lo + 1)
        asiel, gezin = PLICHTIG_PER_JAAR.get(jaar, PLICHTIG_PER_JAAR[max(PLICHTIG_PER_JAAR)])
        cellen += [("asiel", jaar, lo, hi, asiel * deel), ("gezin", jaar, lo, hi, gezin * deel)]
        for soort, per_jaar in NIET_PLICHTIG_PER_JAAR.items():
            aantal = per_jaar.get(jaar, 0)
            if soort == "tijdelijke_bescherming" and jaar == 2022:
                lo = max(lo, _dag(dt.date(2022, 3, 4)))
            cellen.append((soort, jaar, lo, hi, aantal * deel))
    return cellen


def nationaal_aantal(tot: dt.date = dt.date(2026, 11, 1)) -> int:
    """The number of persons in the national population up to ``tot`` (scale 1)."""
    return round(sum(c[4] for c in _cellen(tot)))


def _verdeel(n: int, gewichten: np.ndarray) -> np.ndarray:
    """``n`` split over cells in proportion to ``gewichten``, in whole persons (largest remainders)."""
    exact = n * gewichten / gewichten.sum()
    aantal = np.floor(exact).astype(np.int64)
    rest = n - int(aantal.sum())
    aantal[np.argsort(-(exact - aantal), kind="stable")[:rest]] += 1
    return aantal


# The event types this generator writes, with their field columns. A tuple of strings is the code table of a text
# column (values are generated as codes into it); LEEG in an Int32 or Date column means null. The column names
# and types are the vocabulary's (``table_schema``); tests/synth checks that these tables agree with it.
VELDEN: dict[str, dict[str, object]] = {
    "verblijfsvergunning_verleend": {
        "verblijfsgrond": GRONDEN,
        "verblijfsdoel": DOELEN,
        "nationaliteit": LANDEN,
        "geboortedatum": pl.Date,
        "mvv": pl.Boolean,
        "referent_asielstatushouder": pl.Boolean,
        "eu_langdurig_ingezetene": pl.Boolean,
        "examen_buitenland_behaald": pl.Boolean,
        "geslacht": GESLACHTEN,
        "vreemdelingennummer": pl.String,
    },
    "ingeschreven_in_gemeente": {"gemeente": GEMEENTEN},
    "opvang_gestart": {"locatie": LOCATIES},
    "opvang_beeindigd": {"locatie": LOCATIES},
    "gekoppeld_aan_gemeente": {"gemeente": GEMEENTEN},
    "kennisgeving_verzonden": {"wet": WETTEN},
    "brede_intake_gestart": {},
    "brede_intake_afgerond": {},
    "leerbaarheidstoets_afgenomen": {"score": pl.Int32},
    "informatie_derden_ontvangen": {},
    "pip_vastgesteld": {"leerroute": LEERROUTES, "afschalen_a2": pl.Boolean},
    "pip_gewijzigd": {"leerroute": LEERROUTES, "afschalen_a2": pl.Boolean},
    "aangemeld_bij_taalschool": {"taalschool": TAALSCHOLEN},
    "uren_geregistreerd": {"urensoort": URENSOORTEN, "uren": pl.Float64, "keurmerk": pl.Boolean},
    "examen_uitslag": {"onderdeel": ONDERDELEN, "niveau": NIVEAUS, "geslaagd": pl.Boolean},
    "pvt_afgerond": {},
    "map_afgerond": {},
    "onderwijsroute_afgerond": {},
    "verlenging_verleend": {
        "grond": VERLENGING_GRONDEN,
        "duur_maanden": pl.Int32,
        "duur_dagen": pl.Int32,
        "tot": pl.Date,
    },
    "vrijstelling_verleend": {"grond": VRIJSTELLING_GRONDEN},
    "ontheffing_aangevraagd": {"grond": ONTHEFFING_GRONDEN},
    "medisch_advies_uitgebracht": {"permanent_niet_in_staat": pl.Boolean},
    "ontheffing_verleend": {"grond": ONTHEFFING_GRONDEN},
    "lening_besteed": {"totaal_cent": pl.Int64},
    "bijstand_gestart": {},
    "medewerking_geweigerd": {"omschrijving": OMSCHRIJVINGEN},
    "boete_vooraankondiging": {"onderdeel": BOETE_ONDERDELEN, "bedrag_cent": pl.Int64},
    "zienswijze_ontvangen": {},
    "boete_opgelegd": {"onderdeel": BOETE_ONDERDELEN, "bedrag_cent": pl.Int64},
    "urenverklaring_ingediend": {"uren": pl.Float64, "contract_bekend": pl.Boolean},
    "urenverklaring_beoordeeld": {"oordeel": OORDELEN},
    "vertrokken": {},
    "overleden": {},
    "plicht_vervallen": {"reden": REDENEN},
}
ORDER = ["persoon", "geldig_op", "beschikbaar_op", "id"]


def code(waarden: tuple[str, ...], waarde: str) -> int:
    """The code of one enumeration value."""
    return waarden.index(waarde)


# --- Collecting events per type ---------------------------------------------------------------------------------


class _Verzameling:
    """Collects event rows per ``soort`` as NumPy chunks and turns them into the columnar tables at the end.

    A phase draws what happens from ``rng`` and when it is delivered from ``levering``, a stream of its own: the
    delivery moments take one draw per row, so from one stream a setting that writes more rows (say, more PVTs)
    would shift every later draw of the phase, and two settings could not be compared on the same persons."""

    def __init__(
        self, stromen: tuple[np.random.Generator, np.random.Generator], tot: dt.date, einde: np.ndarray
    ):
        self.rng, self.levering = stromen
        self.tot = _dag(tot)
        self.tot_us = (self.tot + 1) * DAG_US - 1
        self.einde = einde
        self.delen: dict[str, list[dict[str, np.ndarray]]] = {soort: [] for soort in VELDEN}
        self.aantal = dict.fromkeys(VELDEN, 0)

    def beschikbaar(self, geldig: np.ndarray, max_dagen: int = 14) -> np.ndarray:
        """Delivery moments: most on the day or the next, the rest within ``max_dagen``, during office hours."""
        n, r = len(geldig), self.levering
        dagen = np.where(r.random(n) < 0.6, r.integers(0, 2, n), r.integers(0, max_dagen + 1, n))
        tijd = r.integers(7 * 3600, 19 * 3600, n, dtype=np.int64) * 1_000_000
        return (geldig.astype(np.int64) + dagen) * DAG_US + tijd

    def voeg_toe(
        self,
        soort: str,
        persoon: np.ndarray,
        geldig: np.ndarray,
        bron: int | np.ndarray,
        velden: dict[str, object] | None = None,
        *,
        beschikbaar: np.ndarray | None = None,
        corrigeert: np.ndarray | None = None,
        intrekking: bool = False,
    ) -> np.ndarray:
        """Add rows; returns each row's number in the type's table, or -1 where the row was dropped.

        ``corrigeert`` holds row numbers (as returned here) of the same type; rows correcting a dropped row are
        dropped too. Boolean fields not given are false.
        """
        n = len(persoon)
        geldig = np.asarray(geldig).astype(np.int32)
        if beschikbaar is None:
            beschikbaar = self.beschikbaar(geldig)
        houden = (geldig <= self.tot) & (beschikbaar <= self.tot_us) & (geldig <= self.einde[persoon])
        if corrigeert is not None:
            houden &= corrigeert >= 0
        rijen = np.full(n, -1, dtype=np.int64)
        k = int(houden.sum())
        rijen[houden] = np.arange(self.aantal[soort], self.aantal[soort] + k)
        self.aantal[soort] += k
        velden = velden or {}
        deel = {
            "persoon": persoon[houden].astype(np.int32),
            "geldig": geldig[houden],
            "beschikbaar": beschikbaar[houden].astype(np.int64),
            "bron": np.broadcast_to(np.asarray(bron, dtype=np.int16), (n,))[houden],
            "corrigeert": (np.full(k, -1, np.int64) if corrigeert is None else corrigeert[houden]),
            "intrekking": np.full(k, intrekking),
        }
        for naam, soort_veld in VELDEN[soort].items():
            if naam not in velden:
                if soort_veld is not pl.Boolean:
                    raise KeyError(f"{soort}: veld {naam} ontbreekt")
                deel[naam] = np.zeros(k, dtype=bool)
                continue
            deel[naam] = np.broadcast_to(np.asarray(velden[naam]), (n,))[houden]
        unknown = set(velden) - set(VELDEN[soort])
        if unknown:
            raise KeyError(f"{soort}: onbekende velden {sorted(unknown)}")
        self.delen[soort].append(deel)
        return rijen

    def tabellen(self, personen: np.ndarray) -> dict[str, pl.DataFrame]:
        """The collected rows as one sorted Polars table per type, with ids ``<persoon>-<k>``.

        ``k`` numbers a person's events 1, 2, ... in the order of ``geldig_op`` (then type, then arrival), over
        all types, so ids are unique and readable.
        """
        soorten = [s for s in VELDEN if self.aantal[s]]
        kolommen = {}
        for soort in soorten:
            delen = self.delen.pop(soort)
            kolommen[soort] = {naam: np.concatenate([d[naam] for d in delen]) for naam in delen[0]}
        volgnummer = _volgnummers(
            [kolommen[s]["persoon"] for s in soorten], [kolommen[s]["geldig"] for s in soorten], len(personen)
        )
        namen = pl.Series("naam", personen, dtype=pl.String)
        bronnen = pl.Series("bron", BRONNEN, dtype=pl.String)
        frames, start = {}, 0
        for soort in soorten:
            kol = kolommen.pop(soort)
            k = len(kol["persoon"])
            frames[soort] = _frame(soort, kol, volgnummer[start : start + k], namen, bronnen)
            start += k
        return frames


def _volgnummers(personen: list[np.ndarray], geldig: list[np.ndarray], n: int) -> np.ndarray:
    """Each row's number (1, 2, ...) among its person's events, ordered by geldig_op, type and row."""
    persoon = np.concatenate(personen).astype(np.int64)
    dag = np.concatenate(geldig).astype(np.int64) - _dag(dt.date(2000, 1, 1))
    soort = np.repeat(np.arange(len(personen), dtype=np.int64), [len(p) for p in personen])
    sleutel = (persoon << 22) | (np.clip(dag, 0, (1 << 16) - 1) << 6) | soort
    del dag, soort
    volgorde = np.argsort(sleutel, kind="stable")
    del sleutel
    aantal = np.bincount(persoon, minlength=n)
    eerste = np.cumsum(aantal) - aantal
    rang = np.empty(len(persoon), dtype=np.int32)
    rang[volgorde] = np.arange(len(persoon), dtype=np.int64) - eerste[persoon[volgorde]] + 1
    return rang


def _frame(
    soort: str, kol: dict[str, np.ndarray], volgnummer: np.ndarray, namen: pl.Series, bronnen: pl.Series
) -> pl.DataFrame:
    """One type's columns as a Polars table in the contract's column order, sorted."""
    kolommen = {
        "persoon": pl.Series(kol["persoon"], dtype=pl.Int32),
        "_naam": namen.gather(kol["persoon"].astype(np.uint32)),
        "_k": pl.Series(volgnummer),
        "geldig_op": pl.Series(kol["geldig"]).cast(pl.Date),
        "beschikbaar_op": pl.Series(kol["beschikbaar"]).cast(pl.Datetime("us")).dt.replace_time_zone("UTC"),
        "bron": bronnen.gather(kol["bron"].astype(np.uint32)),
        "_c": pl.Series(kol["corrigeert"]),
        "intrekking": pl.Series(kol["intrekking"], dtype=pl.Boolean),
    }
    for naam, soort_veld in VELDEN[soort].items():
        waarden = kol[naam]
        if isinstance(soort_veld, tuple):
            kolommen[naam] = pl.Series(soort_veld, dtype=pl.String).gather(waarden.astype(np.uint32))
        elif soort_veld in (pl.Int32, pl.Date):
            leeg = np.where(waarden != LEEG, waarden, np.nan)
            kolommen[naam] = pl.Series(leeg, nan_to_null=True).cast(pl.Int32).cast(soort_veld)
        else:
            kolommen[naam] = pl.Series(waarden).cast(soort_veld)
    frame = pl.DataFrame(kolommen)
    frame = frame.with_columns(
        pl.concat_str([pl.col("_naam"), pl.lit("-"), pl.col("_k").cast(pl.String)]).alias("id")
    )
    frame = frame.with_columns(
        pl.when(pl.col("_c") >= 0).then(pl.col("id").gather(pl.col("_c").clip(0))).alias("corrigeert")
    )
    return frame.select(list(table_schema(soort))).sort(ORDER)


# --- Small vectorised helpers -----------------------------------------------------------------------------------


def _tussen(rng: np.random.Generator, lo, hi, n: int) -> np.ndarray:
    """Whole days drawn uniformly from ``lo`` to ``hi`` inclusive (scalars or arrays)."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    return (lo + np.floor(rng.random(n) * (hi - lo + 1))).astype(np.int64)


def _na_lesdagen(begin: np.ndarray, lesdagen: np.ndarray) -> np.ndarray:
    """The day on which ``lesdagen`` days of lessons at the usual pace, begun on ``begin``, are done, when the pace
    of lessons changes in calendar time (``LESTEMPO``): slower under the COVID-19 measures, faster after them.

    Why calendar time and not a longer duration per cohort: every cohort that was taking lessons in 2020-2021 lost
    the same months, whatever its start, which is what the published ELIP table by cohort shows (C20)."""
    knopen = np.array(
        [_dag(dt.date(1990, 1, 1))] + [_dag(d) for d, _ in LESTEMPO] + [_dag(dt.date(2100, 1, 1))]
    )
    tempo = np.array([1.0] + [t for _, t in LESTEMPO])
    klok = np.concatenate([[0.0], np.cumsum(np.diff(knopen) * tempo)])
    gedaan = np.interp(begin, knopen, klok) + lesdagen
    return np.round(np.interp(gedaan, klok, knopen)).astype(np.int64)


def _uitklappen(aantal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For counts per owner: the owner of each of the ``sum(aantal)`` items and the item's number 0, 1, ..."""
    aantal = aantal.astype(np.int64)
    eigenaar = np.repeat(np.arange(len(aantal)), aantal)
    begin = np.cumsum(aantal) - aantal
    return eigenaar, np.arange(len(eigenaar)) - begin[eigenaar]


def _kies(rng: np.random.Generator, tabel: dict[str, float], waarden: tuple[str, ...], n: int) -> np.ndarray:
    """Codes into ``waarden`` drawn with the relative weights of ``tabel``."""
    codes = np.array([waarden.index(w) for w in tabel], dtype=np.int16)
    kans = np.array(list(tabel.values()), dtype=float)
    return codes[rng.choice(len(codes), size=n, p=kans / kans.sum())]


# --- The persons ------------------------------------------------------------------------------------------------


def _personen(rng: np.random.Generator, n: int, tot: dt.date) -> dict[str, np.ndarray]:
    """Who arrives when, on which ground, from where, how old, where they live, and whether and when they become
    obliged: ``n`` persons spread over the national cells of ``_cellen`` (a fraction of the country)."""
    if tot < dt.date(2007, 1, 1):
        raise ValueError(f"tot ({tot}) ligt voor 2007-01-01, het begin van de populatie")
    cellen = _cellen(tot)
    aantal = _verdeel(n, np.array([c[4] for c in cellen]))
    soort = np.repeat(np.array([c[0] for c in cellen]), aantal)
    datum = np.concatenate(
        [_tussen(rng, c[2], c[3], k) for c, k in zip(cellen, aantal, strict=True)] or [np.zeros(0, np.int64)]
    )
    plichtig = np.isin(soort, ("asiel", "gezin"))
    asiel_cel, gezin_cel = soort == "asiel", soort == "gezin"

    doel = np.zeros(n, dtype=np.int16)
    nationaliteit = np.zeros(n, dtype=np.int16)
    for cel, doelen in (("asiel", ASIEL_DOELEN), ("gezin", GEZIN_DOELEN), ("tijdelijk", TIJDELIJKE_DOELEN)):
        wie = np.flatnonzero(soort == cel)
        doel[wie] = _kies(rng, doelen, DOELEN, len(wie))
    for cel, landen in (
        ("asiel", _NAT_ASIEL),
        ("gezin", _NAT_GEZIN),
        ("tijdelijk", _NAT_TIJDELIJK),
        ("eer", _NAT_EU),
        ("eu_langdurig", _NAT_OVERIG),
        ("aow", _NAT_GEZIN),
    ):
        wie = np.flatnonzero(soort == cel)
        nationaliteit[wie] = _kies(rng, landen, LANDEN, len(wie))
    doel[soort == "tijdelijke_bescherming"] = code(DOELEN, "tijdelijke_bescherming")
    nationaliteit[soort == "tijdelijke_bescherming"] = code(LANDEN, "UA")
    doel[np.isin(soort, ("eer", "eu_langdurig"))] = code(DOELEN, "overig_niet_tijdelijk")
    doel[np.isin(soort, ("turks", "aow"))] = code(DOELEN, "gezinshereniging")
    turks_asiel = (soort == "turks") & (datum < _dag(dt.date(2020, 5, 1))) & (rng.random(n) < 0.12)
    doel[turks_asiel] = code(DOELEN, "asiel")
    nationaliteit[soort == "turks"] = code(LANDEN, "TR")
    # The obliged cells hold no one the scope rules would exclude: no Turkish national before the dates on which
    # Turks became obliged (asylum 1 May 2020, others 1 January 2022), no British national before 2021.
    nat_naam = np.asarray(LANDEN)[nationaliteit]
    nationaliteit[asiel_cel & (nat_naam == "TR") & (datum < _dag(dt.date(2020, 5, 1)))] = code(LANDEN, "SY")
    nationaliteit[gezin_cel & (nat_naam == "TR") & (datum < _dag(dt.date(2022, 1, 1)))] = code(LANDEN, "MA")
    nationaliteit[gezin_cel & (nat_naam == "GB") & (datum < _dag(dt.date(2021, 1, 1)))] = code(LANDEN, "US")
    doel_naam = np.asarray(DOELEN)[doel]
    nat_naam = np.asarray(LANDEN)[nationaliteit]
    grond = np.where(np.isin(doel_naam, ("asiel", "nareis_asiel", "tijdelijke_bescherming")), 0, 1)
    grond = np.asarray([code(GRONDEN, "asiel"), code(GRONDEN, "regulier")], dtype=np.int8)[grond]

    # Age: adults at the permit, except a share of the obliged who came as children and became obliged at 16, and
    # the cell over the pension age. ``datum`` is the permit date, or for those children the sixteenth birthday.
    leeftijd = np.clip(rng.normal(31, 9, n), 18, 64)
    leeftijd = np.where(soort == "aow", rng.uniform(68, 82, n), leeftijd)
    kind = plichtig & (rng.random(n) < MINDERJARIG)
    jaren_kind = rng.uniform(0.2, 10, n)
    geboorte = datum - np.round(leeftijd * JAAR).astype(np.int64)
    zestien_jaar_eerder = add_years(datum.astype("datetime64[D]"), -16).astype(np.int64)
    geboorte = np.where(kind, zestien_jaar_eerder, geboorte)
    # (not before 2007: the engine reads the minimum age on the permit date, and its parameters start in 2007)
    als_kind = np.maximum(datum - np.round(jaren_kind * JAAR).astype(np.int64), _dag(dt.date(2007, 1, 1)))
    vergunning = np.where(kind, als_kind, datum)
    leeftijd = np.where(kind, 16 - (datum - vergunning) / JAAR, leeftijd)  # age at the permit
    plicht = np.where(plichtig, datum, NOOIT).astype(np.int64)

    asiel = asiel_cel | np.isin(doel_naam, ("asiel", "nareis_asiel"))
    gezin = np.isin(doel_naam, ("gezinshereniging", "gezinsvorming"))
    referent = asiel_cel & gezin
    mvv = np.where(gezin & ~referent, rng.random(n) < 0.9, ~asiel & (rng.random(n) < 0.4))
    mvv &= doel_naam != "tijdelijke_bescherming"
    eu_langdurig = soort == "eu_langdurig"
    examen_buitenland = mvv & gezin & (rng.random(n) < 0.92)
    wet = np.where(plicht < _dag(dt.date(2013, 1, 1)), 0, np.where(plicht < _dag(dt.date(2022, 1, 1)), 1, 2))
    wet = np.where(plichtig, wet, -1).astype(np.int8)

    man = rng.random(n) < np.select([asiel_cel, gezin_cel], [MAN_AANDEEL["asiel"], MAN_AANDEEL["gezin"]], 0.5)
    geslacht = np.where(man, code(GESLACHTEN, "man"), code(GESLACHTEN, "vrouw")).astype(np.int8)

    gewichten = np.array(list(GEMEENTEN_GEWICHT.values()), dtype=float)
    gemeente = rng.choice(len(GEMEENTEN), size=n, p=gewichten / gewichten.sum()).astype(np.int16)
    school = rng.integers(0, N_TAALSCHOLEN, n).astype(np.int16)

    # Leaving and dying end the history: no event of the person lies after it.
    tijdelijk = np.isin(doel_naam, list(TIJDELIJK)) | (soort == "eer")
    vertrek_kans = np.where(tijdelijk, VERTREK_TIJDELIJK, VERTREK_OVERIG)
    vertrek = np.where(
        rng.random(n) < vertrek_kans,
        np.maximum(vergunning, np.where(plichtig, plicht, vergunning))
        + 120
        + np.round(rng.exponential(2.5 * JAAR, n)),
        NOOIT,
    ).astype(np.int64)
    sterfte_kans = np.where(leeftijd >= 60, 0.06, 0.004)
    overlijden = np.where(
        rng.random(n) < sterfte_kans,
        np.maximum(vergunning, np.where(plichtig, plicht, vergunning))
        + np.round(rng.uniform(30, 12 * JAAR, n)),
        NOOIT,
    ).astype(np.int64)
    return {
        "n": np.int64(n),
        "doel": doel,
        "grond": grond,
        "nationaliteit": nationaliteit,
        "geslacht": geslacht,
        "vergunning": vergunning,
        "plicht": plicht,
        "geboorte": geboorte,
        "leeftijd": leeftijd,
        "asiel": asiel,
        "azc": doel_naam == "asiel",
        "gezin": gezin,
        "turks": nat_naam == "TR",
        "mvv": mvv,
        "referent": referent,
        "eu_langdurig": eu_langdurig,
        "examen_buitenland": examen_buitenland,
        "wet": wet,
        "gemeente": gemeente,
        "school": school,
        "vertrek": vertrek,
        "overlijden": overlijden,
        "einde": np.minimum(vertrek, overlijden),
    }


# --- The events, one part of the chain at a time ----------------------------------------------------------------


def _vergunningen(v: _Verzameling, p: dict) -> None:
    """IND permits; a few carry a wrong birth date that IND corrects later."""
    rng, n = v.rng, int(p["n"])
    alle = np.arange(n)
    fout = rng.random(n) < 0.002
    verschoven = p["geboorte"] + np.where(rng.random(n) < 0.5, 365, -31)
    velden = {
        "verblijfsgrond": p["grond"],
        "verblijfsdoel": p["doel"],
        "nationaliteit": p["nationaliteit"],
        "geboortedatum": np.where(fout, verschoven, p["geboorte"]),
        "mvv": p["mvv"],
        "referent_asielstatushouder": p["referent"],
        "eu_langdurig_ingezetene": p["eu_langdurig"],
        "examen_buitenland_behaald": p["examen_buitenland"],
        "geslacht": p["geslacht"],
        "vreemdelingennummer": vreemdelingennummers(n),
    }
    rijen = v.voeg_toe("verblijfsvergunning_verleend", alle, p["vergunning"], IND, velden)
    wie = np.flatnonzero(fout & (rijen >= 0))
    correctie = {naam: np.asarray(w)[wie] for naam, w in velden.items()}
    correctie["geboortedatum"] = p["geboorte"][wie]
    geldig = p["vergunning"][wie]
    later = v.beschikbaar(geldig + _tussen(rng, 20, 400, len(wie)))
    v.voeg_toe(
        "verblijfsvergunning_verleend", wie, geldig, IND, correctie, beschikbaar=later, corrigeert=rijen[wie]
    )


# One person in DUBBEL_INTERVAL is registered by IND a second time under another identifier: they carry the number
# of the person before them (the fault the reconciliation check "dubbel_bekend" finds) [est].
DUBBEL_INTERVAL = 997


def vreemdelingennummers(n: int) -> np.ndarray:
    """Ten-digit vreemdelingennummers, one per person and distinct (a multiplication modulo 9e9 by a number
    coprime to it is a bijection), except that every ``DUBBEL_INTERVAL``-th person repeats the previous one's.
    Computed from the person's index, not drawn, so adding them changed no other draw of the generator."""
    index = np.arange(n, dtype=np.int64)
    index = np.where((index % DUBBEL_INTERVAL == DUBBEL_INTERVAL - 1) & (index > 0), index - 1, index)
    nummer = 1_000_000_000 + (index * 7_919 + 12_345) % 9_000_000_000
    return nummer.astype(str)


# Time from permit to housing, shares within 3, 3-6, 6-9 and 9-15 months: figures.md C7 (of those housed by the
# end of 2022, right-censored) for normal years; for permits from mid-2021 to 2024, when housing stalled, longer
# waits [est], calibrated to the 9,747 obliged asylum permit holders still in reception on 28 February 2023 (S1).
WACHTEN = (0.65, 0.24, 0.09, 0.02)
KRAP_WACHTEN = (0.12, 0.23, 0.30, 0.35)


def _wonen(v: _Verzameling, p: dict) -> tuple[np.ndarray, np.ndarray]:
    """COA reception and housing for asylum permit holders, BRP registration for all; returns the registration
    date and the date of the link to a municipality (NOOIT for those never in reception)."""
    rng, n = v.rng, int(p["n"])
    vergunning = p["vergunning"]
    azc = np.flatnonzero(p["azc"])
    m = len(azc)
    locatie = rng.integers(0, len(LOCATIES), m)
    start = vergunning[azc] - np.clip(np.round(rng.exponential(200, m)), 10, 900).astype(np.int64)
    v.voeg_toe("opvang_gestart", azc, start, COA, {"locatie": locatie})
    koppeling = vergunning[azc] + _tussen(rng, 3, 45, m)
    v.voeg_toe("gekoppeld_aan_gemeente", azc, koppeling, COA, {"gemeente": p["gemeente"][azc]})
    u = rng.random(m)
    krap = (vergunning[azc] >= _dag(dt.date(2021, 7, 1))) & (vergunning[azc] < _dag(dt.date(2025, 1, 1)))
    grenzen = np.where(krap[None, :], np.array(KRAP_WACHTEN)[:, None], np.array(WACHTEN)[:, None]).cumsum(
        axis=0
    )
    wachten = np.select(
        [u < grenzen[0], u < grenzen[1], u < grenzen[2]],
        [_tussen(rng, 20, 90, m), _tussen(rng, 91, 182, m), _tussen(rng, 183, 273, m)],
        _tussen(rng, 274, 450, m),
    )
    uit = np.maximum(vergunning[azc] + wachten, koppeling + 7)
    v.voeg_toe("opvang_beeindigd", azc, uit, COA, {"locatie": locatie})

    inschrijving = vergunning + _tussen(rng, 0, 30, n)
    inschrijving[azc] = uit + _tussen(rng, 0, 3, m)
    alle = np.arange(n)
    v.voeg_toe("ingeschreven_in_gemeente", alle, inschrijving, BRP, {"gemeente": p["gemeente"]})
    verhuizers = np.flatnonzero(rng.random(n) < 0.10)
    k = len(verhuizers)
    nieuw = (p["gemeente"][verhuizers] + rng.integers(1, len(GEMEENTEN), k)) % len(GEMEENTEN)
    datum = inschrijving[verhuizers] + _tussen(rng, 180, 3000, k)
    v.voeg_toe("ingeschreven_in_gemeente", verhuizers, datum, BRP, {"gemeente": nieuw})
    gekoppeld = np.full(n, NOOIT, dtype=np.int64)
    gekoppeld[azc] = koppeling
    return inschrijving, gekoppeld


# The second gap in the IND->DUO feed [est]: obligations from this date reach DUO from the second date on.
TWEEDE_GAT_VANAF = dt.date(2026, 6, 1)
TWEEDE_GAT_HERSTELD = dt.date(2027, 3, 1)


def _kennisgevingen(v: _Verzameling, p: dict) -> np.ndarray:
    """DUO's notification (the municipality's under Wi2007) for the obliged; returns its date (NOOIT if none).

    Wi2021 notifications only resumed in March 2022 (figures.md 1.2). For permits of January 2022 to May 2023 a
    share reached DUO only in September 2023 (the incomplete IND->DUO feed), and about 0.5% were first sent under
    Wi2013 and corrected to Wi2021 later. The same share of obligations from June 2026 meets the feed's second gap
    [est]: their notification is only known from March 2027, so a population generated up to today lacks it and
    the reconciliation check "geen_kennisgeving" finds them.
    """
    rng = v.rng
    wie = np.flatnonzero(p["wet"] >= 0)
    m = len(wie)
    wet = p["wet"][wie].astype(np.int64)
    plicht = p["plicht"][wie]
    datum = plicht + _tussen(rng, 14, 56, m)
    hervat = np.where(p["asiel"][wie], _dag(dt.date(2022, 3, 25)), _dag(dt.date(2022, 3, 1)))
    datum = np.where((wet == 2) & (datum < hervat), hervat + _tussen(rng, 0, 20, m), datum)
    bron = np.where(wet == 0, GM0 + p["gemeente"][wie], DUO).astype(np.int16)
    beschikbaar = v.beschikbaar(datum)
    gat = (wet == 2) & (rng.random(m) < 0.05)
    feed = gat & (plicht < _dag(dt.date(2023, 6, 1)))
    sept = (_dag(dt.date(2023, 9, 1)) + _tussen(rng, 0, 29, m)) * DAG_US + 10 * 3600 * 1_000_000
    beschikbaar = np.where(feed, np.maximum(sept, beschikbaar), beschikbaar)
    tweede_gat = gat & (plicht >= _dag(TWEEDE_GAT_VANAF))
    # the rows the second gap drops would otherwise have been kept: their wrong-law corrections are still drawn
    # (and then dropped with them), so that the gap changes no later draw of the generator
    zonder_gat = (datum <= v.tot) & (beschikbaar <= v.tot_us) & (datum <= v.einde[wie])
    maart = (_dag(TWEEDE_GAT_HERSTELD) + plicht - _dag(TWEEDE_GAT_VANAF)) * DAG_US + 10 * 3600 * 1_000_000
    beschikbaar = np.where(tweede_gat, np.maximum(maart, beschikbaar), beschikbaar)
    verkeerd = (wet == 2) & (rng.random(m) < 0.005)
    gemeld = np.where(verkeerd, 1, wet)
    rijen = v.voeg_toe("kennisgeving_verzonden", wie, datum, bron, {"wet": gemeld}, beschikbaar=beschikbaar)
    fout = np.flatnonzero(verkeerd & ((rijen >= 0) | (tweede_gat & zonder_gat)))
    later = beschikbaar[fout] + _tussen(rng, 30, 240, len(fout)) * DAG_US
    v.voeg_toe(
        "kennisgeving_verzonden",
        wie[fout],
        datum[fout],
        DUO,
        {"wet": 2},
        beschikbaar=later,
        corrigeert=rijen[fout],
    )
    uit = np.full(int(p["n"]), NOOIT, dtype=np.int64)
    uit[wie] = datum
    return uit


def _uren(
    v: _Verzameling,
    persoon: np.ndarray,
    begin: np.ndarray,
    aantal: np.ndarray,
    urensoort: str,
    uren: tuple[float, float],
    bron: np.ndarray,
    keurmerk: float,
    interval: int = 91,
) -> None:
    """A series of hour registrations per person (``aantal`` of them, one per ``interval`` days from ``begin``).

    About 0.5% is delivered twice by the school and the duplicate withdrawn some weeks later.
    """
    rng = v.rng
    eigenaar, j = _uitklappen(aantal)
    k = len(eigenaar)
    wie = persoon[eigenaar]
    datum = begin[eigenaar] + (j + 1) * interval + _tussen(rng, -10, 10, k)
    velden = {
        "urensoort": code(URENSOORTEN, urensoort),
        "uren": np.round(rng.uniform(*uren, k) * 2) / 2,
        "keurmerk": rng.random(k) < keurmerk,
    }
    bron = np.broadcast_to(bron, (len(persoon),))[eigenaar]
    rijen = v.voeg_toe("uren_geregistreerd", wie, datum, bron, velden)
    dubbel = np.flatnonzero((rng.random(k) < 0.005) & (rijen >= 0))
    kopie = {naam: np.broadcast_to(w, (k,))[dubbel] for naam, w in velden.items()}
    tweede = v.beschikbaar(datum[dubbel] + 15)
    extra = v.voeg_toe(
        "uren_geregistreerd", wie[dubbel], datum[dubbel], bron[dubbel], kopie, beschikbaar=tweede
    )
    ingetrokken = tweede + _tussen(rng, 3, 60, len(dubbel)) * DAG_US
    v.voeg_toe(
        "uren_geregistreerd",
        wie[dubbel],
        datum[dubbel],
        bron[dubbel],
        kopie,
        beschikbaar=ingetrokken,
        corrigeert=extra,
        intrekking=True,
    )


def _examens(
    v: _Verzameling,
    persoon: np.ndarray,
    eerste: np.ndarray,
    onderdelen: tuple[str, ...],
    niveau: np.ndarray | str,
    slaagkans: np.ndarray | float,
    herkansing: np.ndarray | float,
    pogingen: int,
    bron: int,
    doorzetten: float = 0.85,
) -> Uitslagen:
    """Exam results: every part from about ``eerste``; a failed part is retried some months later by a share
    ``doorzetten`` of those who failed it, up to ``pogingen`` attempts. Returns the days of the attempts and
    passes (``Uitslagen``), which the dispensation for demonstrable effort needs.

    A few results (0.1%) are withdrawn by DUO later (a registration error); such a result counts for nothing (no
    attempt, no pass), so the learner sits that part again once the withdrawal is known.
    """
    rng, m = v.rng, len(persoon)
    eigenaar = np.repeat(np.arange(m), len(onderdelen))
    onderdeel = np.tile([code(ONDERDELEN, o) for o in onderdelen], m)
    niveau = np.broadcast_to(np.asarray([code(NIVEAUS, niveau)] if isinstance(niveau, str) else niveau), (m,))
    slaagkans = np.broadcast_to(slaagkans, (m,))
    herkansing = np.broadcast_to(herkansing, (m,))
    datum = eerste[eigenaar] + _tussen(rng, 0, 28, len(eigenaar))
    actief = np.ones(len(eigenaar), dtype=bool)
    gehaald_op = np.full(len(eigenaar), NOOIT, dtype=np.int64)
    poging_op = np.full((len(eigenaar), pogingen), NOOIT, dtype=np.int64)
    for poging in range(pogingen):
        wie = np.flatnonzero(actief)
        poging_op[wie, poging] = datum[wie]
        kans = (slaagkans if poging == 0 else herkansing)[eigenaar[wie]]
        velden = {
            "onderdeel": onderdeel[wie],
            "niveau": niveau[eigenaar[wie]],
            "geslaagd": rng.random(len(wie)) < kans,
        }
        rijen = v.voeg_toe("examen_uitslag", persoon[eigenaar[wie]], datum[wie], bron, velden)
        # Drawn for every attempt, whether its row falls before ``tot`` or not, so that neither the draws nor who
        # sits a part again depend on the dates (a date moved by one setting must not reshuffle everybody's draws).
        ingetrokken = rng.random(len(wie)) < 0.001
        bekend = _tussen(rng, 20, 200, len(wie))
        fout = np.flatnonzero(ingetrokken & (rijen >= 0))
        later = bekend[fout]
        v.voeg_toe(
            "examen_uitslag",
            persoon[eigenaar[wie[fout]]],
            datum[wie[fout]],
            bron,
            {naam: w[fout] for naam, w in velden.items()},
            beschikbaar=v.beschikbaar(datum[wie[fout]] + later),
            corrigeert=rijen[fout],
            intrekking=True,
        )
        # A withdrawn result is no attempt and no pass in the law's eyes: the learner sits the part again once the
        # withdrawal is known, as after a failure.
        poging_op[wie[ingetrokken], poging] = NOOIT
        geldig = velden["geslaagd"] & ~ingetrokken
        gehaald = wie[geldig]
        gehaald_op[gehaald] = datum[gehaald]
        doorgaan = rng.random(len(wie)) < doorzetten
        opnieuw = _tussen(rng, 45, 150, len(wie)) + np.where(ingetrokken, bekend, 0)
        actief[:] = False
        actief[wie[~geldig]] = doorgaan[~geldig]
        datum[wie[~geldig]] += opnieuw[~geldig]
    return Uitslagen(gehaald_op.reshape(m, len(onderdelen)), poging_op.reshape(m, len(onderdelen), pogingen))


@dataclass(frozen=True)
class Uitslagen:
    """The exams of ``_examens`` per person and part: the day the part was passed (``NOOIT`` if never) and the
    day of each attempt (``NOOIT`` for an attempt not taken, or withdrawn by DUO)."""

    gehaald_op: np.ndarray  # (persons, parts)
    poging_op: np.ndarray  # (persons, parts, attempts)

    @property
    def laatst_gehaald(self) -> np.ndarray:
        """Per person the day on which the last of the parts was passed (``NOOIT`` if one never was)."""
        return self.gehaald_op.max(axis=1)

    def genoeg_geprobeerd_op(self, vereist: Parameter) -> np.ndarray:
        """Per person the first day on which every part was passed or tried as often as ``vereist`` (a dated
        number of attempts, as R13-AGI-01's) asks on that day; ``NOOIT`` if that day never comes. Within one
        period of the parameter a part that is enough stays enough (attempts only add up), so per period the
        day is the latest of the parts' days, and the answer the first period's day that falls inside it."""
        eerste = np.full(len(self.gehaald_op), NOOIT, dtype=np.int64)
        grenzen = [_dag(d) for d in vereist.starts] + [NOOIT]
        # the attempts in order, a withdrawn one (NOOIT in its slot) moved to the end: the n-th that counts
        pogingen = np.sort(self.poging_op, axis=2)
        for begin, eind, aantal in zip(grenzen, grenzen[1:], vereist.values, strict=False):
            genoeg = self.gehaald_op
            if aantal <= pogingen.shape[2]:
                genoeg = np.minimum(genoeg, pogingen[:, :, int(aantal) - 1])
            dag = np.maximum(begin, genoeg.max(axis=1))
            eerste = np.where((eerste == NOOIT) & (dag < eind), dag, eerste)
        return eerste


def _verlengingen(
    v: _Verzameling, persoon: np.ndarray, datum: np.ndarray, grond: np.ndarray, einde: np.ndarray
):
    """Term extensions by DUO: a period (P3M, P6M, P16W, P1Y) or, for a quarter, a new end date."""
    rng, m = v.rng, len(persoon)
    keuze = rng.integers(0, 4, m)
    maanden = np.array([3, 6, 0, 12])[keuze]
    dagen = np.array([0, 0, 112, 0])[keuze]
    met_tot = rng.random(m) < 0.25
    velden = {
        "grond": grond,
        "duur_maanden": np.where(met_tot, LEEG, maanden),
        "duur_dagen": np.where(met_tot, LEEG, dagen),
        "tot": np.where(met_tot, einde + _tussen(rng, 90, 365, m), LEEG),
    }
    v.voeg_toe("verlenging_verleend", persoon, datum, DUO, velden)


def _medische_ontheffing(
    v: _Verzameling, persoon: np.ndarray, aanvraag: np.ndarray, bron: np.ndarray | int
) -> tuple[np.ndarray, np.ndarray]:
    """Request, Argonaut's medical advice after about 27 weeks (right-skewed), and for most the exemption.
    Returns who of ``persoon`` (their positions) got it, and on which day."""
    rng, m = v.rng, len(persoon)
    v.voeg_toe(
        "ontheffing_aangevraagd", persoon, aanvraag, DUO, {"grond": code(ONTHEFFING_GRONDEN, "medisch")}
    )
    advies = aanvraag + np.clip(np.round(rng.lognormal(np.log(22 * 7), 0.5, m)), 30, 900).astype(np.int64)
    permanent = rng.random(m) < 0.8
    v.voeg_toe(
        "medisch_advies_uitgebracht", persoon, advies, ARGONAUT, {"permanent_niet_in_staat": permanent}
    )
    wie = np.flatnonzero(permanent)
    bron = np.broadcast_to(bron, (m,))[wie]
    datum = advies[wie] + _tussen(rng, 7, 30, len(wie))
    v.voeg_toe(
        "ontheffing_verleend", persoon[wie], datum, bron, {"grond": code(ONTHEFFING_GRONDEN, "medisch")}
    )
    return wie, datum


def _boetes(
    v: _Verzameling, persoon: np.ndarray, aankondiging: np.ndarray, beboet: np.ndarray, onderdeel: str
):
    """Announcement of a fine by DUO on ``aankondiging``, for some a reply (zienswijze), then the fine itself, for
    those of ``persoon`` who are ``beboet``. Drawn for every one of ``persoon``, so that who is fined does not move
    the draws of the others (``ELIP_COHORT`` moves exams, and so who is fined, for one cohort alone)."""
    rng, m = v.rng, len(persoon)
    bedrag = np.array([25000, 50000, 75000, 125000])[rng.choice(4, m, p=[0.4, 0.3, 0.2, 0.1])]
    zienswijze = beboet & (rng.random(m) < 0.3)
    antwoord = aankondiging + _tussen(rng, 7, 28, m)
    opgelegd = aankondiging + _tussen(rng, 42, 120, m)
    velden = {"onderdeel": code(BOETE_ONDERDELEN, onderdeel), "bedrag_cent": bedrag[beboet]}
    v.voeg_toe("boete_vooraankondiging", persoon[beboet], aankondiging[beboet], DUO, velden)
    v.voeg_toe("zienswijze_ontvangen", persoon[zienswijze], antwoord[zienswijze], DUO)
    v.voeg_toe("boete_opgelegd", persoon[beboet], opgelegd[beboet], DUO, velden)


def _tussen_grenzen(u: np.ndarray, grenzen: np.ndarray, i: int) -> np.ndarray:
    """Where ``u`` lies in the ``i``-th interval of the cumulative ``grenzen`` (``grenzen[i-1] <= u < grenzen[i]``)."""
    return (u >= grenzen[i - 1]) & (u < grenzen[i])


def _maanden(rng: np.random.Generator, lo: float, hi: float, m: int) -> np.ndarray:
    """Whole days for a span drawn uniformly between ``lo`` and ``hi`` months."""
    return np.round(rng.uniform(lo, hi, m) * MAAND).astype(np.int64)


# Asylum permit holders whose municipality starts during reception [est, fitted to C9: 308 in reception with a PIP].
VROEGE_START = 0.088
# Share of PIPs set after the 10 weeks, per route b1, onderwijs, z: 67% over all (C8: 54% counted from housing)
# [est]. By route because the first PIPs of a cohort are mostly B1: S1 has 101 B1 to 19 Z-route PIPs of cohort 2023
# on 28 February 2023, against 68 to 22 in cohort 2022 (C11), so Z-route PIPs take longer [est, calibrated to it:
# 0.78 -> 0.81 in session 15, with the window below].
PIP_LAAT = (0.64, 0.64, 0.81)
# The others are set this many weeks after the start, uniformly, and not before the test (below) [est, calibrated
# to the same 135 PIPs of cohort 2023 in its first two months: with 1.5-10 weeks and 0.78 above the calibration
# bench's eight samples gave 90 / 13.2 / 20.9 by route, with these 98.2 / 15.8 / 19.0 (published 101 / 15 / 19)].
PIP_VROEG_WEKEN = (1.5, 9)
# The broad intake starts this many days after the start [est].
INTAKE_DAGEN = (5, 35)
# Mean of the exponential tail of the late PIPs, in weeks [est, calibrated to S1's PIPs of 28 February 2023].
PIP_STAART_WEKEN = 17
# The first B1 exams come this many months after the PIP at the soonest, up to 38 [est, calibrated to C15: 33% of
# the early outflow compliant].
B1_EERSTE_EXAMEN_MAANDEN = 18
# Share exempted (vrijstelling), asylum permit holders and family or other migrants: 4.0% in all [est, calibrated to
# C15: 41% of the early outflow exempted, with 3% medical]. Family migrants more often hold a diploma that exempts
# (they come more often from more developed countries, Divosa factsheet 2021) [est, the split calibrated to the
# family PIPs of 28 February 2023 derived from S1, 4,609].
VRIJSTELLING_WI2021 = (0.032, 0.052)
# b1, onderwijs, z: P(haalbaar | route, tested), C13 from the counts (76.8%, 80.8%, 2.6%). The Z-route's is set
# lower, as its column also holds learners moved from B1 by a changed PIP, who keep B1's chance [est, fitted to its
# 65].
HAALBAAR_GEGEVEN_ROUTE = (0.77, 0.81, 0.015)
MET_INTAKE = 0.99  # share of the obliged whose broad intake is recorded [est]
# b1, onderwijs, z: P(no learnability result | route), C13 (2.4%, 3.3% and 1.9% of the PIPs of cohort 2022) less
# the 0.15% whose result is only known after the peildatum; those without a recorded intake are among them. The
# Z-route's is set lower, 1.75% [est, fitted to its 49]: its column also holds learners moved from B1 by a changed
# PIP, who keep B1's rate. Why by route: a municipality mostly needs the test's result to choose the Z-route.
ZONDER_UITSLAG_GEGEVEN_ROUTE = (0.022, 0.032, 0.0175)


# The route chosen in the PIP: B1 or the Z-route, and the education route for this share of all (young persons
# only). C11 has 68 / 10 / 22% of the PIPs of cohort 2022 on 28 February 2023; the Z-route's share is set above
# its 22% because its PIPs come later (PIP_LAAT) and a few move to B1 [est, fitted to C11's counts].
LEERROUTE_B1_Z = (0.735, 0.265)
ONDERWIJSROUTE = 0.093

ANDERE_SCHOOL_INTERVAL = 400


def _wi2021(
    v: _Verzameling, p: dict, inschrijving: np.ndarray, koppeling: np.ndarray, kennisgeving: np.ndarray
) -> None:
    """The Wi2021 trajectory: brede intake, learnability test, PIP (a realistic share late), hours, exams, PVT,
    MAP, routes, extensions, exemptions and municipal fines. Municipal events carry the municipality's code.

    The municipality starts when the person is notified and registered with it; for a few asylum permit holders
    it starts already during reception, once linked (figures.md C9: 308 of 9,747 in reception had a PIP)."""
    rng = v.rng
    wie = np.flatnonzero(p["wet"] == 2)
    m = len(wie)
    gm = (GM0 + p["gemeente"][wie]).astype(np.int16)
    vroeg = (koppeling[wie] < inschrijving[wie]) & (rng.random(m) < VROEGE_START)
    start = np.maximum(kennisgeving[wie], np.where(vroeg, koppeling[wie], inschrijving[wie]))
    pad = rng.random(m)
    kans_vrij = np.where(p["asiel"][wie], *VRIJSTELLING_WI2021)
    vrij = pad < kans_vrij
    medisch = (pad >= kans_vrij) & (pad < kans_vrij + 0.03)

    intake = start + _tussen(rng, *INTAKE_DAGEN, m)
    met_intake = rng.random(m) < MET_INTAKE
    v.voeg_toe("brede_intake_gestart", wie[met_intake], intake[met_intake], gm[met_intake])
    afgerond = intake + _tussen(rng, 14, 56, m)
    v.voeg_toe("brede_intake_afgerond", wie[met_intake], afgerond[met_intake], gm[met_intake])

    # Routes (figures.md C11: b1 68%, onderwijs 10%, z 22%; the education route for the young only) and the
    # learnability result given the route (C13), scored against the cut-off in force on the test date.
    jong = p["leeftijd"][wie] < 28
    route = rng.choice([0, 2], m, p=LEERROUTE_B1_Z)
    aandeel_jong = jong.mean() if m else 1.0
    route = np.where(jong & (rng.random(m) < ONDERWIJSROUTE / max(aandeel_jong, 0.01)), 1, route)
    getoetst = met_intake & (rng.random(m) < (1 - np.array(ZONDER_UITSLAG_GEGEVEN_ROUTE)[route]) / MET_INTAKE)
    toets = intake + _tussen(rng, 0, 28, m)
    haalbaar = rng.random(m) < np.array(HAALBAAR_GEGEVEN_ROUTE)[route]
    cesuur = np.where(toets < _dag(dt.date(2023, 4, 12)), 31, 28)
    score = np.where(
        haalbaar, rng.integers(cesuur, 41, m), rng.integers(np.maximum(cesuur - 14, 0), cesuur, m)
    ).astype(np.int32)
    v.voeg_toe(
        "leerbaarheidstoets_afgenomen",
        wie[getoetst],
        toets[getoetst],
        gm[getoetst],
        {"score": score[getoetst]},
    )

    laat = rng.random(m) < np.array(PIP_LAAT)[route]
    weken = np.where(
        laat, 10 + np.clip(rng.exponential(PIP_STAART_WEKEN, m), 0.2, 104), rng.uniform(*PIP_VROEG_WEKEN, m)
    )
    pip = np.maximum(start + np.round(weken * 7).astype(np.int64), np.where(getoetst, toets + 1, 0))
    derden = laat & (rng.random(m) < 0.12)
    v.voeg_toe(
        "informatie_derden_ontvangen", wie[derden], (start + _tussen(rng, 40, 68, m))[derden], gm[derden]
    )
    met_pip = ~vrij
    v.voeg_toe("pip_vastgesteld", wie[met_pip], pip[met_pip], gm[met_pip], {"leerroute": route[met_pip]})
    gewijzigd = met_pip & (rng.random(m) < 0.08)
    afschalen = gewijzigd & (route == 0) & (rng.random(m) < 0.5)
    nieuw = np.where(route == 0, np.where(afschalen, 0, 2), 0)
    wijziging = pip + _tussen(rng, 90, 540, m)
    v.voeg_toe(
        "pip_gewijzigd",
        wie[gewijzigd],
        wijziging[gewijzigd],
        gm[gewijzigd],
        {"leerroute": nieuw[gewijzigd], "afschalen_a2": afschalen[gewijzigd]},
    )
    route = np.where(gewijzigd, nieuw, route)

    bijstand = p["asiel"][wie] & (rng.random(m) < 0.85)
    v.voeg_toe(
        "bijstand_gestart",
        wie[bijstand],
        (inschrijving[wie] + _tussen(rng, 0, 21, m))[bijstand],
        gm[bijstand],
    )
    weigert = met_intake & (rng.random(m) < 0.015)
    weigering = intake + _tussen(rng, 7, 60, m)
    v.voeg_toe(
        "medewerking_geweigerd",
        wie[weigert],
        weigering[weigert],
        gm[weigert],
        {"omschrijving": rng.integers(0, 2, m)[weigert]},
    )
    beboet = weigert & (rng.random(m) < 0.5)
    v.voeg_toe(
        "boete_opgelegd",
        wie[beboet],
        (weigering + _tussen(rng, 30, 90, m))[beboet],
        gm[beboet],
        {"onderdeel": code(BOETE_ONDERDELEN, "leerroute"), "bedrag_cent": 25000},
    )
    v.voeg_toe(
        "vrijstelling_verleend",
        wie[vrij],
        (start + _tussen(rng, 30, 300, m))[vrij],
        DUO,
        {
            "grond": _kies(
                rng, {"diploma": 5, "onderwijs_nl": 2, "nt2_diploma": 2, "overig": 1}, VRIJSTELLING_GRONDEN, m
            )[vrij]
        },
    )
    _medische_ontheffing(v, wie[medisch], (pip + _tussen(rng, 60, 500, m))[medisch], DUO)

    # Hours: language per quarter at a school, knm once; Z-route also participation (asylum) and literacy.
    school = (SCHOOL0 + p["school"][wie]).astype(np.int16)
    actief = met_pip & ~medisch & (rng.random(m) < 0.92)
    aantal = np.where(actief, rng.integers(4, 16, m), 0)
    # The municipality enrols the learner with the school within two weeks of the PIP (the school's access).
    v.voeg_toe(
        "aangemeld_bij_taalschool",
        wie[actief],
        (pip + _tussen(rng, 1, 14, m))[actief],
        gm[actief],
        {"taalschool": p["school"][wie][actief]},
    )
    # One learner in ANDERE_SCHOOL_INTERVAL gets the language hours reported by another school than the one the
    # municipality enrolled them with (hours without a known contract) [est]; by index, not drawn.
    andere = (SCHOOL0 + (p["school"][wie] + 1) % N_TAALSCHOLEN).astype(np.int16)
    _uren(
        v,
        wie,
        pip,
        aantal,
        "nt2",
        (30, 120),
        np.where(wie % ANDERE_SCHOOL_INTERVAL == 0, andere, school),
        0.92,
        61,
    )
    _uren(v, wie, pip + _tussen(rng, 30, 240, m), actief.astype(np.int64), "knm", (20, 80), school, 0.92)
    z = actief & (route == 2)
    participatie = np.where(z & p["asiel"][wie], rng.integers(3, 12, m), 0)
    _uren(v, wie, pip, participatie, "participatie", (30, 110), gm, 1.0, 61)
    alfa = np.where(z & (rng.random(m) < 0.3), rng.integers(1, 5, m), 0)
    _uren(v, wie, pip, alfa, "alfabetisering", (40, 150), school, 0.9)
    praktijk = (actief & (rng.random(m) < 0.5)).astype(np.int64)
    _uren(v, wie, pip + _tussen(rng, 120, 500, m), praktijk, "map_praktijk", (16, 80), gm, 1.0)

    # Exams for the B1 route (A2 after scaling down), the education route's completion, PVT and MAP.
    b1 = np.flatnonzero(actief & (route == 0) & (rng.random(m) < 0.85))
    niveau = np.where(afschalen[b1], code(NIVEAUS, "A2"), code(NIVEAUS, "B1"))
    eerste = pip[b1] + _maanden(rng, B1_EERSTE_EXAMEN_MAANDEN, 38, len(b1))
    onderdelen = ("lezen", "luisteren", "schrijven", "spreken", "knm")
    _examens(v, wie[b1], eerste, onderdelen, niveau, 0.73, 0.65, 3, CVTE)
    onderwijs = actief & (route == 1) & (rng.random(m) < 0.65)
    klaar = pip + _maanden(rng, 18, 30, m)
    v.voeg_toe("onderwijsroute_afgerond", wie[onderwijs], klaar[onderwijs], gm[onderwijs])
    pvt = actief & (rng.random(m) < 0.85)
    v.voeg_toe("pvt_afgerond", wie[pvt], (pip + _tussen(rng, 60, 365, m))[pvt], gm[pvt])
    mapd = actief & (rng.random(m) < 0.75)
    v.voeg_toe("map_afgerond", wie[mapd], (pip + _tussen(rng, 180, 720, m))[mapd], gm[mapd])

    verlengd = np.flatnonzero(actief & (rng.random(m) < 0.12))
    grond = _kies(
        rng,
        {"ziekte": 4, "geen_aanbod": 2, "alfabetisering": 2, "onderwijs": 1, "geboorte": 1, "ambtshalve": 1},
        VERLENGING_GRONDEN,
        len(verlengd),
    )
    termijn_einde = pip[verlengd] + 36 * MAAND
    _verlengingen(
        v, wie[verlengd], pip[verlengd] + _maanden(rng, 30, 36, len(verlengd)), grond, termijn_einde
    )


def _elip_cohort(start: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per person, from the year the obligation arose (the cohort of the ELIP table), ``ELIP_COHORT``'s factor on
    the chance of using up the loan, the lesson days added to the time that takes, and the factor on the wait for
    the exam after it; neutral (1, 0, 1) for a cohort without an entry."""
    jaar = start.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    jaren = np.arange(jaar.min(initial=1970), jaar.max(initial=1970) + 1)
    tabel = np.array([ELIP_COHORT.get(int(j), (1.0, 0, 1.0)) for j in jaren], dtype=float).reshape(-1, 3)
    rij = tabel[jaar - jaren[0]]
    return rij[:, 0], rij[:, 1], rij[:, 2]


def _wi2013(v: _Verzameling, p: dict) -> None:
    """The Wi2013 trajectory: loan use (some up to the €10,000 cap, so ELIP), hours, PVT from October 2017, exams
    with retries, dispensation for demonstrable effort (AGI) or medical reasons, exemptions, individual
    extensions and DUO's general COVID-19 extensions, and fines for who has not passed after the term."""
    rng = v.rng
    wie = np.flatnonzero(p["wet"] == 1)
    m = len(wie)
    start = p["plicht"][wie]
    asiel = p["asiel"][wie]
    termijn_einde = start + np.int64(round(36 * MAAND))
    school = (SCHOOL0 + p["school"][wie]).astype(np.int16)

    # Paths [est]: exams; dispensation for demonstrable effort (AGI) through the course route (exam attempts) or
    # the literacy route (at least 300 hours of literacy, no exams), so that about 23% of all ever obliged have
    # one in 2023 (C18: 8% and 15%; on the course route about 60% get it, the others pass every part before the
    # law allows it or stop trying); exemption; medical dispensation; nothing within the term.
    pad = rng.random(m)
    grenzen = np.cumsum([0.43, 0.18, 0.20, 0.05, 0.03])
    examen, agi_cursus, agi_alfa = (
        pad < grenzen[0],
        _tussen_grenzen(pad, grenzen, 1),
        _tussen_grenzen(pad, grenzen, 2),
    )
    vrij, medisch, niets = (
        _tussen_grenzen(pad, grenzen, 3),
        _tussen_grenzen(pad, grenzen, 4),
        pad >= grenzen[4],
    )
    agi = agi_cursus | agi_alfa

    # Loans: most asylum migrants borrow. A share of those who take lessons uses up the loan (>= EUR 9,500) in
    # 2.2-3.4 years of lessons (a few sooner) and sits the exams only after that (ELIP, C20: about 2,100-2,400 in
    # 2022-2023, the cohorts of three to five years before). The others' final amounts lean towards the cap for
    # asylum migrants, so that a realistic number is above EUR 7,500 in the last year of the term (ELIP+, about
    # 4,700 with ELIP).
    leent = rng.random(m) < np.where(asiel, 0.7, 0.35)
    vaker, later, trager = _elip_cohort(start)
    uitputten = asiel & (examen | agi) & (rng.random(m) < LENING_UITGEPUT * vaker)
    eindbedrag = np.where(
        uitputten,
        rng.uniform(9500, 10000, m),
        np.where(asiel, 300 + 9100 * rng.random(m) ** LENING_SCHEEF, rng.uniform(300, 8000, m)),
    )
    aantal = np.where(leent, rng.integers(2, 9, m), 0)
    eigenaar, j = _uitklappen(aantal)
    deel = (j + 1) / aantal[eigenaar]
    # Days of lessons until the loan is used up; a few (ELIP_SNEL) are quicker, so that the young cohorts have
    # their first ELIP cases in 2022 as the table by cohort shows.
    snel = rng.random(m) < ELIP_SNEL
    duur = np.where(
        uitputten,
        np.where(snel, _tussen(rng, 300, UITPUT_LESDAGEN[0], m), _tussen(rng, *UITPUT_LESDAGEN, m)) + later,
        _tussen(rng, 300, 1100, m),
    )
    lessen_begin = start + 60
    datum = _na_lesdagen(lessen_begin[eigenaar], deel * duur[eigenaar])
    totaal = np.round(eindbedrag[eigenaar] * deel * 100).astype(np.int64)
    v.voeg_toe("lening_besteed", wie[eigenaar], datum, DUO, {"totaal_cent": totaal})

    lessen = ~vrij & ~medisch
    # NT2 hours; those on the AGI course route at a listed school (R13-AGI-01 counts only those hours), at least
    # 600 of them within 22 months, before the term has run the 2.5 years the dispensation asks.
    nt2 = lessen & ~agi_cursus
    _uren(
        v, wie[nt2], (start + 30)[nt2], rng.integers(4, 17, m)[nt2], "nt2", (30, 120), school[nt2], 0.85, 61
    )
    c = np.flatnonzero(agi_cursus)
    _uren(v, wie[c], start[c] + 30, rng.integers(10, 17, len(c)), "nt2", (60, 120), school[c], 1.0, 61)
    _uren(
        v, wie, start + 30, (lessen & (rng.random(m) < 0.6)).astype(np.int64), "knm", (20, 60), school, 0.85
    )
    # Literacy: at least 300 hours on the literacy route, at most 240 for the others (so the monitor can tell the
    # two AGI routes apart by the hours, as R13-AGI-01 does).
    alfa = np.where(
        agi_alfa, rng.integers(4, 7, m), np.where(lessen & (rng.random(m) < 0.15), rng.integers(1, 3, m), 0)
    )
    _uren(
        v,
        wie[agi_alfa],
        (start + 30)[agi_alfa],
        alfa[agi_alfa],
        "alfabetisering",
        (80, 150),
        school[agi_alfa],
        1.0,
    )
    ander = ~agi_alfa
    _uren(v, wie[ander], (start + 30)[ander], alfa[ander], "alfabetisering", (40, 120), school[ander], 0.85)
    pvt_vereist = start >= _dag(dt.date(2017, 10, 1))
    pvt = pvt_vereist & (rng.random(m) < PVT_WI2013)
    gm = (GM0 + p["gemeente"][wie]).astype(np.int16)
    pvt_op = start + _tussen(rng, 60, 365, m)
    v.voeg_toe("pvt_afgerond", wie[pvt], pvt_op[pvt], gm[pvt])

    doet = np.flatnonzero(examen | agi_cursus)
    # Those who use up their loan are the slow learners: their exams come after it is used up.
    uitgeput = _na_lesdagen(lessen_begin, duur)
    # The wait for the exam after that is lesson time too: the COVID-19 measures also stopped the exams.
    wachten = (
        rng.exponential(np.where(rng.random(len(doet)) < ELIP_LANG, *ELIP_DUUR_DAGEN[::-1])) * trager[doet]
    )
    # On the AGI course route the exams come early, used-up loan or not: theirs is the route of trying.
    eerste = np.where(
        uitputten[doet] & ~agi_cursus[doet],
        _na_lesdagen(uitgeput[doet] + 30, wachten),
        start[doet] + _maanden(rng, 8, 30, len(doet)),
    )
    kans = np.where(agi_cursus[doet], 0.3, 0.78)
    herkansing = np.where(agi_cursus[doet], 0.3, 0.7)
    onderdelen = ("lezen", "luisteren", "schrijven", "spreken", "knm")
    # The day the obligation ends as this person's history is planned (``uit``; NOOIT: not in this phase's
    # plan, as for those who pass only after a fine), so that DUO's general letters go only to those still
    # obliged: the exams, ONA and the PVT, or an exemption or dispensation, whichever comes first. It is the plan,
    # not the law's judgement (an obligation that lapses is drawn in a later phase); the engine judges the written
    # history.
    uitslagen = _examens(v, wie[doet], eerste, onderdelen, "A2", kans, herkansing, 6, DUO, DOORZETTEN_OUD)
    ona = start[doet] >= ONA_VANAF
    met_ona = _examens(
        v, wie[doet][ona], eerste[ona], ("ona",), "A2", kans[ona], herkansing[ona], 6, DUO, DOORZETTEN_OUD
    )
    # ONA as a sixth part, passed from the start for those who need not take it.
    gehaald = np.zeros((len(doet), 1), dtype=np.int64)
    gehaald[ona] = met_ona.gehaald_op
    pogingen = np.full((len(doet), 1, uitslagen.poging_op.shape[2]), NOOIT, dtype=np.int64)
    pogingen[ona] = met_ona.poging_op
    uitslagen = Uitslagen(
        np.hstack([uitslagen.gehaald_op, gehaald]), np.concatenate([uitslagen.poging_op, pogingen], axis=1)
    )
    examens_op = np.full(m, NOOIT, dtype=np.int64)
    examens_op[doet] = uitslagen.laatst_gehaald
    uit = np.where(pvt_vereist, np.where(pvt, np.maximum(examens_op, pvt_op), NOOIT), examens_op)

    # AGI, the course route (R13-AGI-01): the request comes once the term has run 2.5 years and every part not
    # passed was tried as often as DUO then asks (4 times, 3 from 1 April 2023), some weeks after that day; who
    # passed every part by then or stopped trying too soon asks for none and stays on the exam path.
    regels = default_parameters()
    gestart = regels["agi.termijn_gestart_maanden"].at(start[doet].astype("datetime64[D]"))
    kan_op = np.full(m, NOOIT, dtype=np.int64)
    kan_op[doet] = np.maximum(
        uitslagen.genoeg_geprobeerd_op(regels["agi.min_pogingen"]),
        add_months(start[doet].astype("datetime64[D]"), gestart.astype(np.int64)).view(np.int64),
    )
    aanvraag_cursus = np.where(kan_op < NOOIT, kan_op + _tussen(rng, 14, 120, m), NOOIT)
    vraagt = agi_cursus & (aanvraag_cursus < examens_op)
    agi_cursus_zonder = agi_cursus & ~vraagt

    # AGI: an hour statement from the school, DUO's judgement, then the request and the dispensation. On the
    # literacy route the request follows the statement; on the course route the statement comes for the request.
    a = np.flatnonzero(agi_alfa | vraagt)
    verklaring = np.where(
        agi_alfa[a],
        start[a] + _maanden(rng, 28, 33, len(a)),
        aanvraag_cursus[a] - _tussen(rng, 61, 120, len(a)),
    )
    v.voeg_toe(
        "urenverklaring_ingediend",
        wie[a],
        verklaring,
        school[a],
        {"uren": np.round(rng.uniform(600, 900, len(a))), "contract_bekend": rng.random(len(a)) < 0.92},
    )
    oordeel = _kies(rng, {"goedgekeurd": 90, "afgewezen": 3, "bewijs_gevraagd": 7}, OORDELEN, len(a))
    v.voeg_toe(
        "urenverklaring_beoordeeld",
        wie[a],
        verklaring + _tussen(rng, 14, 60, len(a)),
        DUO,
        {"oordeel": oordeel},
    )
    aanvraag = np.where(
        agi_alfa[a], np.maximum(verklaring + 61, start[a] + _maanden(rng, 30, 36, len(a))), aanvraag_cursus[a]
    )
    v.voeg_toe("ontheffing_aangevraagd", wie[a], aanvraag, DUO, {"grond": code(ONTHEFFING_GRONDEN, "agi")})
    # Asked for more evidence: the dispensation follows later; refused: the exams after all.
    ok = oordeel != code(OORDELEN, "afgewezen")
    later = np.where(oordeel == code(OORDELEN, "bewijs_gevraagd"), _tussen(rng, 60, 150, len(a)), 0)
    verleend = aanvraag + later + _tussen(rng, 30, 90, len(a))
    v.voeg_toe(
        "ontheffing_verleend", wie[a][ok], verleend[ok], DUO, {"grond": code(ONTHEFFING_GRONDEN, "agi")}
    )
    uit[a[ok]] = np.minimum(uit[a[ok]], verleend[ok])
    _alsnog(v, wie[a][~ok], aanvraag[~ok], DUO, start[a][~ok] >= ONA_VANAF)
    vrij_op = start + _tussen(rng, 30, 500, m)
    v.voeg_toe(
        "vrijstelling_verleend",
        wie[vrij],
        vrij_op[vrij],
        DUO,
        {
            "grond": _kies(
                rng, {"diploma": 5, "onderwijs_nl": 3, "nt2_diploma": 2, "overig": 1}, VRIJSTELLING_GRONDEN, m
            )[vrij]
        },
    )
    uit[vrij] = np.minimum(uit[vrij], vrij_op[vrij])
    medisch_wie, medisch_op = _medische_ontheffing(
        v, wie[medisch], (start + _tussen(rng, 60, 900, m))[medisch], DUO
    )
    plek = np.flatnonzero(medisch)[medisch_wie]
    uit[plek] = np.minimum(uit[plek], medisch_op)

    verlengd = (examen | niets) & (rng.random(m) < 0.12)
    grond = _kies(
        rng,
        {
            "ziekte": 4,
            "uren_en_examens": 3,
            "alfabetisering": 2,
            "samenloop": 1,
            "ziekte_gezinslid": 1,
            "geboorte": 1,
        },
        VERLENGING_GRONDEN,
        m,
    )
    datum = termijn_einde - _tussen(rng, 0, 150, m)
    x = np.flatnonzero(verlengd)
    _verlengingen(v, wie[x], datum[x], grond[x], termijn_einde[x])
    einde = _covid_verlengingen(v, wie, start, termijn_einde, uit)

    # Who stopped trying before the AGI was open to them and has not passed sits the exams after the term as well.
    alsnog = niets | (agi_cursus_zonder & (examens_op == NOOIT))
    klaar = examens_op.copy()
    klaar[alsnog] = np.minimum(
        klaar[alsnog], _alsnog(v, wie[alsnog], einde[alsnog], DUO, start[alsnog] >= ONA_VANAF)
    )
    # Fines (R13-BOETE-01), announced 30-300 days after the (extended) end, for who has not passed the exams by
    # then: 82% of those who did nothing, BOETE_TE_LAAT of the exam-path learners still short of a part. Drawn for
    # all and last in the phase, as who is fined depends on the exam dates: a setting that moves exams
    # (ELIP_COHORT) must not reshuffle the draws of everybody else.
    aankondiging = einde + _tussen(rng, 30, 240, m) + _tussen(rng, 0, 60, m)
    boetekans = np.where(niets, 0.82, np.where(examen | agi_cursus_zonder, BOETE_TE_LAAT, 0.0))
    boete = (klaar > aankondiging) & (rng.random(m) < boetekans)
    _boetes(v, wie, aankondiging, boete, "examen")


def _covid_verlengingen(
    v: _Verzameling, wie: np.ndarray, start: np.ndarray, einde: np.ndarray, uit: np.ndarray
) -> np.ndarray:
    """DUO's general COVID-19 extensions (``COVID_VERLENGINGEN``): each one of every term running on its date
    that began by ``COVID_VERLENGING_TERMIJN_BEGONNEN_UITERLIJK``, by months on top of the end as it then
    stood. Returns the ends after them.

    The letter is written only for those still obliged on its date (``uit``, the day the obligation ends as
    planned, is later): DUO does not extend a term that is over. The returned ends count every extension, so
    the fines and late exams after them are drawn as before the letters were left out. An individual extension
    granted near the original end is left out of "as it then stood"."""
    einde = einde.copy()
    begonnen = start <= _dag(COVID_VERLENGING_TERMIJN_BEGONNEN_UITERLIJK)
    for datum, maanden, voorwaarde in COVID_VERLENGINGEN:
        dag = _dag(datum)
        loopt = begonnen & (start <= dag) & (einde >= dag)
        if voorwaarde is not None:
            peil, hoogstens = voorwaarde
            loopt &= einde <= _dag(peil) + round(hoogstens * MAAND)
        x = np.flatnonzero(loopt & (uit > dag))
        velden = {
            "grond": np.full(len(x), code(VERLENGING_GRONDEN, "covid")),
            "duur_maanden": np.full(len(x), maanden),
            "duur_dagen": np.zeros(len(x), dtype=np.int64),
            "tot": np.full(len(x), LEEG),
        }
        v.voeg_toe("verlenging_verleend", wie[x], np.full(len(x), dag), DUO, velden)
        einde[loopt] += round(maanden * MAAND)
    return einde


# DUO's general COVID-19 extensions of the Wi2013 terms (R21-VERL-03), each (date, months, None or (peildatum,
# at most so many months left on it)). Sourced for 2020 (duo.nl/zakelijk/maatregelen-corona/inburgeren.jsp; the
# first by the Beleidsregel of 6 May 2020, Stcrt. 2020, 25861, art. 7a, retroactive to 13 March 2020): 2 months
# in March, May and July 2020, 4 months in September 2020, and 4 more, decided in December 2020, for those with
# at most 6 months left on 13 January 2021; the days within those months are [est].
# The two of 2021 are UNCONFIRMED: December 2020's rule assumed repeated each half year, because S4 has no term
# overruns for about two years and the overruns piling up in August-October 2022, where with the 2020 extensions
# alone they would resume in May 2021 (without them, every running term extended: ELIP+ of 1 May 2022 3,720,
# published 4,641).
# Which terms: those that began by the start of the measures, reading "nogmaals" (once more) in DUO's text for
# September 2020 [UNCONFIRMED: the page does not say whether a term that began under the measures was extended
# too]. Every running term instead: ELIP+ 4,520 / 5,450 on 1 May 2022 / 1 July 2023 against 4,665 / 5,190
# (published 4,641 / 4,760; docs/synth.md).
COVID_VERLENGING_TERMIJN_BEGONNEN_UITERLIJK = dt.date(2020, 3, 13)
COVID_VERLENGINGEN = (
    (dt.date(2020, 3, 13), 2, None),
    (dt.date(2020, 5, 15), 2, None),
    (dt.date(2020, 7, 15), 2, None),
    (dt.date(2020, 9, 15), 4, None),
    (dt.date(2020, 12, 15), 4, (dt.date(2021, 1, 13), 6)),
    (dt.date(2021, 6, 15), 4, (dt.date(2021, 7, 13), 6)),
    (dt.date(2021, 12, 15), 4, (dt.date(2022, 1, 13), 6)),
)

# The ELIP parameters below were fitted together (session 8) by a search over the eleven of them against the 30
# cells of the ELIP table by cohort and the two ELIP+ totals (C20), each setting judged on four national samples
# and then checked on four other seeds; docs/synth.md, "Calibration as measured".
LENING_UITGEPUT = 0.28  # share of the asylum migrants taking lessons who use up the loan [est, C20]
# Days of lessons (at the usual pace) until the loan is used up: uniform in this range, and for ELIP_SNEL of them
# from 300 days to the range's start (the first ELIP cases of cohorts 2020-2022 in 2022) [est, C20 by cohort].
UITPUT_LESDAGEN = (798, 1265)
ELIP_SNEL = 0.023
# Final loan use of the other asylum migrants: 300 + 9,100 x u^LENING_SCHEEF euros [est, calibrated to C20's ELIP+].
LENING_SCHEEF = 0.23
# Wait from using up the loan to the first exam: exponential, for most with a mean of ELIP_DUUR_DAGEN[0] days,
# for ELIP_LANG of them ELIP_DUUR_DAGEN[1] (the old cohorts that stay in ELIP for years) [est, C20 by cohort].
ELIP_DUUR_DAGEN = (358, 1035)
ELIP_LANG = 0.17
# Per cohort (the year the obligation arose): a factor on LENING_UITGEPUT, lesson days added to UITPUT_LESDAGEN,
# and a factor on the wait for the exam (ELIP_DUUR_DAGEN) [est, each fitted to that cohort's cells of C20 alone by
# `bench/elip_zoeken.py --per-cohort` on seeds 2026-2033, session 13; no source gives them]. Why: one loan-use and
# exam-wait process for all cohorts cannot give C20's shapes (cohort 2018 falling from 722 to 308 in fourteen months
# while cohort 2019 rises from 270 to 627), so something differs by cohort that the sources do not show (lesson
# start, school, the first cohorts with the PVT from October 2017). These numbers carry that difference without
# explaining it.
ELIP_COHORT: dict[int, tuple[float, int, float]] = {
    2013: (0.9, 230, 0.8),
    2014: (0.85, 35, 1.02),
    2015: (1.06, 40, 0.96),
    2016: (1.07, 20, 0.98),
    2017: (0.89, 70, 0.93),
    2018: (1.35, -90, 0.54),
    2019: (0.92, 0, 1.53),
    2020: (1.3, 0, 1.41),
    2021: (0.96, 0, 0.58),
}
# The pace of lessons, and so of loan use, from each date on, relative to the usual pace [est, calibrated to C20
# by cohort: the cohorts 2019-2021 reach EUR 9,500 mostly in 2022-2023]. Assumption: the COVID-19 measures
# (lessons stopped or online from 16 March 2020; schools fully open again from the summer of 2021) slowed lessons,
# and schools and learners made up for it afterwards, until the Wi2013 terms (extended for COVID) ran out.
LESTEMPO = ((dt.date(2020, 3, 16), 0.74), (dt.date(2021, 7, 1), 1.17))
# Share of the Wi2013 exam-path learners not through their exams when DUO announces the fine (30-300 days after
# the extended end of their term) whom DUO fines [est: the others had an extension granted late or were found not
# to blame; calibrated so that the fines of 2019 stay at C21's 3,400 a year; 0.38 until ELIP_COHORT (session 13)
# put more of cohorts 2013-2014's exams after their term, then 0.32, and 0.28 since who passed by the announcement
# is no longer fined]. Until session 11 the model fined 6% of all exam-path learners instead, three quarters of
# whom had passed in time.
BOETE_TE_LAAT = 0.28
# Share of those obliged under Wi2013 from 1 October 2017 (when the PVT became part of it) who complete the PVT
# [est, fitted with the ELIP parameters: without it they stay obliged, and in ELIP, after passing the exams].
PVT_WI2013 = 0.84
# Wi2013: the labour-market orientation (ONA) is part of the exam for those obliged from 2015.
ONA_VANAF = _dag(dt.date(2015, 1, 1))
# Share of those who fail a part and retry it (up to 6 attempts) [est]: Wi2013 calibrated to S1's 3,091 of the
# cohorts 2013-2016 not yet compliant at the end of 2022, Wi2007 to C5's 6,611 still obliged in October 2022.
# Until session 13 0.99 and 0.962: a pass DUO withdrew was not retaken then, and those learners stayed obliged
# for good (about 250 of the 3,091 and 700 of the 6,611).
DOORZETTEN_OUD = 0.988
DOORZETTEN_WI2007 = 0.956
ALSNOG = 0.97  # of those who did nothing in their term, the share who pass the exams later [est, C5: 2.8% of
#               Wi2007 still obliged in October 2022]


def _alsnog(
    v: _Verzameling, persoon: np.ndarray, termijn_einde: np.ndarray, bron: int, ona: np.ndarray | None = None
) -> np.ndarray:
    """Most who let their term pass (and were fined) sit and pass the exams in the years after it; ``ona`` marks
    who must also pass the labour-market orientation. Returns per person the day the last part was passed
    (``NOOIT`` if one never was), so that a fine is not announced after it."""
    rng = v.rng
    wie = np.flatnonzero(rng.random(len(persoon)) < ALSNOG)
    eerste = termijn_einde[wie] + _maanden(rng, 6, 36, len(wie))
    onderdelen = ("lezen", "luisteren", "schrijven", "spreken", "knm")
    klaar = np.full(len(persoon), NOOIT, dtype=np.int64)
    uitslagen = _examens(v, persoon[wie], eerste, onderdelen, "A2", 0.8, 0.8, 6, bron, DOORZETTEN_OUD)
    klaar[wie] = uitslagen.laatst_gehaald
    if ona is not None:
        met = wie[ona[wie]]
        eerste_ona = termijn_einde[met] + _maanden(rng, 6, 36, len(met))
        uitslagen = _examens(v, persoon[met], eerste_ona, ("ona",), "A2", 0.8, 0.8, 6, bron, DOORZETTEN_OUD)
        klaar[met] = np.maximum(klaar[met], uitslagen.laatst_gehaald)
    return klaar


def _wi2007(v: _Verzameling, p: dict) -> None:
    """The older Wi2007 cohort: fewer events; most sat the exam, many were exempted or dispensed (by the
    municipality, which ran Wi2007)."""
    rng = v.rng
    wie = np.flatnonzero(p["wet"] == 0)
    m = len(wie)
    start = p["plicht"][wie]
    gm = (GM0 + p["gemeente"][wie]).astype(np.int16)
    termijn_einde = start + np.round(np.where(p["examen_buitenland"][wie], 42, 60) * MAAND).astype(np.int64)
    pad = rng.random(m)
    examen, vrij = pad < 0.60, (pad >= 0.60) & (pad < 0.75)
    ontheven, niets = (pad >= 0.75) & (pad < 0.87), pad >= 0.87

    _uren(
        v,
        wie,
        start + 30,
        np.where(examen | niets, rng.integers(2, 8, m), 0),
        "nt2",
        (60, 200),
        gm,
        0.7,
        120,
    )
    doet = np.flatnonzero(examen)
    eerste = start[doet] + _maanden(rng, 12, 48, len(doet))
    onderdelen = ("lezen", "luisteren", "schrijven", "spreken", "knm")
    _examens(v, wie[doet], eerste, onderdelen, "A2", 0.85, 0.8, 6, DUO, DOORZETTEN_WI2007)
    v.voeg_toe(
        "vrijstelling_verleend",
        wie[vrij],
        (start + _tussen(rng, 30, 700, m))[vrij],
        DUO,
        {"grond": _kies(rng, {"diploma": 4, "onderwijs_nl": 3, "overig": 1}, VRIJSTELLING_GRONDEN, m)[vrij]},
    )
    grond = np.where(
        rng.random(m) < 0.4, code(ONTHEFFING_GRONDEN, "medisch"), code(ONTHEFFING_GRONDEN, "agi")
    )
    v.voeg_toe(
        "ontheffing_verleend",
        wie[ontheven],
        (start + _maanden(rng, 12, 60, m))[ontheven],
        gm[ontheven],
        {"grond": grond[ontheven]},
    )
    _alsnog(v, wie[niets], termijn_einde[niets], DUO)
    beboet = niets & (rng.random(m) < 0.3)
    v.voeg_toe(
        "boete_opgelegd",
        wie[beboet],
        (termijn_einde + _tussen(rng, 30, 300, m))[beboet],
        gm[beboet],
        {"onderdeel": code(BOETE_ONDERDELEN, "examen"), "bedrag_cent": 25000},
    )


def _uitstroom(v: _Verzameling, p: dict) -> None:
    """Departure and death (BRP), and the obligation lapsing (DUO): on departure, for Turkish family migrants
    with an mvv after the Council of State's ruling of 4 September 2024, and a few for other reasons."""
    rng, n = v.rng, int(p["n"])
    vertrek, overlijden = p["vertrek"], p["overlijden"]
    weg = np.flatnonzero((vertrek < NOOIT) & (vertrek <= overlijden))
    v.voeg_toe("vertrokken", weg, vertrek[weg], BRP)
    dood = np.flatnonzero((overlijden < NOOIT) & (overlijden < vertrek))
    v.voeg_toe("overleden", dood, overlijden[dood], BRP)

    plichtig = p["wet"] >= 0
    bij_vertrek = np.flatnonzero(
        plichtig & (vertrek < NOOIT) & (vertrek <= overlijden) & (rng.random(n) < 0.25)
    )
    v.voeg_toe(
        "plicht_vervallen",
        bij_vertrek,
        vertrek[bij_vertrek],
        DUO,
        {"reden": code(REDENEN, "verblijf_beeindigd")},
    )
    uitspraak = _dag(dt.date(2024, 9, 4))
    turks = np.flatnonzero(
        plichtig & p["turks"] & p["gezin"] & p["mvv"] & (p["wet"] == 2) & (p["plicht"] < uitspraak)
    )
    datum = uitspraak + _tussen(rng, 0, 90, len(turks))
    v.voeg_toe("plicht_vervallen", turks, datum, DUO, {"reden": code(REDENEN, "uitspraak_rechter")})
    overig = np.flatnonzero(plichtig & (rng.random(n) < 0.002))
    reden = np.where(
        rng.random(len(overig)) < 0.5, code(REDENEN, "overig"), code(REDENEN, "onjuiste_kennisgeving")
    )
    datum = p["plicht"][overig] + _tussen(rng, 60, 1500, len(overig))
    v.voeg_toe("plicht_vervallen", overig, datum, DUO, {"reden": reden})


# --- Entry points -----------------------------------------------------------------------------------------------


def person_names(n_personen: int) -> np.ndarray:
    """``S0000001``, ``S0000002``, ...: zero-padded so that lexical order is numeric order."""
    breedte = max(7, len(str(n_personen)))
    nummers = np.char.zfill(np.arange(1, n_personen + 1).astype(str), breedte)
    return np.char.add("S", nummers)


FASEN = (
    "personen",
    "vergunningen",
    "opvang en wonen",
    "kennisgevingen",
    "Wi2021",
    "Wi2013",
    "Wi2007",
    "uitstroom",
    "tabellen",
)


def generate_frames(
    n_personen: int,
    *,
    seed: int = 2026,
    tot: dt.date = dt.date(2026, 11, 1),
    voortgang: Callable[[str], None] | None = None,
) -> tuple[np.ndarray, dict[str, pl.DataFrame]]:
    """The population as ``(personen, frames)``: sorted person names and one table per event type that has rows,
    in the columnar form of docs/events.md. Deterministic for a given ``seed``, ``n_personen`` and ``tot``.
    ``voortgang`` is called with the name of each phase in ``FASEN`` when it is done (for a progress bar)."""
    klaar = voortgang or (lambda fase: None)

    def stroom(fase: str) -> np.random.Generator:
        """Each phase draws from a random stream of its own (seeded by the seed and the phase), so that a change
        to one phase's draws leaves the others' as they were: calibrating Wi2021 does not reshuffle Wi2013."""
        return np.random.default_rng([seed, FASEN.index(fase)])

    def stromen(fase: str) -> tuple[np.random.Generator, np.random.Generator]:
        """The phase's stream and its stream of delivery moments (see ``_Verzameling``)."""
        return stroom(fase), np.random.default_rng([seed, FASEN.index(fase), 1])

    p = _personen(stroom("personen"), n_personen, tot)
    klaar("personen")
    v = _Verzameling(stromen("vergunningen"), tot, p["einde"])
    _vergunningen(v, p)
    klaar("vergunningen")
    v.rng, v.levering = stromen("opvang en wonen")
    inschrijving, koppeling = _wonen(v, p)
    klaar("opvang en wonen")
    v.rng, v.levering = stromen("kennisgevingen")
    kennisgeving = _kennisgevingen(v, p)
    klaar("kennisgevingen")
    v.rng, v.levering = stromen("Wi2021")
    _wi2021(v, p, inschrijving, koppeling, kennisgeving)
    klaar("Wi2021")
    v.rng, v.levering = stromen("Wi2013")
    _wi2013(v, p)
    klaar("Wi2013")
    v.rng, v.levering = stromen("Wi2007")
    _wi2007(v, p)
    klaar("Wi2007")
    v.rng, v.levering = stromen("uitstroom")
    _uitstroom(v, p)
    klaar("uitstroom")
    personen = person_names(n_personen)
    frames = v.tabellen(personen)
    klaar("tabellen")
    return personen, frames


def generate(
    n_personen: int,
    *,
    seed: int = 2026,
    tot: dt.date = dt.date(2026, 11, 1),
    voortgang: Callable[[str], None] | None = None,
) -> EventTables:
    """The population as ``EventTables`` (see ``generate_frames``)."""
    personen, frames = generate_frames(n_personen, seed=seed, tot=tot, voortgang=voortgang)
    return EventTables.from_frames(personen, frames)
