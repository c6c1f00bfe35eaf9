"""From the events known at a moment to the inputs of the law, for a whole population at once.

Two steps, both vectorised with NumPy over each event type's table (rows sorted by person, then ``geldig_op``):

1. *Which events count* (bitemporal selection). As known on ``beschikbaar_op`` T, an event counts if it was
   available by T, is not replaced or withdrawn by a correction available by T, is not itself a withdrawal, and
   happened (``geldig_op``) on or before the peildatum. Without T every delivered event is known.
2. *What they say per person*. Each input of the law is taken from one event type by one rule (first date, last
   value, sum, count, optionally among the rows whose fields have given values); ``SOURCES`` lists them all, so
   the mapping from the vocabulary to the law is written down once and can be shown in an explanation.

The measured choice of NumPy over Polars and DuckDB for this step is in ``docs/performance.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from inburgering.events.vocabulary import ENVELOPE_SCHEMA
from inburgering.law.inputs import ONDERDELEN, URENSOORTEN, empty_inputs
from inburgering.law.tekst import Tekst, code_type, concatenate
from inburgering.law.variables import Reeks

NIVEAUS_VANAF = {"a2": ("A2", "B1", "B2"), "b1": ("B1", "B2")}


@dataclass(frozen=True)
class Source:
    """How one law input is read from one event type."""

    invoer: str
    soort: str
    hoe: str  # first_date | last_date | first | last | sum | count
    veld: str | None = None
    waar: dict[str, tuple] = field(default_factory=dict)

    def describe(self) -> str:
        """In Dutch, for explanations: where the value comes from."""
        hoe = {
            "first_date": "eerste geldig_op",
            "last_date": "laatste geldig_op",
            "first": f"{self.veld} van de eerste",
            "last": f"{self.veld} van de laatste",
            "sum": f"som van {self.veld}",
            "count": "aantal",
        }[self.hoe]
        waar = "".join(f", {k} in {'/'.join(map(str, v))}" for k, v in self.waar.items())
        return f"{hoe} van {self.soort}{waar}"


def _sources() -> tuple[Source, ...]:
    s = Source
    vergunning = "verblijfsvergunning_verleend"
    result = [
        s("verblijfsgrond", vergunning, "last", "verblijfsgrond"),
        s("verblijfsdoel", vergunning, "last", "verblijfsdoel"),
        s("nationaliteit", vergunning, "last", "nationaliteit"),
        s("geboortedatum", vergunning, "last", "geboortedatum"),
        s("mvv", vergunning, "last", "mvv"),
        s("referent_asielstatushouder", vergunning, "last", "referent_asielstatushouder"),
        s("eu_langdurig_ingezetene", vergunning, "last", "eu_langdurig_ingezetene"),
        s("examen_buitenland_behaald", vergunning, "last", "examen_buitenland_behaald"),
        s("inschrijving_gemeente", "ingeschreven_in_gemeente", "last", "gemeente"),
        s("opvang_start", "opvang_gestart", "last_date"),
        s("opvang_einde", "opvang_beeindigd", "last_date"),
        s("gekoppelde_gemeente", "gekoppeld_aan_gemeente", "last", "gemeente"),
        s("koppeling_datum", "gekoppeld_aan_gemeente", "last_date"),
        s("kennisgeving_datum", "kennisgeving_verzonden", "first_date"),
        s("kennisgeving_wet", "kennisgeving_verzonden", "last", "wet"),
        s("brede_intake_start", "brede_intake_gestart", "first_date"),
        s("brede_intake_einde", "brede_intake_afgerond", "first_date"),
        s("toets_datum", "leerbaarheidstoets_afgenomen", "last_date"),
        s("toets_score", "leerbaarheidstoets_afgenomen", "last", "score"),
        s("informatie_derden_datum", "informatie_derden_ontvangen", "last_date"),
        s("pip_datum", "pip_vastgesteld", "first_date"),
        s("pip_wijziging_datum", "pip_gewijzigd", "last_date"),
        s("taalschool", "aangemeld_bij_taalschool", "last", "taalschool"),
        s("uren_laatste_datum", "uren_geregistreerd", "last_date"),
        s("pvt_datum", "pvt_afgerond", "first_date"),
        s("map_datum", "map_afgerond", "first_date"),
        s("onderwijsroute_datum", "onderwijsroute_afgerond", "first_date"),
        s("vrijstelling_datum", "vrijstelling_verleend", "first_date"),
        s("vrijstelling_grond", "vrijstelling_verleend", "first", "grond"),
        s("ontheffing_aanvraag_datum", "ontheffing_aangevraagd", "last_date"),
        s("ontheffing_aanvraag_grond", "ontheffing_aangevraagd", "last", "grond"),
        s("medisch_advies_datum", "medisch_advies_uitgebracht", "last_date"),
        s("ontheffing_datum", "ontheffing_verleend", "first_date"),
        s("ontheffing_grond", "ontheffing_verleend", "first", "grond"),
        s("lening_besteed", "lening_besteed", "last", "totaal_cent"),
        s("bijstand_datum", "bijstand_gestart", "first_date"),
        s("medewerking_geweigerd_datum", "medewerking_geweigerd", "last_date"),
        s("vooraankondiging_datum", "boete_vooraankondiging", "last_date"),
        s("zienswijze_datum", "zienswijze_ontvangen", "last_date"),
        s("boete_datum", "boete_opgelegd", "last_date"),
        s("boete_aantal", "boete_opgelegd", "count"),
        s("boete_totaal", "boete_opgelegd", "sum", "bedrag_cent"),
        s("urenverklaring_datum", "urenverklaring_ingediend", "last_date"),
        s("urenverklaring_contract_bekend", "urenverklaring_ingediend", "last", "contract_bekend"),
        s("urenverklaring_oordeel", "urenverklaring_beoordeeld", "last", "oordeel"),
        s("urenverklaring_beoordeeld_datum", "urenverklaring_beoordeeld", "last_date"),
        s("vreemdelingennummer", vergunning, "last", "vreemdelingennummer"),
        s("navraag_datum", "urenverklaring_navraag", "last_date"),
        s("navraag_school", "urenverklaring_navraag", "last", "taalschool"),
        s("navraag_antwoord_datum", "urenverklaring_navraag_beantwoord", "last_date"),
        s("navraag_contract_bekend", "urenverklaring_navraag_beantwoord", "last", "contract_bekend"),
        s("vertrek_datum", "vertrokken", "first_date"),
        s("overlijdensdatum", "overleden", "first_date"),
        s("plicht_vervallen_datum", "plicht_vervallen", "first_date"),
        s("plicht_vervallen_reden", "plicht_vervallen", "first", "reden"),
    ]
    for urensoort in URENSOORTEN:
        result.append(
            s(f"uren_{urensoort}", "uren_geregistreerd", "sum", "uren", {"urensoort": (urensoort,)})
        )
        result.append(
            s(
                f"uren_{urensoort}_keurmerk",
                "uren_geregistreerd",
                "sum",
                "uren",
                {"urensoort": (urensoort,), "keurmerk": (True,)},
            )
        )
    for onderdeel in ONDERDELEN:
        result.append(
            s(f"examen_{onderdeel}_pogingen", "examen_uitslag", "count", None, {"onderdeel": (onderdeel,)})
        )
        for niveau, vanaf in NIVEAUS_VANAF.items():
            result.append(
                s(
                    f"examen_{onderdeel}_{niveau}",
                    "examen_uitslag",
                    "first_date",
                    None,
                    {"onderdeel": (onderdeel,), "geslaagd": (True,), "niveau": vanaf},
                )
            )
    return tuple(result)


SOURCES = _sources()
# Inputs whose rule needs more than one table or row; see the functions below.
SPECIAL = {
    "vergunning_datum": "eerste geldig_op van verblijfsvergunning_verleend met het laatste verblijfsdoel",
    "inschrijving_datum": "eerste geldig_op van ingeschreven_in_gemeente op of na de laatste opvang_beeindigd",
    "pip_leerroute": "leerroute van de laatste van pip_vastgesteld en pip_gewijzigd",
    "pip_afschalen_a2": "afschalen_a2 van de laatste van pip_vastgesteld en pip_gewijzigd",
    "verlengingen": "alle verlenging_verleend, op volgorde van geldig_op",
    "uren_zonder_aanmelding_datum": "eerste geldig_op van uren_geregistreerd en urenverklaring_ingediend met bron "
    "TAALSCHOOL:<id> zonder aangemeld_bij_taalschool bij die school",
    "uren_zonder_aanmelding_school": "de <id> van die eerste uren zonder aanmelding",
    "urenverklaring_school": "de <id> in de bron TAALSCHOOL:<id> van de laatste urenverklaring_ingediend",
}


class PreparedTable:
    """One event type's columns as NumPy arrays, converted once and kept for every evaluation."""

    def __init__(self, frame: pl.DataFrame):
        self.frame = frame
        self.persoon = frame["persoon"].to_numpy().astype(np.int64)
        self.geldig = frame["geldig_op"].to_numpy().astype("datetime64[D]")
        self.beschikbaar = (
            frame["beschikbaar_op"].dt.replace_time_zone(None).to_numpy().astype("datetime64[us]")
        )
        self.intrekking = frame["intrekking"].fill_null(False).to_numpy()
        self.corrigeert = _correction_rows(frame)
        # corrections are rare (a few tables, a few per thousand rows): counting only visits them
        self._corrections = np.flatnonzero(self.corrigeert >= 0)
        self._replaces = self.corrigeert[self._corrections]
        self._withdrawals = bool(self.intrekking.any())
        self._allowed: dict[tuple, np.ndarray] = {}
        self._runs: tuple[np.ndarray, np.ndarray] | None = None
        self._columns: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        for name in frame.columns[len(ENVELOPE_SCHEMA) :]:
            self.column(name)  # convert once, up front: evaluations then only select and aggregate

    def column(self, name: str) -> np.ndarray:
        """A field as NumPy: strings as codes into ``categories(name)``, dates as datetime64[D], booleans,
        numbers (null as 0 or False). Strings stay codes so that selecting on them compares integers, and the
        law's text inputs are these same codes (a ``Tekst``), never decoded strings."""
        if name not in self._columns:
            self._columns[name] = _to_numpy(self.frame[name])
        return self._columns[name][0]

    def categories(self, name: str) -> tuple[str, ...] | None:
        """The values of a string field: ``''`` (null) first, then the others sorted; None for other fields."""
        self.column(name)
        return self._columns[name][1]

    def text(self, name: str, rows: np.ndarray) -> Tekst:
        """A string field's values at ``rows`` as a ``Tekst`` in the field's categories."""
        return Tekst(self.column(name)[rows], self.categories(name))

    def allowed(self, name: str, allowed: tuple) -> np.ndarray:
        """Per code of a string field (per False, True of a yes/no field): whether it is one of ``allowed``.
        Kept, as every block and every explanation asks the same."""
        key = (name, allowed)
        if key not in self._allowed:
            categories = self.categories(name)
            values = np.asarray(categories if categories is not None else (False, True))
            self._allowed[key] = np.isin(values, allowed)
        return self._allowed[key]

    def matches(self, name: str, allowed: tuple) -> np.ndarray:
        """Per row: whether the field's value is one of ``allowed``."""
        column, categories = self.column(name), self.categories(name)
        if categories is not None:
            wanted = self.allowed(name, allowed)
            codes = np.flatnonzero(wanted)
            if len(codes) == 1:
                return column == codes[0]  # comparing integers is cheaper than a lookup per row
            return wanted[column]
        if column.dtype == bool and len(allowed) == 1:
            return column if allowed[0] else ~column
        return np.isin(column, allowed)

    def values(self, name: str, rows: np.ndarray) -> np.ndarray:
        """The field's values at ``rows`` (strings decoded)."""
        categories = self.categories(name)
        picked = self.column(name)[rows]
        return picked if categories is None else np.asarray(categories, dtype=str)[picked]

    def runs(self) -> tuple[np.ndarray, np.ndarray]:
        """First and last row of each person's run of rows (computed once)."""
        if self._runs is None:
            self._runs = _group_ends(self.persoon)
        return self._runs

    def slice(self, lo: int, hi: int, first_person: int) -> PreparedTable:
        """The rows ``lo:hi`` (a run of whole persons), renumbered so that ``first_person`` is person 0; the
        converted columns are shared, not copied."""
        return _Slice(self, lo, hi, first_person)

    def counting(self, peildatum, beschikbaar_op=None) -> np.ndarray:
        """Which rows count on the peildatum as known on ``beschikbaar_op`` (see the module docstring).

        Dates are compared as int64 (cheaper than datetime64, and neither column has NaT); only the rows that
        correct another are visited to strike out what they replace."""
        counts = self.geldig.view(np.int64) <= np.datetime64(peildatum, "D").astype(np.int64)
        if self._withdrawals:
            counts &= ~self.intrekking
        replaces = self._replaces
        if beschikbaar_op is not None:
            known = self.beschikbaar.view(np.int64) <= np.datetime64(beschikbaar_op, "us").astype(np.int64)
            counts &= known
            replaces = replaces[known[self._corrections]]  # a correction replaces from when it is known
        counts[replaces] = False
        return counts


