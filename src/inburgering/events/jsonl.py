"""Reading and writing events as JSON Lines, with errors that name the file, the line and the field.

A file is read whole before anything is returned: by default one bad line rejects the file (``EventFileError``
lists every bad line, not just the first), so a partner never gets half a delivery applied. With
``report=True`` the reader returns the good events and the bad lines instead, for quarantine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import msgspec

from inburgering.events.vocabulary import BRON_PATTERN, SOORTEN, Event

_ENVELOPE = {
    "id",
    "persoon",
    "soort",
    "geldig_op",
    "beschikbaar_op",
    "bron",
    "gegevens",
    "corrigeert",
    "intrekking",
}
_REQUIRED = ("id", "persoon", "soort", "geldig_op", "bron", "gegevens")
_DECODER = msgspec.json.Decoder()
_BRON = re.compile(BRON_PATTERN)


@dataclass(frozen=True)
class LineError:
    """One problem in one line of an input file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class EventError(ValueError):
    """An event that breaks the vocabulary; ``field`` says where (``gegevens.score``, ``geldig_op``, ...)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class EventFileError(ValueError):
    """A file rejected whole; ``errors`` lists every bad line."""

    def __init__(self, errors: list[LineError]):
        self.errors = errors
        shown = "\n".join(str(e) for e in errors[:20])
        more = f"\n… en nog {len(errors) - 20} fouten" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} fout(en), niets ingelezen:\n{shown}{more}")


def event_from_dict(data: object, *, received: dt.datetime | None = None) -> Event:
    """Validate one event in its JSON form; ``received`` is the default ``beschikbaar_op`` (now if not given)."""
    if not isinstance(data, dict):
        raise EventError("(regel)", "moet een JSON-object zijn")
    for name in data:
        if name not in _ENVELOPE:
            raise EventError(name, "onbekend veld in de envelop")
    for name in _REQUIRED:
        if name not in data:
            raise EventError(name, "ontbreekt")
    ident = _text(data, "id", 100)
    persoon = _text(data, "persoon", 64)
    soort = data["soort"]
    if soort not in SOORTEN:
        raise EventError("soort", f"onbekende soort {soort!r}")
    geldig_op = _date(data["geldig_op"], "geldig_op")
    beschikbaar_op = _moment(data.get("beschikbaar_op"), received)
    bron = data["bron"]
    if not isinstance(bron, str) or not _BRON.match(bron):
        raise EventError(
            "bron", f"onbekende bron {bron!r} (IND, DUO, COA, BRP, CVTE, ARGONAUT, GMxxxx, TAALSCHOOL:id)"
        )
    corrigeert = data.get("corrigeert")
    if corrigeert is not None and (not isinstance(corrigeert, str) or corrigeert == ident):
        raise EventError("corrigeert", "moet het id van een andere gebeurtenis zijn")
    intrekking = data.get("intrekking", False)
    if not isinstance(intrekking, bool):
        raise EventError("intrekking", "moet true of false zijn")
    if intrekking and corrigeert is None:
        raise EventError("intrekking", "een intrekking moet in `corrigeert` zeggen wat ze intrekt")
    gegevens = data["gegevens"]
    if not isinstance(gegevens, dict):
        raise EventError("gegevens", "moet een object zijn")
    try:
        record = msgspec.convert(gegevens, SOORTEN[soort])
    except msgspec.ValidationError as error:
        raise _translate(error, gegevens) from None
    return Event(
        id=ident,
        persoon=persoon,
        soort=soort,
        geldig_op=geldig_op,
        beschikbaar_op=beschikbaar_op,
        bron=bron,
        gegevens=record,
        corrigeert=corrigeert,
        intrekking=intrekking,
    )


def _text(data: dict, name: str, max_length: int) -> str:
    value = data[name]
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise EventError(name, f"moet tekst van 1 tot {max_length} tekens zijn (kreeg {value!r})")
    return value


def _date(value: object, field: str) -> dt.date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise EventError(field, f"moet een datum JJJJ-MM-DD zijn (kreeg {value!r})")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise EventError(field, f"{value} is geen bestaande datum") from None


def _moment(value: object, received: dt.datetime | None) -> dt.datetime:
    """``beschikbaar_op``: an RFC 3339 timestamp with offset, or a date meaning 00:00 UTC; in UTC."""
    if value is None:
        return received or dt.datetime.now(dt.UTC)
    if isinstance(value, str) and len(value) == 10:
        day = _date(value, "beschikbaar_op")
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) and "T" in value else None
    except ValueError:
        moment = None
    if moment is None:
        raise EventError(
            "beschikbaar_op", f"moet een tijdstip (2024-03-01T09:00:00Z) of datum zijn (kreeg {value!r})"
        )
    if moment.tzinfo is None:
        raise EventError("beschikbaar_op", f"tijdstip zonder tijdzone: {value!r} (gebruik Z of +01:00)")
    return moment.astimezone(dt.UTC)


_PATH = re.compile(r" - at `\$\.([A-Za-z_0-9]+)`$")
_PATTERNS = [
    (re.compile(r"Object missing required field `(\w+)`"), lambda m, v: (m[1], "ontbreekt")),
    (
        re.compile(r"Object contains unknown field `(\w+)`"),
        lambda m, v: (m[1], "onbekend veld voor deze soort"),
    ),
    (re.compile(r"Invalid enum value '(.*)'"), lambda m, v: (None, f"onbekende waarde {m[1]!r}")),
    (
        re.compile(r"Expected `(\w+)` (<=|>=|<|>) (\S+)"),
        lambda m, v: (None, f"moet {_OP[m[2]]} {m[3]} zijn (kreeg {v})"),
    ),
    (
        re.compile(r"Expected `str` matching regex"),
        lambda m, v: (None, f"heeft niet de vorm die de soort vraagt (kreeg {v!r})"),
    ),
    (
        re.compile(r"Expected `str` of length <= (\d+)"),
        lambda m, v: (None, f"mag hoogstens {m[1]} tekens zijn"),
    ),
    (
        re.compile(r"Invalid RFC3339 encoded date"),
        lambda m, v: (None, f"geen bestaande datum JJJJ-MM-DD (kreeg {v!r})"),
    ),
    (
        re.compile(r"Expected `(\w+)(?: \| null)?`, got `(\w+)`"),
        lambda m, v: (None, f"moet {_TYPE.get(m[1], m[1])} zijn (kreeg {v!r})"),
    ),
    (re.compile(r"Invalid decimal string"), lambda m, v: (None, f"geen geldig bedrag (kreeg {v!r})")),
]
_OP = {"<=": "≤", ">=": "≥", "<": "<", ">": ">"}
_TYPE = {
    "int": "een geheel getal",
    "float": "een getal",
    "str": "tekst",
    "bool": "true of false",
    "decimal": "een bedrag",
}


def _translate(error: msgspec.ValidationError, gegevens: dict) -> EventError:
    """msgspec's English message as a Dutch one that names the field under ``gegevens``."""
    text = str(error)
    path = _PATH.search(text)
    field = path[1] if path else None
    text = _PATH.sub("", text)
    value = gegevens.get(field) if field else None
    for pattern, render in _PATTERNS:
        match = pattern.search(text)
        if match:
            named, message = render(match, value)
            field = named or field
            break
    else:
        message = text  # our own __post_init__ messages are Dutch already
    return EventError(f"gegevens.{field}" if field else "gegevens", message)


