"""Computing the standard tables for a peiling, publishing them (suppressed) and writing them out.

Published output always goes through ``publish``: the counts are suppressed first, the shares derived after.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import polars as pl

from inburgering.events.population import Population
from inburgering.monitor.basis import Peiling, basis, bekend
from inburgering.monitor.suppress import apply, hidden_in_report
from inburgering.monitor.tables import KOPPELINGEN, TABELLEN
from inburgering.notatie import getal

DREMPEL = 10  # default: counts of 1-9 are not published (docs/monitor.md)


def publish(counts: dict[str, pl.DataFrame], drempel: int = DREMPEL) -> dict[str, pl.DataFrame]:
    """The counts of one report's tables made fit to publish: small cells hidden, with the cells they could be
    recomputed from in the same table or in another table of the report (``KOPPELINGEN``); shares derived after."""
    structuren = {naam: TABELLEN[naam].structuur for naam in counts}
    hidden = hidden_in_report(counts, structuren, drempel, KOPPELINGEN) if drempel > 1 else set()
    published = {}
    for naam, frame in counts.items():
        tabel = TABELLEN[naam]
        frame = apply(frame, tabel.structuur, {(i, c) for t, i, c in hidden if t == naam})
        published[naam] = frame.with_columns(**tabel.aandelen) if tabel.aandelen else frame
    return published


def count(
    population: Population, peiling: Peiling, namen: list[str] | None = None
) -> dict[str, pl.DataFrame]:
    """The standard tables (all, or ``namen``) for one peiling as counted, before ``publish``: to publish the
    same counts under two thresholds without counting twice."""
    frame = basis(population, peiling)
    return {naam: TABELLEN[naam].maak(frame, peiling) for naam in namen or TABELLEN}


def compute(
    population: Population, peiling: Peiling, drempel: int = DREMPEL, namen: list[str] | None = None
) -> dict[str, pl.DataFrame]:
    """The published standard tables (all, or ``namen``) for one peiling, suppressed together."""
    return publish(count(population, peiling, namen), drempel)


def revisions(
    population: Population,
    peiling: Peiling,
    toen: dt.date | dt.datetime,
    drempel: int = DREMPEL,
    namen: list[str] | None = None,
) -> dict[str, pl.DataFrame]:
    """The tables (all, or ``namen``) as known on ``toen`` and as known in ``peiling`` (usually: now), side by side
    with the difference per count: what late deliveries and corrections changed. Each side is the report as it
    was or is published (suppressed together), so a revision shows nothing that either report hides; a hidden
    cell on either side has no difference."""
    nu = compute(population, peiling, drempel, namen)
    eerder = compute(population, Peiling(peiling.peildatum, toen, peiling.gemeente), drempel, namen)
    return {naam: _naast(TABELLEN[naam], eerder[naam], frame) for naam, frame in nu.items()}


def _naast(tabel, toen: pl.DataFrame, nu: pl.DataFrame) -> pl.DataFrame:
    """Each count of ``tabel`` as ``<count>_toen``, ``<count>_nu`` and ``<count>_verschil``, per row."""
    keys = [c for c in nu.columns if c not in tabel.structuur.tellingen and c not in tabel.aandelen]
    counts = list(tabel.structuur.tellingen)
    if keys:
        joined = toen.select(*keys, *counts).join(
            nu.select(*keys, *counts), on=keys, how="full", coalesce=True, suffix="_nu"
        )
    else:  # a table of one row
        joined = pl.concat([toen.select(counts), nu.select(pl.all().name.suffix("_nu"))], how="horizontal")
    return joined.select(
        *keys,
        *[
            expr
            for c in counts
            for expr in (
                pl.col(c).alias(f"{c}_toen"),
                pl.col(f"{c}_nu"),
                (pl.col(f"{c}_nu") - pl.col(c)).alias(f"{c}_verschil"),
            )
        ],
    )


def _revisie_uitleg(peiling: Peiling, toen: dt.date | dt.datetime) -> str:
    nu = "met alles wat nu is geleverd" if peiling.beschikbaar_op is None else bekend(peiling.beschikbaar_op)
    return (
        f"Elke tabel {bekend(toen)} (de kolommen _toen) naast dezelfde tabel {nu} (_nu), met het verschil "
        "(_verschil): wat late leveringen en correcties sindsdien veranderden."
    )


def write_revisions(
    revisies: dict[str, pl.DataFrame], peiling: Peiling, toen: dt.date | dt.datetime, formaat: str, out: Path
) -> list[Path]:
    """Write the revisions as csv or parquet (a file ``revisie-<table>`` per table), xlsx (``revisie.xlsx``, a
    sheet per table) or html (``revisie.html``); returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    if formaat in ("csv", "parquet"):
        return write({f"revisie-{naam}": frame for naam, frame in revisies.items()}, peiling, formaat, out)
    if formaat == "xlsx":
        over = f"{peiling.omschrijving()}; {_revisie_uitleg(peiling, toen)}"
        return [_write_xlsx(revisies, peiling, out / "revisie.xlsx", over)]
    if formaat == "html":
        path = out / "revisie.html"
        path.write_text(revision_html(revisies, peiling, toen), encoding="utf-8")
        return [path]
    raise ValueError(f"een revisie kent geen formaat {formaat!r}")


