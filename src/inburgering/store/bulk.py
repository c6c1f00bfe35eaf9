"""Moving whole populations between the store and the engine's columnar tables, without a Python object per event.

The daily recomputation reads every event into the engine; a load of the synthetic population writes millions.
On PostgreSQL both go through ``COPY`` in CSV (one pass in C on each side); on SQLite through the DB-API cursor in
batches. Either way the rows are the vocabulary's flat columnar form (``docs/events.md``), so the engine gets what
``EventTables.from_flat`` checks and reads, with no per-event parsing.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence

import numpy as np
import polars as pl
from django.db import connection, transaction

from inburgering.events.table import EventTables
from inburgering.events.vocabulary import SOORTEN, flat_schema, table_schema
from inburgering.store.columns import FACT_NAMES
from inburgering.store.models import Feiten, Gebeurtenis, Persoon

BATCH = 100_000


def _columns(soort: str) -> dict[str, str]:
    """One event type's columns (envelope and its own fields) -> database column of the event table."""
    return {name: Gebeurtenis._meta.get_field(name).column for name in table_schema(soort)}


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def read_tables(persoon_ids: Sequence[str] | None = None) -> EventTables:
    """Every stored event (or those of ``persoon_ids``) as the engine's checked event tables.

    Everything is read per event type with only that type's columns: most of the wide event table is empty in
    any one row, and reading what is empty costs as much as reading what is not. A few persons (a write) are read
    in one query over the person index instead."""
    table = _quote(Gebeurtenis._meta.db_table)
    if persoon_ids is not None and len(persoon_ids) > FEW:
        return _many(table, persoon_ids)
    if persoon_ids is not None:
        return _few(table, persoon_ids)
    parts = []
    for soort in SOORTEN:
        columns = _columns(soort)
        query = f"SELECT {_select(columns)} FROM {table} WHERE {_quote('soort')} = %s"
        frame = (_copy_out if _postgres() else _fetch)(query, [soort], list(columns))
        if frame.height:
            parts.append(_typed(frame, table_schema(soort)).with_columns(pl.lit(soort).alias("soort")))
    if not parts:
        return EventTables(np.zeros(0, dtype=str), {})
    return EventTables.from_flat(pl.concat(parts, how="diagonal_relaxed"), "opslag")


def _few(table: str, persoon_ids: Sequence[str]) -> EventTables:
    """The events of a few persons (a dossier, a write): one query over the person index, split by type in
    memory. What the store holds passed the event table checks when it was written, so they are not repeated."""
    columns = {name: Gebeurtenis._meta.get_field(name).column for name in flat_schema()}
    placeholders = ", ".join(["%s"] * len(persoon_ids))
    query = f"SELECT {_select(columns)} FROM {table} WHERE {_quote('persoon_id')} IN ({placeholders})"
    flat = _typed(_fetch(query, list(persoon_ids), list(columns)), flat_schema())
    personen = np.sort(flat["persoon"].unique().to_numpy().astype(str))
    index = pl.Series(personen)
    frames = {}
    for (soort,), part in flat.partition_by("soort", as_dict=True).items():
        part = part.with_columns(
            pl.lit(index).search_sorted(pl.col("persoon")).cast(pl.Int32).alias("persoon")
        )
        frames[soort] = part.select(list(table_schema(soort)))
    return EventTables.from_checked_frames(personen, frames)


FEW = 500  # above this many persons (an import's block), read per event type as for everyone


def _many(table: str, persoon_ids: Sequence[str]) -> EventTables:
    """The events of many persons (a block of an import), per event type with only its columns, as for everyone:
    in one wide query most values read would be empty, and each costs as much as a filled one."""
    return tables_of(read_per_type(persoon_ids))


def read_per_type(persoon_ids: Sequence[str]) -> dict[str, pl.DataFrame]:
    """The stored events of these persons per event type: the type's table columns with ``persoon`` as its
    identifier. Only the types the persons have are read; the persons are a temporary table, so no query has
    more parameters than either database allows."""
    table = _quote(Gebeurtenis._meta.db_table)
    ids = _quote("_gelezen_personen")
    parts = {}
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE {ids} (persoon_id varchar(64) PRIMARY KEY)")
        try:
            frame = pl.DataFrame({"persoon_id": sorted(set(persoon_ids))}, schema={"persoon_id": pl.String})
            if _postgres():
                _copy_in(ids, frame)
            else:
                _append("_gelezen_personen", frame)
            cursor.execute(
                f"SELECT DISTINCT {_quote('soort')} FROM {table} WHERE {_quote('persoon_id')} IN "
                f"(SELECT persoon_id FROM {ids})"
            )
            present = {row[0] for row in cursor.fetchall()}
            for soort in (s for s in SOORTEN if s in present):
                columns = _columns(soort)
                query = (
                    f"SELECT {_select(columns)} FROM {table} WHERE {_quote('soort')} = %s "
                    f"AND {_quote('persoon_id')} IN (SELECT persoon_id FROM {ids})"
                )
                found = (_copy_out if _postgres() else _fetch)(query, [soort], list(columns))
                if found.height:
                    parts[soort] = _typed(found, table_schema(soort))
        finally:
            cursor.execute(f"DROP TABLE {ids}")
    return parts