class _Slice(PreparedTable):
    """A run of whole persons' rows of a prepared table; columns are views on the parent's converted columns.
    A correction always names an event of the same person, so it stays within the slice."""

    def __init__(self, parent: PreparedTable, lo: int, hi: int, first_person: int):
        self._parent, self._lo, self._hi = parent, lo, hi
        self.frame = parent.frame.slice(lo, hi - lo)
        self.persoon = parent.persoon[lo:hi] - first_person
        self.geldig = parent.geldig[lo:hi]
        self.beschikbaar = parent.beschikbaar[lo:hi]
        self.intrekking = parent.intrekking[lo:hi]
        first, last = np.searchsorted(parent._corrections, (lo, hi))
        self._corrections = parent._corrections[first:last] - lo
        self._replaces = parent._replaces[first:last] - lo
        self._withdrawals = parent._withdrawals

    @property
    def corrigeert(self) -> np.ndarray:
        """For each row the row (in this slice) of the event it corrects, or -1 (for a person's event list)."""
        corrigeert = self._parent.corrigeert[self._lo : self._hi]
        return np.where(corrigeert >= 0, corrigeert - self._lo, -1)

    def column(self, name: str) -> np.ndarray:
        return self._parent.column(name)[self._lo : self._hi]

    def categories(self, name: str) -> tuple[str, ...] | None:
        return self._parent.categories(name)

    def allowed(self, name: str, allowed: tuple) -> np.ndarray:
        return self._parent.allowed(name, allowed)

    def runs(self) -> tuple[np.ndarray, np.ndarray]:
        """The parent's runs that lie in this slice (a slice holds whole persons), renumbered."""
        starts, ends = self._parent.runs()
        first, last = np.searchsorted(starts, (self._lo, self._hi))
        return starts[first:last] - self._lo, ends[first:last] - self._lo