def revision_html(
    revisies: dict[str, pl.DataFrame], peiling: Peiling, toen: dt.date | dt.datetime, over: str | None = None
) -> str:
    """The revisions (``revisions``) as one Dutch HTML page, without charts; ``over``: a line about the data."""
    uitleg = _revisie_uitleg(peiling, toen)
    uitleg = uitleg if over is None else f"{uitleg} {over}"
    return html_report(
        revisies, peiling, grafieken=False, over=uitleg, kop="Revisie van de monitor inburgering"
    )


def write(
    tables: dict[str, pl.DataFrame],
    peiling: Peiling,
    formaat: str,
    out: Path,
    naam: str = "monitor",
    over: str | None = None,
) -> list[Path]:
    """Write the published tables as csv, parquet (a file per table), xlsx (a sheet per table), html (one report
    named ``naam``, with the charts inline and ``over``, a line about the data, under the title) or svg/png (a
    file per chart); returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    if formaat in ("svg", "png"):
        from inburgering.monitor import charts

        paths = []
        for tabel, frame in tables.items():
            grafiek = charts.chart(tabel, frame)
            if grafiek is None:
                continue
            path = out / f"{tabel}.{formaat}"
            if formaat == "svg":
                path.write_text(charts.svg(grafiek), encoding="utf-8")
            else:
                path.write_bytes(charts.png(grafiek))
            paths.append(path)
        return paths
    if formaat in ("csv", "parquet"):
        paths = []
        for naam, frame in tables.items():
            path = out / f"{naam}.{formaat}"
            frame.write_csv(path) if formaat == "csv" else frame.write_parquet(path)
            paths.append(path)
        return paths
    if formaat == "xlsx":
        return [_write_xlsx(tables, peiling, out / f"{naam}.xlsx")]
    if formaat == "html":
        path = out / f"{naam}.html"
        path.write_text(html_report(tables, peiling, over=over), encoding="utf-8")
        return [path]
    raise ValueError(f"onbekend formaat {formaat!r}")


def _write_xlsx(
    tables: dict[str, pl.DataFrame], peiling: Peiling, path: Path, over: str | None = None
) -> Path:
    """One sheet per table: the title and definition above it, a bold header, widths fitted, thousands shown."""
    import xlsxwriter

    with xlsxwriter.Workbook(path) as workbook:
        bold = workbook.add_format({"bold": True, "font_size": 12})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        for naam, frame in tables.items():
            tabel = TABELLEN[naam]
            sheet = workbook.add_worksheet(naam[:31])
            sheet.write(0, 0, tabel.titel, bold)
            sheet.merge_range(
                1,
                0,
                1,
                max(frame.width - 1, 1),
                f"{tabel.definitie} ({over or peiling.omschrijving()})",
                wrap,
            )
            sheet.set_row(1, 60)
            frame.write_excel(
                workbook,
                worksheet=sheet,
                position=(3, 0),
                autofit=True,
                header_format={"bold": True, "bg_color": "#D9E1F2", "border": 1},
                dtype_formats={pl.Int64: "#,##0", pl.Float64: "0.0"},
                include_header=True,
            )
            sheet.write(
                4 + frame.height, 0, "Leeg: niet gepubliceerd (kleine aantallen, zie de toelichting)."
            )
    return path


def html_report(
    tables: dict[str, pl.DataFrame],
    peiling: Peiling,
    grafieken: bool = True,
    over: str | None = None,
    kop: str = "Monitor inburgering",
) -> str:
    """One self-contained Dutch HTML page headed ``kop``: every table with its title, definition and (inline SVG)
    chart."""
    from inburgering.monitor import charts

    parts = [
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'>",
        f"<title>{html.escape(kop)}</title>",
        "<style>body{font-family:sans-serif;max-width:70rem;margin:2rem auto}"
        "table{border-collapse:collapse;margin-bottom:2rem}td,th{border:1px solid #999;padding:.25rem .5rem}"
        "td.n{text-align:right}caption{text-align:left;font-weight:bold}figure{margin:0 0 2rem}</style></head><body>",
        f"<h1>{html.escape(kop)}</h1><p>{html.escape(peiling.omschrijving())}. Lege cellen zijn niet "
        "gepubliceerd: kleine aantallen en de cellen waaruit die terug te rekenen zouden zijn.</p>",
    ]
    if over:
        parts.append(f"<p>{html.escape(over)}</p>")
    for naam, frame in tables.items():
        tabel = TABELLEN[naam]
        parts.append(
            f"<section id='{naam}'><h2>{html.escape(tabel.titel)}</h2><p>{html.escape(tabel.definitie)}</p>"
        )
        parts.append(
            "<table><thead><tr>" + "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in frame.columns)
        )
        parts.append("</tr></thead><tbody>")
        for row in frame.iter_rows():
            cells = "".join(
                f"<td class='n'>{getal(v)}</td>"
                if isinstance(v, int | float) and not isinstance(v, bool)
                else f"<td>{html.escape('' if v is None else str(v))}</td>"
                for v in row
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
        grafiek = charts.chart(naam, frame) if grafieken else None
        if grafiek is not None:
            beschrijving = f"Grafiek bij de tabel {tabel.titel}; de cijfers staan in de tabel erboven."
            parts.append(f"<figure>{charts.svg(grafiek, beschrijving)}</figure>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)