def tables_of(parts: dict[str, pl.DataFrame]) -> EventTables:
    """The engine's event tables from per-type frames that hold stored (so checked) events, ``persoon`` as
    identifier."""
    parts = {soort: part for soort, part in parts.items() if part.height}
    if not parts:
        return EventTables(np.zeros(0, dtype=str), {})
    personen = np.sort(pl.concat([f["persoon"] for f in parts.values()]).unique().to_numpy().astype(str))
    index = pl.Series(personen)
    frames = {
        soort: part.with_columns(
            pl.lit(index).search_sorted(pl.col("persoon")).cast(pl.Int32).alias("persoon")
        )
        for soort, part in parts.items()
    }
    return EventTables.from_checked_frames(personen, frames)


def _select(columns: dict[str, str]) -> str:
    """The select list. On SQLite dates and moments are read as an expression, which has no declared type, so
    the Python converters Django registers for such columns do not run (they cost more than the query)."""
    if _postgres():
        return ", ".join(_quote(c) for c in columns.values())
    return ", ".join(
        f"({_quote(c)} || '')" if name in _DATE_COLUMNS else _quote(c) for name, c in columns.items()
    )


def _copy_out(query: str, params: list, names: list[str]) -> pl.DataFrame:
    buffer = io.BytesIO()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        sql = cursor.mogrify(query, params)
        with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER false)") as copy:
            for block in copy:
                buffer.write(block)
    if not buffer.getbuffer().nbytes:
        return pl.DataFrame(schema=dict.fromkeys(names, pl.String))
    buffer.seek(0)
    return pl.read_csv(buffer, has_header=False, new_columns=names, schema=dict.fromkeys(names, pl.String))


def _fetch(query: str, params: list, names: list[str]) -> pl.DataFrame:
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        while rows := cursor.fetchmany(BATCH):
            parts.append(pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None))
    if not parts:
        return pl.DataFrame(schema=dict.fromkeys(names, pl.String))
    return pl.concat(parts, how="vertical_relaxed")


def _typed(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Columns as either database returns them (text from PostgreSQL's COPY; SQLite's own values), cast to the
    columnar form's types."""
    casts = []
    for name, dtype in schema.items():
        column = pl.col(name)
        if frame.schema[name] == dtype:
            casts.append(column)
        elif name == "persoon":
            casts.append(column.cast(pl.String))
        elif dtype == pl.Date:
            casts.append(column.cast(pl.String).str.to_date("%Y-%m-%d"))
        elif isinstance(dtype, pl.Datetime):
            text = column.cast(pl.String).str.replace(" ", "T").str.replace(r"\+00(:?00)?$", "")
            casts.append(text.str.to_datetime(time_unit="us", time_zone="UTC"))
        elif dtype == pl.Boolean:
            casts.append(
                column.cast(pl.String).replace_strict(_BOOLEANS, default=None, return_dtype=pl.Boolean)
            )
        else:
            casts.append(column.cast(dtype))
    return frame.select(casts)


_BOOLEANS = {"t": True, "f": False, "1": True, "0": False, "true": True, "false": False}
_DATE_COLUMNS = frozenset(c for c, t in flat_schema().items() if t == pl.Date or isinstance(t, pl.Datetime))


def load(tables: EventTables, *, progress: Callable[[int], None] | None = None) -> int:
    """Add the events of ``tables`` and their persons to the store in one transaction; events already stored (by
    ``id``) are left as they are. Returns the number of events offered. Facts are not computed here: call
    ``projection.recompute_all`` after a load."""
    personen = pl.Series("persoon", tables.personen, dtype=pl.String)
    with transaction.atomic(), _indexes_rebuilt_if(empty := not Persoon.objects.exists()):
        _insert(
            Persoon._meta.db_table,
            pl.DataFrame({"identificatie": personen, "versie": pl.repeat(0, len(personen), eager=True)}),
            ["identificatie"],
            empty=empty,
        )
        for soort, frame in tables.tabellen.items():
            columns = _columns(soort)
            rows = frame.with_columns(
                personen.gather(frame["persoon"]).alias("persoon"), pl.lit(soort).alias("soort")
            )
            rows = rows.rename(columns).select([*columns.values(), "soort"])
            for start in range(0, rows.height, BATCH):
                _insert(Gebeurtenis._meta.db_table, rows.slice(start, BATCH), ["id"], empty=empty)
                if progress:
                    progress(min(BATCH, rows.height - start))
    return tables.n_events


@contextlib.contextmanager
def _indexes_rebuilt_if(empty: bool):
    """Loading an empty store: drop the event table's indexes (on PostgreSQL its primary key too), load, build
    them again from their own definitions as the database reports them. Building an index once over all rows is
    several times cheaper than keeping it up to date row by row: the ids arrive in no order, and the load of 1.3M
    events went from 84 s to a fraction of that (docs/performance.md). SQLite cannot drop a primary key."""
    if not empty:
        yield
        return
    table = Gebeurtenis._meta.db_table
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'p'",
                [table],
            )
            primary = cursor.fetchall()
            for name, _ in primary:
                cursor.execute(f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(name)}")
            names = {name for name, _ in primary}
            indexes = [(name, sql) for name, sql in indexes if name not in names]
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            indexes, primary = cursor.fetchall(), []
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {_quote(name)}")
    yield
    with connection.cursor() as cursor:
        for name, definition in primary:
            cursor.execute(f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(name)} {definition}")
        for _, sql in indexes:
            cursor.execute(sql)