def _correction_rows(frame: pl.DataFrame) -> np.ndarray:
    """For each row the row number of the event it corrects, or -1."""
    rows = np.full(frame.height, -1, dtype=np.int64)
    if frame["corrigeert"].null_count() == frame.height:
        return rows
    ids = frame.select(pl.col("id"), pl.int_range(pl.len(), dtype=pl.Int64).alias("_rij"))
    linked = (
        frame.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("_van"), pl.col("corrigeert"))
        .filter(pl.col("corrigeert").is_not_null())
        .join(ids, left_on="corrigeert", right_on="id", how="inner")
    )
    rows[linked["_van"].to_numpy()] = linked["_rij"].to_numpy()
    return rows


def _to_numpy(series: pl.Series) -> tuple[np.ndarray, tuple[str, ...] | None]:
    """A column as NumPy values and, for strings, the categories the values are codes into: ``''`` (null, and
    the law's "no value") always first, so that code 0 means none, as in an empty ``Tekst``."""
    if series.dtype == pl.String:
        filled = series.fill_null("")
        categories = pl.concat([pl.Series([""]), filled.unique()]).unique().sort()  # '' sorts first
        codes = categories.search_sorted(filled).to_numpy()
        return codes.astype(code_type(len(categories))), tuple(categories.to_list())
    if series.dtype == pl.Date:
        return series.to_numpy().astype("datetime64[D]"), None
    if series.dtype == pl.Boolean:
        return series.fill_null(False).to_numpy(), None
    return series.fill_null(0).to_numpy(), None


