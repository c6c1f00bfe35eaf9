"""The calibration report: the monitor's own tables side by side with every published figure they can reproduce.

Why: a synthetic population (or a real extract) is only trustworthy as far as the monitor, run on it at the
published figures' own reference dates, gives the published numbers. The figures live in ``cijfers.yaml`` (value,
unit, peildatum, source and place, and which cell of which standard table they compare with), so nothing in the
report is typed: "ours" is read from the published (suppressed) tables of a run, derived figures are computed from
the file's own figures, and the known inconsistencies of figures.md are checked on the published values, so the
report shows that the published figures contradict each other instead of hiding it.

Targets (the issue): within 2 percentage points for a share, within 5% for a count. A count read off a fraction
``schaal`` of the country is divided by it; the report also gives the sampling noise (about two standard
deviations), because a small cell of a small sample cannot meet a 5% target by chance alone.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import polars as pl
import yaml

from inburgering import notatie
from inburgering.events.population import Population
from inburgering.monitor.basis import Peiling
from inburgering.monitor.report import DREMPEL, compute

DOEL_AANDEEL = 2.0  # percentage points
DOEL_AANTAL = 0.05  # relative, for counts and for durations
ACHTER_GETAL = {"aandeel": "%", "dagen": " dagen"}  # the unit after a number in the HTML report


@dataclass(frozen=True)
class Cijfer:
    """One published figure and how to read ours."""

    id: str
    omschrijving: str
    eenheid: str  # aantal | aandeel | dagen
    peildatum: dt.date
    bron: str
    vindplaats: str
    waarde: float | None = None  # None for a derived figure: computed from the figures it names
    bekend_op: dt.date | None = None
    tabel: str | None = None
    waar: dict = field(default_factory=dict)
    kolom: str | list[str] | None = None
    teller: dict | None = None
    noemer: dict | None = None
    afgeleid: dict | None = None
    schatting: bool = False
    toelichting: str = ""
    reeks: str | None = None

    @property
    def peiling(self) -> Peiling:
        """The run this figure is read from: its peildatum, as known on that date unless stated."""
        return Peiling(self.peildatum, self.bekend_op or self.peildatum)


@dataclass(frozen=True)
class Cijfers:
    bronnen: dict[str, str]
    cijfers: tuple[Cijfer, ...]
    tegenstrijdigheden: tuple[dict, ...]
    niet_vergeleken: tuple[dict, ...]

    def peilingen(self) -> list[Peiling]:
        """Every run the figures need, in date order."""
        return sorted({c.peiling for c in self.cijfers if c.tabel}, key=lambda p: p.peildatum)


def load(text: str | None = None) -> Cijfers:
    """The published figures (the package's ``cijfers.yaml``, or ``text`` in the same form)."""
    if text is None:
        text = resources.files("inburgering.monitor").joinpath("cijfers.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    cijfers = tuple(Cijfer(**c) for c in data["cijfers"])
    ids = [c.id for c in cijfers]
    if len(set(ids)) != len(ids):
        raise ValueError(f"dubbele id's in de cijfers: {sorted({i for i in ids if ids.count(i) > 1})}")
    for c in cijfers:
        if c.eenheid not in ("aantal", "aandeel", "dagen"):
            raise ValueError(f"{c.id}: eenheid {c.eenheid!r}")
        if (c.tabel is None) == (c.afgeleid is None) or (c.afgeleid is None) == (c.waarde is None):
            raise ValueError(f"{c.id}: geef tabel met waarde, of afgeleid zonder waarde")
    return Cijfers(
        data.get("bronnen", {}),
        cijfers,
        tuple(data.get("tegenstrijdigheden", ())),
        tuple(data.get("niet_vergeleken", ())),
    )


@dataclass
class _Waarde:
    gepubliceerd: float | None
    ons: float | None
    ruis: float | None  # about two standard deviations of ours from sampling alone
    reden: str = ""  # why ours is missing


def _selectie(frame: pl.DataFrame, waar: dict, kolom) -> tuple[float | None, str]:
    """The sum of ``kolom`` (names, '-' subtracts) over the rows matching ``waar``; None if a cell is hidden."""
    kolommen = [kolom] if isinstance(kolom, str) else list(kolom)
    namen = [k.removeprefix("-") for k in kolommen]
    onbekend = [k for k in (*waar, *namen) if k not in frame.columns]
    if onbekend:
        raise KeyError(f"kolom(men) {onbekend} niet in de tabel")
    rijen = frame
    for k, v in waar.items():
        waarden = [str(x) for x in v] if isinstance(v, list) else [str(v)]
        rijen = rijen.filter(pl.col(k).cast(pl.String).is_in(waarden))
    if any(rijen[n].null_count() for n in namen):
        return None, "onderdrukt (kleine aantallen)"
    return float(
        sum((-1 if k.startswith("-") else 1) * rijen[n].sum() for k, n in zip(kolommen, namen, strict=True))
    ), ""


def _lees(c: Cijfer, tabellen: dict[Peiling, dict[str, pl.DataFrame]], schaal: float) -> _Waarde:
    frame = tabellen[c.peiling][c.tabel]
    if c.eenheid == "aantal":
        ruw, reden = _selectie(frame, c.waar, c.kolom)
        if ruw is None:
            return _Waarde(c.waarde, None, None, reden)
        return _Waarde(c.waarde, ruw / schaal, 2 * math.sqrt(max(ruw, 1)) / schaal)
    if c.eenheid == "dagen":
        return _duur(c, frame)
    teller = c.teller or {}
    noemer = c.noemer or {}
    t, reden_t = _selectie(frame, c.waar | teller.get("waar", {}), teller["kolom"])
    n, reden_n = _selectie(frame, c.waar | noemer.get("waar", {}), noemer["kolom"])
    if t is None or n is None:
        return _Waarde(c.waarde, None, None, reden_t or reden_n)
    if n <= 0:
        return _Waarde(c.waarde, None, None, "noemer is nul")
    p = t / n
    return _Waarde(c.waarde, 100 * p, 200 * math.sqrt(max(p * (1 - p), 1 / n) / n))


def _duur(c: Cijfer, frame: pl.DataFrame) -> _Waarde:
    """A mean duration in days (``kolom``, a mean column of the row ``waar``), as it is: a mean does not scale
    with the population. Its noise: two standard errors, the standard deviation estimated from the row's
    interquartile range (p75 - p25 = 1.35 sd for a normal spread) over its ``personen``."""
    gemiddelde, reden = _selectie(frame, c.waar, c.kolom)
    if gemiddelde is None:
        return _Waarde(c.waarde, None, None, reden)
    n, _ = _selectie(frame, c.waar, "personen")
    p25, _ = _selectie(frame, c.waar, "p25")
    p75, _ = _selectie(frame, c.waar, "p75")
    ruis = 2 * (p75 - p25) / 1.35 / math.sqrt(n) if n else None
    return _Waarde(c.waarde, gemiddelde, ruis)


def _afleiden(c: Cijfer, waarden: dict[str, _Waarde]) -> _Waarde:
    [(soort, ids)] = c.afgeleid.items()
    delen = [waarden[i] for i in ids]

    def reken(get):
        xs = [get(w) for w in delen]
        if any(x is None for x in xs):
            return None
        if soort == "som":
            return sum(xs)
        if soort == "verschil":
            return xs[0] - sum(xs[1:])
        if soort == "rest":
            return 100 - sum(xs)
        if soort == "aandeel":
            return 100 * xs[0] / xs[1] if xs[1] else None
        raise ValueError(f"{c.id}: onbekende afleiding {soort!r}")

    ons = reken(lambda w: w.ons)
    return _Waarde(
        reken(lambda w: w.gepubliceerd), ons, None, "" if ons is not None else "een deel ontbreekt"
    )


@dataclass
class Kalibratie:
    """The comparison per figure, the checked inconsistencies and what was not compared."""

    vergelijking: pl.DataFrame
    tegenstrijdigheden: pl.DataFrame
    niet_vergeleken: pl.DataFrame
    schaal: float
    drempel: int
    bronnen: dict[str, str]

    def samenvatting(self) -> str:
        v = self.vergelijking.filter(pl.col("ons").is_not_null())
        binnen = int(v["binnen_doel"].sum())
        ruis = int(v.filter(~pl.col("binnen_doel") & pl.col("binnen_ruis").fill_null(False)).height)
        tegen = int((~self.tegenstrijdigheden["klopt"].fill_null(True)).sum())
        return (
            f"{binnen} van {v.height} vergeleken cijfers binnen het doel (aandelen ±{DOEL_AANDEEL:g} procentpunt, "
            f"aantallen en doorlooptijden ±{DOEL_AANTAL:.0%}); van de andere {v.height - binnen} liggen er {ruis} binnen de "
            f"steekproefruis op schaal {notatie.getal(self.schaal, None)}. {self.vergelijking.height - v.height} niet te vergelijken "
            f"(onderdrukt of ontbrekend). {tegen} gepubliceerde tegenstrijdigheden gevonden."
        )


def compare(
    cijfers: Cijfers,
    tabellen: dict[Peiling, dict[str, pl.DataFrame]],
    schaal: float = 1.0,
    drempel: int = DREMPEL,
) -> Kalibratie:
    """The calibration report from published tables per peiling (as ``compute`` gives them)."""
    waarden: dict[str, _Waarde] = {}
    for c in cijfers.cijfers:
        waarden[c.id] = _lees(c, tabellen, schaal) if c.tabel else _afleiden(c, waarden)
    betrokken: dict[str, list[str]] = {}
    tegen_rijen = []
    for t in cijfers.tegenstrijdigheden:
        klopt, gevonden = _controle(t.get("controle"), waarden)
        for i in _ids(t.get("controle")):
            betrokken.setdefault(i, []).append(t["id"])
        tegen_rijen.append(
            {
                "id": t["id"],
                "figures_md": t["figures"],
                "omschrijving": t["omschrijving"],
                "klopt": klopt,
                "gevonden": gevonden,
                "uitleg": t["uitleg"],
            }
        )
    rijen = []
    for c in cijfers.cijfers:
        w = waarden[c.id]
        verschil = None if w.ons is None or w.gepubliceerd is None else w.ons - w.gepubliceerd
        if verschil is None:
            binnen = binnen_ruis = None
        elif c.eenheid == "aandeel":
            binnen = abs(verschil) <= DOEL_AANDEEL
            binnen_ruis = None if w.ruis is None else abs(verschil) <= max(DOEL_AANDEEL, w.ruis)
        else:
            grens = DOEL_AANTAL * abs(w.gepubliceerd)
            binnen = abs(verschil) <= grens
            binnen_ruis = None if w.ruis is None else abs(verschil) <= max(grens, w.ruis)
        rijen.append(
            {
                "id": c.id,
                "omschrijving": c.omschrijving,
                "peildatum": c.peildatum,
                "eenheid": c.eenheid,
                "gepubliceerd": w.gepubliceerd,
                "ons": w.ons,
                "verschil": verschil,
                "verschil_pct": (
                    100 * verschil / w.gepubliceerd
                    if verschil is not None and c.eenheid != "aandeel" and w.gepubliceerd
                    else None
                ),
                "ruis": w.ruis,
                "binnen_doel": binnen,
                "binnen_ruis": binnen_ruis,
                "bron": c.bron,
                "vindplaats": c.vindplaats,
                "schatting": c.schatting,
                "reeks": c.reeks,
                "tegenstrijdigheid": ", ".join(betrokken.get(c.id, [])),
                "oordeel": _oordeel(binnen, binnen_ruis, bool(c.toelichting)),
                "toelichting": _samen(c.toelichting, w.reden),
            }
        )
    schema = {
        "id": pl.String,
        "omschrijving": pl.String,
        "peildatum": pl.Date,
        "eenheid": pl.String,
        **dict.fromkeys(("gepubliceerd", "ons", "verschil", "verschil_pct", "ruis"), pl.Float64),
        "binnen_doel": pl.Boolean,
        "binnen_ruis": pl.Boolean,
        **dict.fromkeys(("bron", "vindplaats"), pl.String),
        "schatting": pl.Boolean,
        **dict.fromkeys(("reeks", "tegenstrijdigheid", "oordeel", "toelichting"), pl.String),
    }
    tegen_schema = {
        **dict.fromkeys(("id", "figures_md", "omschrijving"), pl.String),
        "klopt": pl.Boolean,
        **dict.fromkeys(("gevonden", "uitleg"), pl.String),
    }
    niet = pl.DataFrame(
        [
            {k: str(n[k]) for k in ("id", "omschrijving", "waarde", "bron", "reden")}
            for n in cijfers.niet_vergeleken
        ],
        schema=dict.fromkeys(("id", "omschrijving", "waarde", "bron", "reden"), pl.String),
    )
    return Kalibratie(
        pl.DataFrame(rijen, schema=schema),
        pl.DataFrame(tegen_rijen, schema=tegen_schema),
        niet,
        schaal,
        drempel,
        cijfers.bronnen,
    )


def _samen(*delen: str | None) -> str:
    """The parts that are there, joined by semicolons; a part's closing full stop goes, so a toelichting written
    as sentences does not end up as "...gepubliceerd.; zie ..."."""
    return "; ".join(d.rstrip(".") for d in delen if d)


def _oordeel(binnen: bool | None, binnen_ruis: bool | None, toelichting: bool) -> str:
    """In words, for a figure outside the target: whether chance alone could explain it, or the model differs."""
    if binnen is None or binnen:
        return ""
    if binnen_ruis is None:
        return "buiten het doel (afgeleid cijfer: zie de cijfers waaruit het volgt)"
    if binnen_ruis:
        return "buiten het doel, binnen de steekproefruis van deze populatie"
    waarom = "zie de toelichting" if toelichting else "het model wijkt hier af (docs/synth.md)"
    return f"buiten het doel en de steekproefruis: {waarom}"


def _ids(controle: dict | None) -> list[str]:
    if not controle:
        return []
    for soort in ("gelijk", "zie", "nul"):
        if soort in controle:
            return list(controle[soort])
    return [i for rij in controle["percentage"] for i in rij]


def getal(x: float) -> str:
    """Dutch notation (``inburgering.notatie``): whole numbers and anything from 100 up without decimals, the
    rest with one."""
    return notatie.getal(round(x) if abs(x) >= 100 or float(x).is_integer() else float(x))


def _controle(controle: dict | None, waarden: dict[str, _Waarde]) -> tuple[bool | None, str]:
    """Whether the published figures agree with each other, or with the law for ``nul`` (cells the law keeps
    empty), and what was found, in Dutch; None: nothing the monitor can check."""
    if not controle:
        return None, "niet te toetsen met de monitor"
    if "zie" in controle:
        gevonden = [
            f"{i}: gepubliceerd {getal(waarden[i].gepubliceerd)}, ons "
            + ("·" if waarden[i].ons is None else getal(waarden[i].ons))
            for i in controle["zie"]
        ]
        return None, "; ".join(gevonden)
    if "nul" in controle:
        niet_nul = [
            f"{i} = {getal(waarden[i].gepubliceerd)}" for i in controle["nul"] if waarden[i].gepubliceerd
        ]
        return not niet_nul, "; ".join(niet_nul) or "alle cellen zijn 0"
    if "gelijk" in controle:
        a, b = (waarden[i].gepubliceerd for i in controle["gelijk"])
        x, y = controle["gelijk"]
        return a == b, f"{x} = {getal(a)}, {y} = {getal(b)}"
    afwijkend = []
    for pct, teller, noemer in controle["percentage"]:
        gepubliceerd = waarden[pct].gepubliceerd
        berekend = 100 * waarden[teller].gepubliceerd / waarden[noemer].gepubliceerd
        if abs(gepubliceerd - berekend) >= 0.5:
            uit = f"{berekend:.1f}".replace(".", ",")
            afwijkend.append(f"{pct}: {gepubliceerd:g}% gepubliceerd, {uit}% uit de aantallen")
    return not afwijkend, "; ".join(afwijkend) or "alle percentages passen bij de aantallen"


def run(
    population: Population, schaal: float = 1.0, drempel: int = DREMPEL, cijfers: Cijfers | None = None
) -> tuple[Kalibratie, dict[Peiling, dict[str, pl.DataFrame]]]:
    """The monitor at every peiling the figures need, and the calibration report on those tables."""
    cijfers = cijfers or load()
    tabellen = {p: compute(population, p, drempel) for p in cijfers.peilingen()}
    return compare(cijfers, tabellen, schaal, drempel), tabellen


def _onderdrukking(drempel: int) -> str:
    """What the report's header says of small cells: a calibration of synthetic data may hide none."""
    return (
        "zonder onderdrukking van kleine aantallen (drempel 1)"
        if drempel <= 1
        else f"met drempel {drempel} voor kleine aantallen"
    )


def html_report(k: Kalibratie, links: dict[str, str] | None = None) -> str:
    """One self-contained Dutch HTML page: the summary, the comparison, the inconsistencies and the sources."""

    def cel(v, eenheid: str = "") -> str:
        if v is None:
            return "<td class='n'>·</td>"
        if isinstance(v, bool):
            return f"<td class='{'ja' if v else 'nee'}'>{'ja' if v else 'nee'}</td>"
        if isinstance(v, float):
            return f"<td class='n'>{getal(v)}{ACHTER_GETAL.get(eenheid, '')}</td>"
        if isinstance(v, dt.date):
            return f"<td>{v:%d-%m-%Y}</td>"
        return f"<td>{html.escape(str(v))}</td>"

    parts = [
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Kalibratie monitor inburgering</title>",
        "<style>body{font-family:sans-serif;max-width:90rem;margin:2rem auto}table{border-collapse:collapse;"
        "margin-bottom:2rem;font-size:.9rem}td,th{border:1px solid #999;padding:.2rem .4rem;vertical-align:top}"
        "td.n{text-align:right;white-space:nowrap}td.ja{background:#d9ead3}td.nee{background:#f4cccc}</style>"
        "</head><body><h1>Kalibratie: de monitor naast de gepubliceerde cijfers</h1>",
        f"<p>{html.escape(k.samenvatting())}</p>",
        f"<p>Schaal {notatie.getal(k.schaal, None)} van het land: aantallen zijn door de schaal gedeeld. Elke tabel is berekend op de "
        f"peildatum van het cijfer, zoals bekend op die datum, {_onderdrukking(k.drempel)}. Ruis: "
        "ongeveer twee standaardafwijkingen van 'ons' door de steekproef alleen. Verschil: procentpunten bij een "
        "aandeel, aantal bij een aantal en dagen bij een doorlooptijd (met het verschil in procenten).</p>",
    ]
    if links:
        parts.append(
            "<p>Monitorrapporten: "
            + ", ".join(f"<a href='{html.escape(h)}'>{html.escape(t)}</a>" for t, h in links.items())
            + "</p>"
        )
    parts.append("<h2>Tegenstrijdigheden in de gepubliceerde cijfers</h2><table><thead><tr>")
    parts.append("".join(f"<th>{c}</th>" for c in ("figures.md", "wat", "klopt", "gevonden", "uitleg")))
    parts.append("</tr></thead><tbody>")
    for r in k.tegenstrijdigheden.iter_rows(named=True):
        klopt = cel(r["klopt"]) if r["klopt"] is not None else "<td>n.v.t.</td>"
        parts.append(
            f"<tr>{cel(r['figures_md'])}{cel(r['omschrijving'])}{klopt}{cel(r['gevonden'])}{cel(r['uitleg'])}</tr>"
        )
    parts.append("</tbody></table>")
    from inburgering.monitor import charts

    beschrijving = (
        "Grafiek van de gepubliceerde cijfers naast de onze; de cijfers staan in de tabel Vergelijking."
    )
    parts += [f"<figure>{charts.svg(g, beschrijving)}</figure>" for g in charts.kalibratie(k.vergelijking)]
    parts.append("<h2>Vergelijking</h2><table><thead><tr>")
    kolommen = ("cijfer", "peildatum", "gepubliceerd", "ons", "verschil", "verschil %", "ruis", "binnen doel")
    parts.append("".join(f"<th>{c}</th>" for c in (*kolommen, "bron", "opmerking")) + "</tr></thead><tbody>")
    for r in k.vergelijking.iter_rows(named=True):
        e = r["eenheid"]
        naam = html.escape(r["omschrijving"]) + (" <small>[schatting]</small>" if r["schatting"] else "")
        opmerking = _samen(
            r["oordeel"], r["toelichting"], r["tegenstrijdigheid"] and f"zie {r['tegenstrijdigheid']}"
        )
        parts.append(
            f"<tr><td title='{html.escape(r['id'])}'>{naam}</td>{cel(r['peildatum'])}{cel(r['gepubliceerd'], e)}"
            f"{cel(r['ons'], e)}{cel(r['verschil'])}{cel(r['verschil_pct'])}{cel(r['ruis'])}{cel(r['binnen_doel'])}"
            f"<td>{html.escape(r['bron'])}: {html.escape(r['vindplaats'])}</td>{cel(opmerking)}</tr>"
        )
    parts.append("</tbody></table><h2>Niet vergeleken</h2><table><thead><tr>")
    parts.append(
        "".join(f"<th>{c}</th>" for c in ("cijfer", "waarde", "bron", "waarom niet")) + "</tr></thead><tbody>"
    )
    for r in k.niet_vergeleken.iter_rows(named=True):
        parts.append(f"<tr>{cel(r['omschrijving'])}{cel(r['waarde'])}{cel(r['bron'])}{cel(r['reden'])}</tr>")
    parts.append("</tbody></table><h2>Bronnen</h2><ul>")
    parts += [f"<li><b>{html.escape(s)}</b>: {html.escape(t)}</li>" for s, t in k.bronnen.items()]
    parts.append("</ul></body></html>")
    return "\n".join(parts)


def write(k: Kalibratie, formaat: str, out: Path, links: dict[str, str] | None = None) -> list[Path]:
    """Write the report as csv (the comparison, the inconsistencies and what was not compared) or one html page;
    returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    if formaat == "csv":
        paths = []
        for naam, frame in (
            ("kalibratie", k.vergelijking),
            ("tegenstrijdigheden", k.tegenstrijdigheden),
            ("niet_vergeleken", k.niet_vergeleken),
        ):
            path = out / f"{naam}.csv"
            frame.write_csv(path)
            paths.append(path)
        return paths
    if formaat == "html":
        path = out / "kalibratie.html"
        path.write_text(html_report(k, links), encoding="utf-8")
        return [path]
    raise ValueError(f"onbekend formaat {formaat!r}")