def _insert(table: str, frame: pl.DataFrame, key: list[str], *, empty: bool = False) -> None:
    """INSERT rows, skipping those whose ``key`` is already there (idempotent re-load). Into an ``empty`` table (or
    one the caller knows holds none of the rows) they go straight in: PostgreSQL copies without staging, which
    would double the work, and a row that conflicts after all raises instead of being skipped."""
    names = ", ".join(_quote(c) for c in frame.columns)
    conflict = f"ON CONFLICT ({', '.join(_quote(k) for k in key)}) DO NOTHING"
    if _postgres() and empty:
        _copy_in(_quote(table), frame)
    elif _postgres():
        with _staged(table, frame) as temp, connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {_quote(table)} ({names}) SELECT {names} FROM {temp} {conflict}")
    else:
        _append(table, frame, "" if empty else conflict)


def _append(table: str, frame: pl.DataFrame, suffix: str = "") -> None:
    """Plain INSERT of every row through the DB-API cursor (SQLite, and small tables).

    A column that is empty in every row is left out: the database fills in NULL all the same (the store's tables
    have no database defaults), and binding millions of NULLs is much of SQLite's cost (a new person's facts
    have 18 empty dates of 74 columns: 30% of the insert)."""
    frame = frame.select([c for c in frame.columns if frame[c].null_count() < frame.height] or frame.columns)
    names = ", ".join(_quote(c) for c in frame.columns)
    placeholders = ", ".join(["%s"] * len(frame.columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_quote(table)} ({names}) VALUES ({placeholders}) {suffix}", _sqlite_rows(frame)
        )


def _copy_in(table: str, frame: pl.DataFrame) -> None:
    """COPY ``frame``'s rows into a (quoted) table on PostgreSQL, as CSV written by Polars."""
    names = ", ".join(_quote(c) for c in frame.columns)
    with (
        connection.wrap_database_errors,  # a violated constraint is Django's IntegrityError, as elsewhere
        connection.connection.cursor() as raw,
        raw.copy(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)") as copy,
    ):
        copy.write(frame.write_csv(include_header=False, datetime_format="%Y-%m-%dT%H:%M:%S%.6f+00:00"))


@contextlib.contextmanager
def _staged(table: str, frame: pl.DataFrame):
    """A temporary table shaped like ``table`` holding ``frame``'s rows (COPY on PostgreSQL, INSERT on SQLite);
    dropped afterwards."""
    temp = _quote(f"_staged_{table}")
    names = ", ".join(_quote(c) for c in frame.columns)
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(f"CREATE TEMP TABLE {temp} (LIKE {_quote(table)} INCLUDING DEFAULTS)")
            with (
                connection.connection.cursor() as raw,
                raw.copy(f"COPY {temp} ({names}) FROM STDIN WITH (FORMAT csv)") as copy,
            ):
                copy.write(
                    frame.write_csv(include_header=False, datetime_format="%Y-%m-%dT%H:%M:%S%.6f+00:00")
                )
        else:
            cursor.execute(f"CREATE TEMP TABLE {temp} AS SELECT * FROM {_quote(table)} WHERE 0")
            _append(temp.strip('"'), frame)
        try:
            yield temp
        finally:
            cursor.execute(f"DROP TABLE {temp}")