SCHOOL_PREFIX = "TAALSCHOOL:"


def _school_codes(table: PreparedTable, rows: np.ndarray, scholen: list[str]) -> np.ndarray:
    """Per row the school of its ``bron`` as an index into ``scholen`` (extended as met), -1 for another bron."""
    index = []
    for bron in table.categories("bron"):
        if bron.startswith(SCHOOL_PREFIX):
            school = bron.removeprefix(SCHOOL_PREFIX)
            if school not in scholen:
                scholen.append(school)
            index.append(scholen.index(school))
        else:
            index.append(-1)
    return np.asarray(index, dtype=np.int64)[table.column("bron")[rows]]


def _uren_zonder_aanmelding(tables: dict[str, PreparedTable], counted, inputs: dict, n: int) -> None:
    """Hours a school reported (registered hours or an hour statement) for a person no municipality enrolled with
    that school: the first such date and school per person, and the school of the last hour statement.

    Enrolment (``aangemeld_bij_taalschool``) is the contract between municipality and school under Wi2021, so
    hours from a school without it have no known contract (the reconciliation check ``uren_zonder_contract``).
    Pairs of person and school are compared as one int64 key, set-wise, for all persons at once."""
    scholen: list[str] = []
    aangemeld = np.zeros(0, dtype=np.int64)
    if "aangemeld_bij_taalschool" in tables:
        table, selected = tables["aangemeld_bij_taalschool"], counted("aangemeld_bij_taalschool")
        categories = table.categories("taalschool")
        for school in categories[1:]:
            scholen.append(school)
        codes = table.column("taalschool")[selected.rows].astype(np.int64) - 1  # '' (code 0) never occurs
        aangemeld = selected.persoon.astype(np.int64) * (1 << 20) + codes
    persoon, geldig, school = [], [], []
    for soort in ("uren_geregistreerd", "urenverklaring_ingediend"):
        if soort not in tables:
            continue
        table, selected = tables[soort], counted(soort)
        codes = _school_codes(table, selected.rows, scholen)
        if soort == "urenverklaring_ingediend":  # rows run per person by geldig_op: the run's end is the last
            ends = selected.ends
            inputs["urenverklaring_school"] = _scatter_text(
                n, selected.persoon[ends], _school_text(codes[ends], scholen)
            )
        van_school = codes >= 0
        persoon.append(selected.persoon[van_school])
        geldig.append(table.geldig[selected.rows][van_school])
        school.append(codes[van_school])
    if not persoon:
        return
    persoon, geldig, school = np.concatenate(persoon), np.concatenate(geldig), np.concatenate(school)
    zonder = ~np.isin(persoon.astype(np.int64) * (1 << 20) + school, aangemeld)
    persoon, geldig, school = persoon[zonder], geldig[zonder], school[zonder]
    order = np.lexsort((geldig.view(np.int64), persoon))
    starts, _ = _group_ends(persoon[order])
    first = order[starts]
    inputs["uren_zonder_aanmelding_datum"][persoon[first]] = geldig[first]
    inputs["uren_zonder_aanmelding_school"] = _scatter_text(
        n, persoon[first], _school_text(school[first], scholen)
    )


