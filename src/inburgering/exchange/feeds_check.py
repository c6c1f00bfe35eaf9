"""Checking a delivery column by column against its feed, and turning its good rows into the store's events.

Every check is a Polars expression over a whole column that yields a Dutch message where a row is wrong, so a
file of 100,000 rows is checked in a few passes and *every* bad row is reported, each with its line and field,
not just the first. The checks are those of the event vocabulary (required fields, enumerations, patterns,
ranges, real dates, amounts with at most two decimals, exactly one of ``duur``/``tot``), plus the delivery's own:
the partner's key, the source, and a key delivered twice in one file with different content.

The result is the vocabulary's flat columnar form (``events.vocabulary.flat_schema``): what the store holds and
what ``store.bulk`` writes, with no Python object per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from inburgering.events.jsonl import LineError
from inburgering.events.vocabulary import flat_schema
from inburgering.exchange.feeds import JA_NEE, KENMERK_MAX, Feed, Kolom, Veld
from inburgering.exchange.feeds_read import REGEL, BestandFout, Gelezen

FOUT_SCHEMA = {REGEL: pl.Int64, "veld": pl.String, "melding": pl.String}
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DUUR = r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$"


@dataclass
class Gecontroleerd:
    """A checked delivery: the good rows as events (flat columnar form plus ``_regel``), every error, the rows as
    delivered (for the raw text of bad rows), the number of rows and how many repeated an earlier row exactly."""

    goed: pl.DataFrame
    fouten: pl.DataFrame
    tekst: pl.DataFrame
    ruw: dict[int, dict]  # lines that were no row at all (bad JSON), as delivered
    rijen: int
    dubbel: int


def controleer(gelezen: Gelezen, feed: Feed, bron: str, naam: str) -> Gecontroleerd:
    """Check every row of ``gelezen`` against ``feed`` as delivered by ``bron``. Raises ``BestandFout`` when the
    columns themselves are wrong (unknown, or a required one missing from a CSV header)."""
    kolommen = {k.naam: k for k in feed.kolommen}
    frame = _columns(gelezen, feed, kolommen, naam)
    checks: list[tuple[str, pl.Expr]] = []
    typed: dict[str, pl.Expr] = {}
    soort = pl.col("soort")

    def check(veld: str, bad: pl.Expr, message: pl.Expr | str) -> None:
        message = pl.lit(message) if isinstance(message, str) else message
        checks.append((veld, pl.when(bad).then(message).otherwise(None)))

    for name in frame.columns:
        if name != REGEL:
            check(name, pl.col(name).str.contains("[\r\n]"), "een regeleinde in een veld is niet toegestaan")
    for name in ("kenmerk", "persoon", "datum") + (("soort",) if feed.soort_verplicht else ()):
        check(name, pl.col(name).is_null(), "ontbreekt")
    for name, most in (("kenmerk", KENMERK_MAX), ("persoon", 64), ("corrigeert", KENMERK_MAX)):
        check(name, pl.col(name).str.len_chars() > most, f"mag hoogstens {most} tekens zijn")
    check(
        "soort",
        soort.is_not_null() & ~soort.is_in(feed.soorten),
        pl.format(
            f"onbekende soort '{{}}' voor feed {feed.naam} (toegestaan: {', '.join(feed.soorten)})", soort
        ),
    )
    datum, bad_datum, message = _date("datum")
    check("datum", bad_datum, message)
    typed["geldig_op"] = datum
    check("corrigeert", pl.col("corrigeert") == pl.col("kenmerk"), "een rij kan zichzelf niet corrigeren")
    intrekking, bad, message = _ja_nee("intrekking")
    check("intrekking", bad, message)
    check(
        "intrekking",
        intrekking.fill_null(False) & pl.col("corrigeert").is_null(),
        "een intrekking moet in `corrigeert` zeggen welke rij ze intrekt",
    )
    typed["intrekking"] = intrekking.fill_null(False)
    check(
        "bron",
        pl.col("bron").is_not_null() & (pl.col("bron") != bron),
        pl.format(f"bron '{{}}' is niet de leverende organisatie ({bron})", pl.col("bron")),
    )
    for kolom in kolommen.values():
        if kolom.velden:
            _field_checks(kolom, feed, check, typed)
    if "verlenging_verleend" in feed.soorten:
        check(
            "duur",
            (soort == "verlenging_verleend") & (pl.col("duur").is_null() == pl.col("tot").is_null()),
            "geef precies één van `duur` of `tot`",
        )

    evaluated = frame.with_columns(
        *[expr.alias(f"_f{i}") for i, (_, expr) in enumerate(checks)],
        *[expr.alias(f"_t_{name}") for name, expr in typed.items()],
    )
    fouten = pl.concat(
        [
            evaluated.filter(pl.col(f"_f{i}").is_not_null()).select(
                REGEL, pl.lit(veld).alias("veld"), pl.col(f"_f{i}").alias("melding")
            )
            for i, (veld, _) in enumerate(checks)
        ]
        + [_read_errors(gelezen)]
    )
    events = _events(evaluated.filter(~pl.col(REGEL).is_in(fouten[REGEL].implode())), feed, bron, typed)
    events, duplicates, dubbel = _duplicates(events)
    fouten = pl.concat([fouten, duplicates]).sort(REGEL, "veld")
    return Gecontroleerd(
        events, fouten, gelezen.frame, gelezen.ruw, gelezen.frame.height + len(gelezen.ruw), dubbel
    )


def _columns(gelezen: Gelezen, feed: Feed, kolommen: dict[str, Kolom], naam: str) -> pl.DataFrame:
    """The delivered columns, stripped (empty is missing), with the optional ones that were left out added."""
    frame = gelezen.frame
    csv = naam.lower().endswith(".csv")
    fouten = []
    for name in gelezen.kolommen:
        if name not in kolommen:
            line = 1 if csv else frame.filter(pl.col(name).is_not_null())[REGEL].min()
            fouten.append(
                LineError(
                    naam,
                    line or 1,
                    name,
                    f"onbekende kolom voor feed {feed.naam} (bekend: {', '.join(kolommen)})",
                )
            )
    required = [k.naam for k in kolommen.values() if k.verplicht] + (
        ["soort"] if feed.soort_verplicht else []
    )
    if csv:
        fouten += [
            LineError(naam, 1, n, "verplichte kolom ontbreekt") for n in required if n not in frame.columns
        ]
    if fouten:
        raise BestandFout(fouten)
    frame = frame.with_columns(
        [pl.lit(None, pl.String).alias(n) for n in kolommen if n not in frame.columns]
    ).with_columns(
        pl.when(pl.col(n).str.strip_chars() == "").then(None).otherwise(pl.col(n).str.strip_chars()).alias(n)
        for n in kolommen
    )
    if not feed.soort_verplicht:
        frame = frame.with_columns(pl.col("soort").fill_null(feed.soorten[0]))
    return frame


def _read_errors(gelezen: Gelezen) -> pl.DataFrame:
    return pl.DataFrame(
        [(f.line, f.field, f.message) for f in gelezen.fouten], schema=FOUT_SCHEMA, orient="row"
    )


def _date(name: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    column = pl.col(name)
    parsed = column.str.to_date("%Y-%m-%d", strict=False)
    shape = column.str.contains(_DATE)
    bad = column.is_not_null() & (~shape | parsed.is_null())
    message = (
        pl.when(~shape)
        .then(pl.format("moet een datum JJJJ-MM-DD zijn (kreeg '{}')", column))
        .otherwise(pl.format("{} is geen bestaande datum", column))
    )
    return pl.when(shape).then(parsed), bad, message


def _ja_nee(name: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    column = pl.col(name)
    parsed = column.str.to_lowercase().replace_strict(JA_NEE, default=None, return_dtype=pl.Boolean)
    return (
        parsed,
        column.is_not_null() & parsed.is_null(),
        pl.format("moet ja of nee zijn (true/false, ja/nee, 1/0; kreeg '{}')", column),
    )


def _number(column: pl.Expr, veld: Veld, value: pl.Expr) -> list[tuple[pl.Expr, pl.Expr]]:
    """Range checks of the vocabulary (``ge``, ``gt``, ``le``) as (bad, message) pairs."""
    result = []
    for bound, op, sign in ((veld.ge, "lt", "≥"), (veld.gt, "le", ">"), (veld.le, "gt", "≤")):
        if bound is not None:
            text = f"{bound:g}"
            result.append(
                (getattr(value, op)(bound), pl.format(f"moet {sign} {text} zijn (kreeg {{}})", column))
            )
    return result


def _field_checks(kolom: Kolom, feed: Feed, check, typed: dict[str, pl.Expr]) -> None:
    """The checks and typed columns of one field column, per event type that carries it."""
    name, kind = kolom.naam, kolom.kind
    column = pl.col(name)
    soort = pl.col("soort")
    carriers = [v.soort for v in kolom.velden]
    check(
        name,
        column.is_not_null() & soort.is_in(feed.soorten) & ~soort.is_in(carriers),
        pl.format(f"hoort niet bij soort '{{}}' (wel bij: {', '.join(carriers)})", soort),
    )
    parsed, shape_bad, shape_message = _parse(name, kind)
    check(name, column.is_not_null() & soort.is_in(carriers) & shape_bad, shape_message)
    per_soort: dict[str, pl.Expr] = {}
    for veld in kolom.velden:
        mine = soort == veld.soort
        if veld.verplicht:
            check(name, mine & column.is_null(), f"ontbreekt (verplicht bij {veld.soort})")
        present = mine & column.is_not_null() & ~shape_bad
        if veld.waarden is not None:
            check(
                name,
                present & ~column.is_in(veld.waarden),
                pl.format(f"onbekende waarde '{{}}' (toegestaan: {', '.join(veld.waarden)})", column),
            )
        if veld.patroon is not None and kind == "tekst":
            check(
                name,
                present & ~column.str.contains(veld.patroon),
                pl.format("heeft niet de vorm die de soort vraagt (kreeg '{}')", column),
            )
        if veld.max_lengte is not None:
            check(
                name,
                present & (column.str.len_chars() > veld.max_lengte),
                f"mag hoogstens {veld.max_lengte} tekens zijn",
            )
        if kind in ("geheel", "uren"):
            for bad, message in _number(column, veld, parsed):
                check(name, present & bad, message)
        per_soort[veld.soort] = veld.standaard
    for target, expr in _targets(name, kind, parsed).items():
        chain = None
        for s, default in per_soort.items():
            value = expr if default is None or target != name else expr.fill_null(default)
            chain = (chain.when(soort == s) if chain is not None else pl.when(soort == s)).then(value)
        typed[target] = chain.otherwise(None)


def _parse(name: str, kind: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """A field column's typed value, the condition under which a present value has the wrong form, and its
    message."""
    column = pl.col(name)
    if kind in ("tekst", "code"):
        return column, pl.lit(False), pl.lit("")
    if kind == "datum":
        parsed, bad, message = _date(name)
        return parsed, bad, message
    if kind == "ja_nee":
        return _ja_nee(name)
    if kind == "geheel":
        shape = column.str.contains(r"^-?\d{1,9}$")
        return (
            pl.when(shape).then(column.cast(pl.Int64, strict=False)),
            ~shape,
            pl.format("moet een geheel getal zijn (kreeg '{}')", column),
        )
    if kind == "uren":
        shape = column.str.contains(r"^\d{1,7}([.,]\d+)?$")
        return (
            pl.when(shape).then(column.str.replace(",", ".").cast(pl.Float64, strict=False)),
            ~shape,
            pl.format("moet een getal zijn, bv. 12 of 12.5 (kreeg '{}')", column),
        )
    if kind == "bedrag":
        shape = column.str.contains(r"^\d{1,12}([.,]\d{1,2})?$")
        return (
            pl.when(shape).then(column),
            ~shape,
            pl.format("moet een bedrag ≥ 0 met hoogstens 2 decimalen zijn (kreeg '{}')", column),
        )
    if kind == "duur":
        shape = column.str.contains(_DUUR) & (column != "P")
        return (
            pl.when(shape).then(column),
            ~shape,
            pl.format("moet een periode zijn zoals P3M, P16W of P1Y (kreeg '{}')", column),
        )
    raise ValueError(f"onbekende soort waarde {kind}")


def _targets(name: str, kind: str, parsed: pl.Expr) -> dict[str, pl.Expr]:
    """The flat columns a field fills: itself, or ``<name>_cent`` for an amount, ``<name>_maanden`` and
    ``<name>_dagen`` for a period (docs/events.md, "Columnar form")."""
    if kind == "bedrag":
        text = parsed.str.replace(",", ".")
        euros = text.str.extract(r"^(\d+)", 1).cast(pl.Int64)
        cents = text.str.extract(r"\.(\d{1,2})$", 1).str.pad_end(2, "0").cast(pl.Int64).fill_null(0)
        return {f"{name}_cent": euros * 100 + cents}
    if kind == "duur":

        def part(unit: str) -> pl.Expr:
            return parsed.str.extract(rf"(\d+){unit}", 1).cast(pl.Int32).fill_null(0)

        present = parsed.is_not_null()
        return {
            f"{name}_maanden": pl.when(present).then(part("Y") * 12 + part("M")),
            f"{name}_dagen": pl.when(present).then(part("W") * 7 + part("D")),
        }
    if kind == "geheel":
        return {name: parsed.cast(pl.Int32)}
    return {name: parsed}


def _events(frame: pl.DataFrame, feed: Feed, bron: str, typed: dict[str, pl.Expr]) -> pl.DataFrame:
    """The good rows in the flat columnar form (``beschikbaar_op`` is set when the delivery is applied)."""
    schema = flat_schema()
    prefix = f"{feed.naam}/{bron}/"
    columns = {
        "id": pl.lit(prefix) + pl.col("kenmerk"),
        "persoon": pl.col("persoon"),
        "soort": pl.col("soort"),
        "bron": pl.lit(bron),
        "corrigeert": pl.when(pl.col("corrigeert").is_not_null()).then(pl.lit(prefix) + pl.col("corrigeert")),
    }
    select = [pl.col(REGEL)]
    for name, dtype in schema.items():
        if name == "beschikbaar_op":
            continue
        if name in columns:
            expr = columns[name]
        elif name in typed:
            expr = pl.col(f"_t_{name}")
        else:
            expr = pl.lit(None)
        select.append(expr.cast(dtype).alias(name))
    return frame.select(select)


def _duplicates(events: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """A key twice in one file: the same content counts once; other content is an error on the later line."""
    content = [c for c in events.columns if c != REGEL]
    marked = events.with_columns(
        pl.struct(content).hash().alias("_h"),
        pl.col(REGEL).min().over("id").alias("_eerste"),
    ).with_columns(pl.col("_h").first().over("id").alias("_h_eerste"))  # rows are in file order
    later = marked.filter(pl.col(REGEL) != pl.col("_eerste"))
    conflicts = later.filter(pl.col("_h") != pl.col("_h_eerste")).select(
        REGEL,
        pl.lit("kenmerk").alias("veld"),
        pl.format("staat al op regel {} met andere inhoud", pl.col("_eerste")).alias("melding"),
    )
    first = marked.filter(pl.col(REGEL) == pl.col("_eerste")).select(events.columns)
    return first, conflicts, later.height - conflicts.height
