"""Reading a delivery file into one frame of text columns, whatever its form: CSV (UTF-8, a BOM allowed, `,` or
`;` between fields) or JSON Lines (one flat object per line). Validation is then the same for both
(``feeds_check``).

CSV is read by Polars in one pass; JSON Lines by msgspec, the whole file at once when every line is a flat object
(``_jsonl_at_once``) and otherwise line by line, so that a line that is not JSON is one bad row (with its line
number) and not a rejected file. A file that is not UTF-8, has no header or has a malformed
header is rejected whole (``BestandFout``), naming the line and the byte.
"""

from __future__ import annotations

import csv
import gc
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter

import msgspec
import polars as pl

from inburgering.events.jsonl import LineError

REGEL = "_regel"  # the column that holds each row's line number in the file
BOM = b"\xef\xbb\xbf"
_DECODER = msgspec.json.Decoder()
# each line as an array of exactly one flat object: see ``_jsonl_at_once``
_LINES_OF_ONE_OBJECT = msgspec.json.Decoder(list[tuple[dict[str, str | int | float | bool | None]]])


class BestandFout(ValueError):
    """A file that cannot be read as rows at all; ``fouten`` says where."""

    def __init__(self, fouten: list[LineError]):
        self.fouten = fouten
        super().__init__("; ".join(str(f) for f in fouten))


@dataclass
class Gelezen:
    """A file's rows as text (``frame``, with the line number in ``_regel``) and the lines that could not be
    read as a row at all (bad JSON), with their raw text."""

    frame: pl.DataFrame
    kolommen: list[str]
    fouten: list[LineError] = field(default_factory=list)
    ruw: dict[int, dict] = field(default_factory=dict)


def vorm(naam: str) -> str:
    """The file's form by its name: ``csv`` or ``jsonl``."""
    lower = naam.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    raise BestandFout([LineError(naam, 0, "(bestand)", "onbekende bestandsvorm: gebruik .csv of .jsonl")])


def lees(data: bytes, naam: str) -> Gelezen:
    """The rows of a delivery file (its bytes and its name, which gives the form)."""
    form = vorm(naam)
    offset = len(BOM) if data.startswith(BOM) else 0
    data = data[offset:]
    _check_utf8(data, naam, offset)
    return _csv(data, naam) if form == "csv" else _jsonl(data, naam)


def _check_utf8(data: bytes, naam: str, offset: int) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise BestandFout(
            [
                LineError(
                    naam,
                    line,
                    "(bestand)",
                    f"geen UTF-8: byte {error.start + offset + 1} van het bestand (0x{data[error.start]:02x}, "
                    f"byte {column} van regel {line}); lever het bestand in UTF-8",
                )
            ]
        ) from None


def _csv(data: bytes, naam: str) -> Gelezen:
    end = data.find(b"\n")
    header = (data if end < 0 else data[:end]).decode("utf-8").rstrip("\r")
    if not header.strip():
        raise BestandFout([LineError(naam, 1, "(kop)", "geen kopregel met de kolomnamen")])
    separator = ";" if header.count(";") > header.count(",") else ","
    names = [n.strip().lower() for n in next(csv.reader([header], delimiter=separator))]
    _check_names(names, naam)
    body = data[end + 1 :] if end >= 0 else b""
    if not body.strip():
        return Gelezen(_empty(names), names)
    try:
        frame = pl.read_csv(
            io.BytesIO(body),
            has_header=False,
            new_columns=names,
            separator=separator,
            infer_schema=False,
            quote_char='"',
        )
    except pl.exceptions.PolarsError as error:
        raise BestandFout([_ragged(body, naam, separator, len(names), error)]) from None
    frame = frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(REGEL))
    return Gelezen(frame, names)


def _ragged(body: bytes, naam: str, separator: str, width: int, error: Exception) -> LineError:
    """Where a CSV body that Polars refused goes wrong: the first row with another number of fields."""
    reader = csv.reader(io.StringIO(body.decode("utf-8")), delimiter=separator)
    for row in reader:
        if row and len(row) != width:
            return LineError(
                naam,
                reader.line_num + 1,
                "(regel)",
                f"{len(row)} velden, de kopregel heeft er {width} (scheidingsteken {separator!r})",
            )
    return LineError(naam, 0, "(bestand)", f"geen geldige CSV: {error}")