def _school_text(codes: np.ndarray, scholen: list[str]) -> Tekst:
    """School indexes as a ``Tekst`` ('' first, so code 0 stays "none")."""
    return Tekst((codes + 1).astype(code_type(len(scholen) + 1)), ("", *scholen))


def _group_ends(persoon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last row of each person's run in a person-sorted array."""
    if len(persoon) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    change = np.flatnonzero(persoon[1:] != persoon[:-1]) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change - 1, [len(persoon) - 1]))
    return starts, ends


# Per event type, the fields that its counted and summed inputs select on (e.g. urensoort and keurmerk for the
# twelve hour totals): those inputs are aggregated together, per person and combination of these fields' values.
CELL_FIELDS = {
    soort: tuple(
        sorted({veld for s in SOURCES if s.soort == soort and s.hoe in ("sum", "count") for veld in s.waar})
    )
    for soort in {s.soort for s in SOURCES}
}
MAX_CELLS = 64  # more combinations than this: select per input instead (the per-person table would be large)


def build_inputs(tables: dict[str, PreparedTable], n: int, peildatum, beschikbaar_op=None) -> dict:
    """All law inputs for ``n`` persons from prepared tables, as on the peildatum and known on beschikbaar_op."""
    inputs = empty_inputs(n)
    rows = {soort: t.counting(peildatum, beschikbaar_op) for soort, t in tables.items()}
    matches: dict[tuple, np.ndarray] = {}  # sources share conditions and selections: compute each once
    selections: dict[tuple, _Selection] = {}
    cells: dict[str, _Cells | None] = {}
    for source in SOURCES:
        table = tables.get(source.soort)
        if table is None:
            continue
        if source.waar and source.hoe in ("sum", "count"):
            if source.soort not in cells:
                cells[source.soort] = _Cells.of(table, rows[source.soort], CELL_FIELDS[source.soort], n)
            if cells[source.soort] is not None:
                inputs[source.invoer] = cells[source.soort].aggregate(source, table, inputs[source.invoer])
                continue
        key = (source.soort, *source.waar.items())
        if key not in selections:
            mask = rows[source.soort]
            for veld, allowed in source.waar.items():
                if (source.soort, veld, allowed) not in matches:
                    matches[source.soort, veld, allowed] = table.matches(veld, allowed)
                mask = mask & matches[source.soort, veld, allowed]
            selections[key] = _Selection(table, mask)
        inputs[source.invoer] = _aggregate(source, table, selections[key], inputs[source.invoer])

    def counted(soort: str) -> _Selection:
        """The counting rows of a table (shared with the sources above)."""
        if (soort,) not in selections:
            selections[soort,] = _Selection(tables[soort], rows[soort])
        return selections[soort,]

    _special(tables, counted, inputs, n)
    return inputs