def read_jsonl(path: str | Path, *, report: bool = False, received: dt.datetime | None = None):
    """All events in a file. Raises ``EventFileError`` on any bad line, or with ``report`` returns
    ``(events, errors)``. The same ``id`` twice with the same content counts once; with other content it is an
    error on the later line."""
    path = Path(path)
    received = received or dt.datetime.now(dt.UTC)
    events: list[Event] = []
    errors: list[LineError] = []
    seen: dict[str, tuple[int, Event]] = {}
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                data = _DECODER.decode(raw)
            except msgspec.DecodeError as error:
                errors.append(LineError(path.name, number, "(regel)", f"geen geldige JSON: {error}"))
                continue
            try:
                event = event_from_dict(data, received=received)
            except EventError as error:
                errors.append(LineError(path.name, number, error.field, error.message))
                continue
            earlier = seen.get(event.id)
            if earlier is not None:
                if earlier[1] != event:
                    errors.append(
                        LineError(
                            path.name,
                            number,
                            "id",
                            f"{event.id!r} staat al op regel {earlier[0]} met andere inhoud",
                        )
                    )
                continue
            seen[event.id] = (number, event)
            events.append(event)
    if report:
        return events, errors
    if errors:
        raise EventFileError(errors)
    return events


def write_jsonl(events, path: str | Path) -> int:
    """Write events one per line (UTF-8); returns the number written."""
    encoder = msgspec.json.Encoder()
    count = 0
    with Path(path).open("wb") as handle:
        for event in events:
            handle.write(encoder.encode(event.to_dict()))
            handle.write(b"\n")
            count += 1
    return count
