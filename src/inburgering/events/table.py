"""The columnar form of an event history: one Polars table per event type, and its single-table Parquet file.

Evaluating a million persons needs the events column-wise (docs/performance.md), so everything that loads
events ends here: records from JSON Lines (``from_events``), frames from the generator (``from_frames``) and
Parquet files (``read_parquet``). All three pass the same checks: known types and columns, required fields
present, values in their enumerations and ranges, ``id`` unique (a repeated identical event counts once),
corrections naming an earlier event of the same type and person.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import numpy as np
import polars as pl

from inburgering.events.jsonl import read_jsonl
from inburgering.events.vocabulary import (
    ENVELOPE_SCHEMA,
    SOORTEN,
    Event,
    enumeration,
    field_kinds,
    flat_schema,
    from_columns,
    table_schema,
    to_columns,
)

ORDER = ["persoon", "geldig_op", "beschikbaar_op", "id"]


class EventTableError(ValueError):
    """Events that cannot form a consistent history (unknown type, duplicate id, dangling correction, ...)."""


@dataclass(frozen=True)
class EventTables:
    """``personen``: sorted unique identifiers; ``tabellen``: per type a table whose ``persoon`` indexes them."""

    personen: np.ndarray
    tabellen: dict[str, pl.DataFrame]

    @classmethod
    def from_events(cls, events: Iterable[Event]) -> EventTables:
        """From validated records; the same ``id`` twice with the same content counts once."""
        unique: dict[str, Event] = {}
        for event in events:
            earlier = unique.setdefault(event.id, event)
            if earlier != event:
                raise EventTableError(f"id {event.id!r} komt twee keer voor met verschillende inhoud")
        personen = np.array(sorted({e.persoon for e in unique.values()}), dtype=str)
        rows: dict[str, list[dict]] = {}
        for event in unique.values():
            rows.setdefault(event.soort, []).append(
                {
                    "id": event.id,
                    "persoon": event.persoon,
                    "geldig_op": event.geldig_op,
                    "beschikbaar_op": event.beschikbaar_op,
                    "bron": event.bron,
                    "corrigeert": event.corrigeert,
                    "intrekking": event.intrekking,
                    **to_columns(event.gegevens),
                }
            )
        index = {p: i for i, p in enumerate(personen.tolist())}
        frames = {}
        for soort, records in rows.items():
            for record in records:
                record["persoon"] = index[record["persoon"]]
            frames[soort] = pl.DataFrame(records, schema=table_schema(soort), orient="row")
        return cls.from_frames(personen, frames)

    @classmethod
    def from_frames(cls, personen: np.ndarray, frames: dict[str, pl.DataFrame]) -> EventTables:
        """From per-type tables in the columnar form of docs/events.md; checks, sorts, drops exact repeats."""
        personen = np.asarray(personen, dtype=str)
        if len(personen) > 1 and not (personen[1:] > personen[:-1]).all():
            raise EventTableError("personen moeten gesorteerd en uniek zijn")
        tabellen = {}
        for soort, frame in frames.items():
            if soort not in SOORTEN:
                raise EventTableError(f"onbekende soort {soort!r}")
            schema = table_schema(soort)
            missing = [c for c in schema if c not in frame.columns]
            extra = [c for c in frame.columns if c not in schema]
            if missing or extra:
                raise EventTableError(f"{soort}: kolommen ontbreken {missing} of zijn onbekend {extra}")
            frame = frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])
            frame = frame.with_columns(pl.col("intrekking").fill_null(False))
            _check_values(soort, frame, len(personen))
            tabellen[soort] = frame if _is_sorted(frame) else frame.sort(ORDER)
        tabellen = _drop_repeats(tabellen)
        _check_corrections(tabellen)
        return cls(personen, tabellen)

    @classmethod
    def from_checked_frames(cls, personen: np.ndarray, frames: dict[str, pl.DataFrame]) -> EventTables:
        """From per-type tables that already passed ``from_frames``' checks when they were stored (the store
        keeps only what passed them): only the column types and the order are made right.

        A dossier is read far more often than it is written; re-checking every value, id and correction of one
        person on every read cost several times the evaluation itself (docs/performance.md)."""
        tabellen = {}
        for soort, frame in frames.items():
            schema = table_schema(soort)
            frame = frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])
            tabellen[soort] = frame.sort(ORDER)
        return cls(np.asarray(personen, dtype=str), tabellen)

    @classmethod
    def read_parquet(cls, path: str | Path) -> EventTables:
        """From the single-table Parquet form (``write_parquet``)."""
        return cls.from_flat(pl.scan_parquet(path), Path(path).name)

    @classmethod
    def from_flat(cls, flat: pl.DataFrame | pl.LazyFrame, source: str = "tabel") -> EventTables:
        """From one table with ``persoon`` as identifier and a ``soort`` column.

        Each type's rows are collected with only that type's columns: the flat table holds every type's fields
        and most of them are empty in any one row, so materialising it whole would cost several times the
        memory of the result. A file written by ``write_parquet`` is ordered by type, so each scan reads only
        the row groups of its type."""
        flat = flat.lazy()
        columns = flat.collect_schema().names()
        schema = flat_schema()
        unknown = [c for c in columns if c not in schema]
        missing = [c for c in (*ENVELOPE_SCHEMA, "soort") if c not in columns]
        if unknown or missing:
            raise EventTableError(f"{source}: kolommen ontbreken {missing} of zijn onbekend {unknown}")
        keys = flat.select("soort", "persoon")
        if keys.select(pl.col("soort").null_count() + pl.col("persoon").null_count()).collect().item():
            raise EventTableError(f"{source}: persoon en soort mogen niet leeg zijn")
        soorten = keys.select(pl.col("soort").unique()).collect()["soort"].to_list()
        unknown_soorten = set(soorten) - set(SOORTEN)
        if unknown_soorten:
            raise EventTableError(f"{source}: onbekende soort(en) {sorted(unknown_soorten)}")
        personen = keys.select(pl.col("persoon").unique().sort()).collect()["persoon"]
        frames = {}
        for soort in soorten:
            part = flat.filter(pl.col("soort") == soort).select(
                [
                    pl.col(c) if c in columns else pl.lit(None, dtype=t).alias(c)
                    for c, t in table_schema(soort).items()
                ]
            )
            part = part.with_columns(
                pl.lit(personen).search_sorted(pl.col("persoon")).cast(pl.Int32).alias("persoon")
            )
            frames[soort] = part.collect()
        return cls.from_frames(personen.to_numpy().astype(str), frames)

    def to_flat(self) -> pl.DataFrame:
        """One table for all types (``persoon`` as identifier, ``soort``, the union of the fields), ordered by
        ``soort`` and then as the type's table."""
        schema = flat_schema()
        names = pl.Series(self.personen, dtype=pl.String)
        parts = []
        for soort in sorted(self.tabellen):
            frame = self.tabellen[soort]
            part = frame.with_columns(
                names.gather(frame["persoon"]).alias("persoon"), pl.lit(soort).alias("soort")
            )
            parts.append(
                part.select(
                    [
                        pl.col(c) if c in part.columns else pl.lit(None, dtype=t).alias(c)
                        for c, t in schema.items()
                    ]
                )
            )
        if not parts:
            return pl.DataFrame(schema=schema)
        return pl.concat(parts)

    def write_parquet(self, path: str | Path) -> None:
        """The flat form, ordered by type and then as each table (small row groups, so a type reads alone)."""
        self.to_flat().write_parquet(path, compression="zstd", row_group_size=128_000, statistics=True)

    @property
    def n_events(self) -> int:
        return sum(frame.height for frame in self.tabellen.values())

    @property
    def n_personen(self) -> int:
        return len(self.personen)

    def person_index(self, persoon: str) -> int:
        """The number of a person; ``KeyError`` with a Dutch message if unknown."""
        i = int(np.searchsorted(self.personen, persoon))
        if i >= len(self.personen) or self.personen[i] != persoon:
            raise KeyError(f"{persoon!r} komt niet voor in de gebeurtenissen")
        return i

    def for_person(self, persoon: str) -> EventTables:
        """Only one person's events, renumbered as person 0."""
        i = self.person_index(persoon)
        tabellen = {}
        for soort, frame in self.tabellen.items():
            part = frame.filter(pl.col("persoon") == i)
            if part.height:
                tabellen[soort] = part.with_columns(pl.lit(0, dtype=pl.Int32).alias("persoon"))
        return EventTables(self.personen[i : i + 1], tabellen)

    def to_events(self) -> Iterator[Event]:
        """Every event as a record, per type, in table order."""
        for soort, frame in self.tabellen.items():
            for row in frame.iter_rows(named=True):
                yield Event(
                    id=row["id"],
                    persoon=str(self.personen[row["persoon"]]),
                    soort=soort,
                    geldig_op=row["geldig_op"],
                    beschikbaar_op=row["beschikbaar_op"],
                    bron=row["bron"],
                    gegevens=from_columns(soort, row),
                    corrigeert=row["corrigeert"],
                    intrekking=row["intrekking"],
                )