def _check_names(names: list[str], naam: str) -> None:
    fouten = []
    seen: set[str] = set()
    for number, name in enumerate(names, 1):
        if not name:
            fouten.append(LineError(naam, 1, f"(kolom {number})", "kolom zonder naam"))
        elif name in seen:
            fouten.append(LineError(naam, 1, name, "kolom staat twee keer in de kopregel"))
        seen.add(name)
    if fouten:
        raise BestandFout(fouten)


def _empty(names: list[str]) -> pl.DataFrame:
    return pl.DataFrame(schema={**dict.fromkeys(names, pl.String), REGEL: pl.Int64})


def _jsonl(data: bytes, naam: str) -> Gelezen:
    with _no_cycle_collection():
        return _jsonl_at_once(data) or _jsonl_by_line(data, naam)


@contextmanager
def _no_cycle_collection():
    """Decoding makes a dict per line and a text per field, none of them in a cycle: Python's collector would scan
    them again and again as they pile up and find nothing (a third of the decoding time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _jsonl_at_once(data: bytes) -> Gelezen | None:
    """The common case in one decode: every line (blank ones only at the end) one flat object with names as the
    feed writes them. The lines decoded as one JSON array take a fraction of a decode per line, and a column of
    only text goes to Polars as it is. Anything else (a blank or bad line, a nested value, a name to normalise)
    returns ``None``, and the line-by-line reading gives the same rows or says per line what is wrong. The two
    must agree: a property test checks it."""
    # Line k becomes the k-th element ``[line]``: a JSON string cannot hold a raw line break, so no value spans
    # two elements, and an element must be exactly one object, so a blank line or two values on a line fail.
    body = data.rstrip(b"\n")
    if not body:
        return None
    try:
        rows = list(
            map(itemgetter(0), _LINES_OF_ONE_OBJECT.decode(b"[[" + body.replace(b"\n", b"]\n,[") + b"]]"))
        )
    except msgspec.DecodeError:
        return None
    names, values = _columns(rows)
    if not names or any(name != name.strip().lower() for name in names):
        return None
    frame = pl.DataFrame({name: _column(name, column) for name, column in zip(names, values, strict=True)})
    frame = frame.with_columns(pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias(REGEL))
    return Gelezen(frame, names)


def _columns(rows: list[dict]) -> tuple[list[str], list]:
    """The rows' names in order of first appearance, and each name's values, row by row."""
    names = list(rows[0])
    if names and all(len(row) == len(names) for row in rows):
        getter = itemgetter(*names)
        try:  # as many names in every row: the same names, unless a row lacks one
            rows_of_values = list(map(getter, rows))
        except KeyError:
            pass
        else:
            return names, list(zip(*rows_of_values, strict=True)) if len(names) > 1 else [rows_of_values]
    names = list(dict.fromkeys(name for row in rows for name in row))
    return names, [[row.get(name) for row in rows] for name in names]


def _column(name: str, values) -> pl.Series:
    try:
        return pl.Series(name, values, dtype=pl.String, strict=True)
    except TypeError:  # numbers or yes/no among the values
        return pl.Series(name, [_text(value) for value in values], dtype=pl.String)


def _jsonl_by_line(data: bytes, naam: str) -> Gelezen:
    rows: list[dict] = []
    lines: list[int] = []
    fouten: list[LineError] = []
    ruw: dict[int, dict] = {}
    names: dict[str, None] = {}
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            item = _DECODER.decode(raw)
        except msgspec.DecodeError as error:
            fouten.append(LineError(naam, number, "(regel)", f"geen geldige JSON: {error}"))
            ruw[number] = {"(regel)": raw.decode("utf-8")}
            continue
        if not isinstance(item, dict):
            fouten.append(LineError(naam, number, "(regel)", "moet een JSON-object zijn"))
            ruw[number] = {"(regel)": raw.decode("utf-8")}
            continue
        row = {}
        for key, value in item.items():
            name = key.strip().lower()
            if isinstance(value, dict | list):
                fouten.append(
                    LineError(naam, number, name, "moet een enkele waarde zijn, geen object of lijst")
                )
                ruw[number] = item
                break
            names.setdefault(name)
            row[name] = _text(value)
        else:
            rows.append(row)
            lines.append(number)
    columns = list(names)
    if not rows:
        return Gelezen(_empty(columns), columns, fouten, ruw)
    frame = pl.from_dicts(rows, schema=dict.fromkeys(columns, pl.String))
    frame = frame.with_columns(pl.Series(REGEL, lines, dtype=pl.Int64))
    return Gelezen(frame, columns, fouten, ruw)


def _text(value: object) -> str | None:
    """A JSON value as the text a CSV field would hold (``true``, ``12.5``), so both forms validate alike."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)