def write_facts(frame: pl.DataFrame) -> tuple[int, int]:
    """Write projected facts (columns: persoon_id, peildatum, versie, berekend_op and the facts); returns the
    number of rows changed and added. Call inside a transaction.

    An existing row is replaced only if it was computed from the same version of the person (a fact written
    meanwhile by a newer write stays) and only if a fact differs: on most days most persons' facts are what they
    were, and rewriting a million unchanged rows (and their indexes) would be most of the daily job's cost.
    Persons without a row get one."""
    table = Feiten._meta.db_table
    columns = ["persoon_id", "peildatum", "versie", "berekend_op", *FACT_NAMES]
    frame = frame.select(columns)
    names = ", ".join(_quote(c) for c in columns)
    quoted = _quote(table)
    with _staged(table, frame) as temp, connection.cursor() as cursor:
        updates = ", ".join(f"{_quote(c)} = t.{_quote(c)}" for c in columns[1:])
        old = ", ".join(f"{quoted}.{_quote(c)}" for c in FACT_NAMES)
        new = ", ".join(f"t.{_quote(c)}" for c in FACT_NAMES)
        differs = "IS DISTINCT FROM" if _postgres() else "IS NOT"  # null-safe, on row values
        cursor.execute(
            f"UPDATE {quoted} SET {updates} FROM {temp} AS t "
            f"WHERE {quoted}.persoon_id = t.persoon_id AND {quoted}.versie = t.versie AND ({old}) {differs} ({new})"
        )
        changed = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {quoted} ({names}) SELECT {names} FROM {temp} AS t "
            f"WHERE NOT EXISTS (SELECT 1 FROM {quoted} AS f WHERE f.persoon_id = t.persoon_id)"
        )
        return changed, cursor.rowcount


def _sqlite_rows(frame: pl.DataFrame):
    """Rows as SQLite stores Django's types: dates ISO, moments 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC."""
    converted = frame.with_columns(
        [
            pl.col(c).dt.strftime("%Y-%m-%d %H:%M:%S%.6f")
            for c, t in frame.schema.items()
            if isinstance(t, pl.Datetime)
        ]
        + [pl.col(c).dt.strftime("%Y-%m-%d") for c, t in frame.schema.items() if t == pl.Date]
    )
    return converted.iter_rows()


def read_by_id(ids: Sequence[str]) -> pl.DataFrame:
    """The stored events with these ids in the flat columnar form (``persoon`` as identifier): what an import
    compares a re-delivered row with, and the targets of its corrections. Read in batches of ids, so that no
    query has more parameters than either database allows."""
    table = _quote(Gebeurtenis._meta.db_table)
    columns = {name: Gebeurtenis._meta.get_field(name).column for name in flat_schema()}
    parts = []
    for start in range(0, len(ids), ID_BATCH):
        condition, params = one_of(_quote("id"), list(ids[start : start + ID_BATCH]))
        query = f"SELECT {_select(columns)} FROM {table} WHERE {condition}"
        parts.append(
            _typed((_copy_out if _postgres() else _fetch)(query, params, list(columns)), flat_schema())
        )
    if not parts:
        return pl.DataFrame(schema=flat_schema())
    return pl.concat(parts)


ID_BATCH = 5_000


def one_of(column: str, values: list) -> tuple[str, list]:
    """``column`` is one of ``values``, as SQL and its parameters: one array parameter on PostgreSQL (a query
    with thousands of placeholders costs more to prepare than to run), a list of placeholders on SQLite (at most
    ``ID_BATCH`` values, within its limit)."""
    if _postgres():
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def insert_rows(table: str, frame: pl.DataFrame, key: list[str], *, conflicts: bool = True) -> None:
    """Insert ``frame``'s rows (database column names) into ``table``, skipping those whose ``key`` is already
    there: COPY through a staging table on PostgreSQL, batched INSERTs on SQLite. ``conflicts=False``: the caller
    guarantees that no row is there (it deleted them under lock, or filtered them out), so PostgreSQL copies
    straight in, and a row that is there after all raises ``IntegrityError``. Call inside a transaction."""
    _insert(table, frame, key, empty=not conflicts)