def read_events(path: str | Path, *, report: bool = False):
    """Events from ``.jsonl`` or ``.parquet``. With ``report`` (JSON Lines only) returns ``(tables, errors)``."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} bestaat niet")
    if path.suffix == ".jsonl":
        if report:
            events, errors = read_jsonl(path, report=True)
            return EventTables.from_events(events), errors
        return EventTables.from_events(read_jsonl(path))
    if path.suffix == ".parquet":
        tables = EventTables.read_parquet(path)
        return (tables, []) if report else tables
    raise ValueError(f"{path}: onbekende bestandsvorm {path.suffix!r} (verwacht .jsonl of .parquet)")


def _check_values(soort: str, frame: pl.DataFrame, n_personen: int) -> None:
    """Vectorised versions of the record checks, for tables that did not come through ``event_from_dict``."""
    problems = []
    for column in ("id", "persoon", "geldig_op", "beschikbaar_op", "bron"):
        if frame[column].null_count():
            problems.append(f"{column} ontbreekt")
    if frame.height and (frame["persoon"].min() < 0 or frame["persoon"].max() >= n_personen):
        problems.append("persoon verwijst buiten de lijst van personen")
    if frame.filter(pl.col("intrekking") & pl.col("corrigeert").is_null()).height:
        problems.append("een intrekking zonder corrigeert")
    if frame.filter(pl.col("corrigeert") == pl.col("id")).height:
        problems.append("een gebeurtenis die zichzelf corrigeert")
    cls = SOORTEN[soort]
    kinds = field_kinds(cls)
    for field in msgspec.structs.fields(cls):
        kind = kinds[field.name]
        column = {"bedrag": f"{field.name}_cent", "duur": f"{field.name}_maanden"}.get(kind, field.name)
        if field.required and frame[column].null_count():
            problems.append(f"gegevens.{field.name} ontbreekt")
        allowed = enumeration(field.type)
        if allowed:
            bad = frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(allowed)))
            if bad.height:
                problems.append(f"gegevens.{field.name}: onbekende waarde {bad[column][0]!r}")
        bounds = _bounds(field.type)
        if bounds:
            lo, hi = bounds
            if frame.filter((pl.col(column) < lo) | (pl.col(column) > hi)).height:
                problems.append(f"gegevens.{field.name} buiten {lo}–{hi}")
    if problems:
        raise EventTableError(f"{soort}: " + "; ".join(problems))


def _bounds(annotation) -> tuple[float, float] | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, msgspec.Meta) and meta.le is not None:
            return (meta.ge if meta.ge is not None else meta.gt or 0), meta.le
    return None


def _is_sorted(frame: pl.DataFrame) -> bool:
    """Whether rows are already in ``ORDER`` (cheaper than sorting again: generators and files deliver so)."""
    later = pl.lit(True)
    for column in reversed(ORDER):
        current, previous = pl.col(column), pl.col(column).shift()
        later = (current > previous) | ((current == previous) & later)
    return bool(frame.select(later.fill_null(True).all()).item())


def _drop_repeats(tabellen: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """A repeated identical event counts once; the same ``id`` with other content (or type) is an error.

    Ids are compared through their 64-bit hashes first, so the usual case (no repeats) costs one hash per
    event; only rows whose hash repeats are compared exactly."""
    if not tabellen:
        return tabellen
    hashes = pl.concat([f.select(pl.col("id").hash().alias("h")) for f in tabellen.values()])["h"]
    if hashes.n_unique() == len(hashes):
        return tabellen
    repeated = hashes.filter(hashes.is_duplicated()).unique().implode()
    suspects = {s: f.filter(pl.col("id").hash().is_in(repeated)) for s, f in tabellen.items()}
    ids = pl.concat([f.select("id", pl.lit(s).alias("soort")) for s, f in suspects.items()])
    across = ids.unique().filter(pl.col("id").is_duplicated())
    if across.height:
        raise EventTableError(f"id {across['id'][0]!r} komt voor bij meer dan één soort")
    result = {}
    for soort, frame in tabellen.items():
        same = suspects[soort].unique(maintain_order=True)
        conflict = same.filter(pl.col("id").is_duplicated())
        if conflict.height:
            raise EventTableError(
                f"id {conflict['id'][0]!r} komt meer dan eens voor met verschillende inhoud "
                f"({conflict['id'].n_unique()} zulke ids)"
            )
        if same.height < suspects[soort].height:
            rest = frame.filter(~pl.col("id").hash().is_in(repeated))
            frame = pl.concat([rest, same]).sort(ORDER)
        result[soort] = frame
    return result


def _check_corrections(tabellen: dict[str, pl.DataFrame]) -> None:
    """Each correction names an event of its own type and person."""
    for soort, frame in tabellen.items():
        corrections = frame.filter(pl.col("corrigeert").is_not_null()).select("id", "persoon", "corrigeert")
        if not corrections.height:
            continue
        targets = frame.filter(pl.col("id").is_in(corrections["corrigeert"].implode())).select(
            pl.col("id").alias("corrigeert"), pl.col("persoon").alias("doel_persoon")
        )
        linked = corrections.join(targets, on="corrigeert", how="left")
        bad = linked.filter(pl.col("doel_persoon").is_null() | (pl.col("doel_persoon") != pl.col("persoon")))
        if bad.height:
            raise EventTableError(
                f"{soort}: {bad['id'][0]!r} corrigeert {bad['corrigeert'][0]!r}, maar dat is geen gebeurtenis van "
                f"dezelfde soort en persoon ({bad.height} zulke correcties)"
            )