class _Selection:
    """The counting rows of one table that meet a source's conditions, grouped per person."""

    def __init__(self, table: PreparedTable, mask: np.ndarray):
        if mask.all():  # often every row counts: then the table's own persons and runs serve
            self.rows = np.arange(len(mask))
            self.persoon = table.persoon
            self.starts, self.ends = table.runs()
        else:
            self.rows = np.flatnonzero(mask)
            self.persoon = table.persoon[self.rows]
            self.starts, self.ends = _group_ends(self.persoon)
        self._picked: dict[bool, tuple[np.ndarray, np.ndarray]] = {}

    def picked(self, first: bool) -> tuple[np.ndarray, np.ndarray]:
        """Each person's first (or last) row and the person: computed once for the sources that share it (the
        permit's eight fields)."""
        if first not in self._picked:
            pick = self.starts if first else self.ends
            self._picked[first] = self.rows[pick], self.persoon[pick]
        return self._picked[first]


class _Cells:
    """The rows of one table, each with its cell: the combination of the values of the fields that the
    table's counted and summed inputs select on. Per person and cell one count (or sum) is taken in a single pass
    over the rows; each input then adds up the cells its conditions allow, instead of selecting its own rows
    (twelve hour totals: one pass instead of twelve selections). Sums of several cells are added cell by cell,
    which for fractional hours may differ from adding row by row in the last bit."""

    def __init__(
        self, table: PreparedTable, counts: np.ndarray, fields: tuple[str, ...], n: int, codes, sizes
    ):
        self.counts, self.fields, self.sizes, self.n = counts, fields, sizes, n
        cell = np.zeros(len(counts), dtype=np.int64)
        for code, size in zip(codes, sizes, strict=True):
            cell = cell * size + code
        # cell-major, so that each cell's persons are one row of the totals; a row that does not count weighs 0
        # (cheaper than selecting the rows that do, which are nearly all)
        self.key = cell * n + table.persoon
        self._totals: dict[str | None, np.ndarray] = {}

    @classmethod
    def of(cls, table: PreparedTable, counts: np.ndarray, fields: tuple[str, ...], n: int) -> _Cells | None:
        """The cells of ``table`` over ``fields``, or None where that does not pay (too many combinations, or a
        field that is neither text nor yes/no)."""
        codes, sizes = [], []
        for veld in fields:
            column, categories = table.column(veld), table.categories(veld)
            if categories is None and column.dtype != bool:
                return None
            codes.append(column)
            sizes.append(2 if categories is None else len(categories))
        if int(np.prod(sizes)) > MAX_CELLS:
            return None
        return cls(table, counts, fields, n, codes, sizes)

    def aggregate(self, source: Source, table: PreparedTable, out: np.ndarray) -> np.ndarray:
        """The count or sum of ``source`` per person, as ``out``'s type."""
        totals = self._total(table, source.veld if source.hoe == "sum" else None)
        wanted = np.flatnonzero(self._wanted(table, source.waar))
        result = totals[wanted[0]].copy() if len(wanted) else np.zeros(self.n)
        for cell in wanted[1:]:
            result += totals[cell]
        return result.astype(out.dtype, copy=False)

    def _total(self, table: PreparedTable, veld: str | None) -> np.ndarray:
        """Per cell and person: the number of rows (``veld`` None) or the sum of ``veld``."""
        if veld not in self._totals:
            weights = self.counts if veld is None else table.column(veld) * self.counts
            cells = int(np.prod(self.sizes))
            total = np.bincount(self.key, weights=weights, minlength=cells * self.n)
            self._totals[veld] = total.reshape(cells, self.n)
        return self._totals[veld]

    def _wanted(self, table: PreparedTable, waar: dict[str, tuple]) -> np.ndarray:
        """Per cell: whether its values meet the conditions ``waar`` (fields without a condition: any value)."""
        wanted = np.ones(1, dtype=bool)
        for veld, size in zip(self.fields, self.sizes, strict=True):
            allowed = table.allowed(veld, waar[veld]) if veld in waar else np.ones(size, dtype=bool)
            wanted = (wanted[:, None] & allowed[None, :]).ravel()  # the same order as the cell numbers
        return wanted


def _aggregate(
    source: Source, table: PreparedTable, selection: _Selection, out: np.ndarray | Tekst
) -> np.ndarray | Tekst:
    """``out`` (the input's empty value per person) with the aggregate filled in; for a text a new ``Tekst`` in
    the field's categories (each text input has one source, so ``out`` is still empty)."""
    persoon, starts = selection.persoon, selection.starts
    if source.hoe == "count":
        out[persoon[starts]] = selection.ends - starts + 1
        return out
    if source.hoe == "sum":
        if len(starts):
            out[persoon[starts]] = np.add.reduceat(table.column(source.veld)[selection.rows], starts)
        return out
    rows, persons = selection.picked(first=source.hoe in ("first_date", "first"))
    if isinstance(out, Tekst):
        return _scatter_text(len(out), persons, table.text(source.veld, rows))
    out[persons] = table.geldig[rows] if source.hoe.endswith("_date") else table.column(source.veld)[rows]
    return out


def _scatter_text(n: int, index: np.ndarray, values: Tekst) -> Tekst:
    """A text for ``n`` persons: ``values`` at ``index``, ``''`` elsewhere (code 0 of the categories)."""
    if values.waarden[:1] != ("",):
        raise ValueError("de categorieën van een tekst beginnen met ''")
    codes = np.zeros(n, dtype=values.codes.dtype)
    codes[index] = values.codes
    return Tekst(codes, values.waarden)


def _special(tables: dict[str, PreparedTable], counted, inputs: dict, n: int) -> None:
    """The inputs of ``SPECIAL``, from the counting rows ``counted(soort)`` of the tables they need."""
    if "verblijfsvergunning_verleend" in tables:
        permit, selected = tables["verblijfsvergunning_verleend"], counted("verblijfsvergunning_verleend")
        # verblijfsdoel was read from this table, so its codes are this column's codes
        same = (
            permit.column("verblijfsdoel")[selected.rows] == inputs["verblijfsdoel"].codes[selected.persoon]
        )
        rows, persons = selected.rows[same], selected.persoon[same]
        starts, _ = _group_ends(persons)
        inputs["vergunning_datum"][persons[starts]] = permit.geldig[rows[starts]]
    if "ingeschreven_in_gemeente" in tables:
        registration, selected = tables["ingeschreven_in_gemeente"], counted("ingeschreven_in_gemeente")
        geldig = registration.geldig[selected.rows]
        # NaT (no reception ended) is the smallest day number, so every registration is on or after it
        after = geldig.view(np.int64) >= inputs["opvang_einde"][selected.persoon].view(np.int64)
        persons = selected.persoon[after]
        starts, _ = _group_ends(persons)
        inputs["inschrijving_datum"][persons[starts]] = geldig[after][starts]
    # the last of each person's plan and changes, by geldig_op and then beschikbaar_op; on a tie the change.
    # Each table's own last row per person competes (a table is ordered so within itself).
    parts = [
        (tables[s], *counted(s).picked(first=False))
        for s in ("pip_vastgesteld", "pip_gewijzigd")
        if s in tables
    ]
    if parts:
        persoon = np.concatenate([p for _, _, p in parts])
        geldig = np.concatenate([t.geldig[r] for t, r, _ in parts])
        beschikbaar = np.concatenate([t.beschikbaar[r] for t, r, _ in parts])
        route = concatenate([t.text("leerroute", r) for t, r, _ in parts])
        afschalen = np.concatenate([t.column("afschalen_a2")[r] for t, r, _ in parts])
        order = np.lexsort((beschikbaar.view(np.int64), geldig.view(np.int64), persoon))
        _, ends = _group_ends(persoon[order])
        last = order[ends]
        inputs["pip_leerroute"] = _scatter_text(n, persoon[last], route[last])
        inputs["pip_afschalen_a2"][persoon[last]] = afschalen[last]
    _uren_zonder_aanmelding(tables, counted, inputs, n)
    if "verlenging_verleend" in tables:
        ext, rows = tables["verlenging_verleend"], counted("verlenging_verleend").rows
        inputs["verlengingen"] = Reeks(
            ext.persoon[rows],
            {
                "duur_maanden": ext.column("duur_maanden")[rows].astype(np.int64),
                "duur_dagen": ext.column("duur_dagen")[rows].astype(np.int64),
                "tot": ext.column("tot")[rows],
                "grond": ext.values("grond", rows),
                "datum": ext.geldig[rows],
            },
        )
