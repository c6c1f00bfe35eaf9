"""Reading JSON Lines: the whole-file decode and the line-by-line reading give the same rows, whatever the file."""

from __future__ import annotations

import json

from hypothesis import example as geval
from hypothesis import given, settings
from hypothesis import strategies as st

from inburgering.exchange.feeds_read import _jsonl_at_once, _jsonl_by_line, lees

_NAMEN = st.sampled_from(
    ["kenmerk", "persoon", "datum", "uren", "geslaagd", "Persoon", " datum", "_regel", ""]
)
_WAARDEN = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
)
_RIJ = st.dictionaries(_NAMEN, _WAARDEN, max_size=4)
# what a line can be besides an object: broken JSON, another value, a nested value, blanks, two objects, an
# object or a text broken over two lines
_ANDERS = st.sampled_from(
    [
        "{not json",
        "[1, 2]",
        "5",
        '{"uren": {"a": 1}}',
        '{"uren": [1]}',
        "",
        "   ",
        '{"uren": 1}, {"uren": 2}',
        '{"uren": 1',
        '"kenmerk": "K"}',
        '{"kenmerk": "K',
        'L"}',
        '{"uren": NaN}',
    ]
)


def _file(lines: list[dict | str], ending: str) -> bytes:
    return "".join((json.dumps(line) if isinstance(line, dict) else line) + ending for line in lines).encode()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_RIJ, _RIJ, _RIJ, _ANDERS), max_size=8),
    st.sampled_from(["\n", "\r\n"]),
)
@geval([{"kenmerk": "K1", "uren": 12.0}, {"uren": 1e-05, "kenmerk": "K2"}], "\n")
@geval(['{"uren": 1', '"kenmerk": "K"}', '{"uren": 1}, {"uren": 2}'], "\n")
def test_reading_at_once_gives_the_rows_of_reading_line_by_line_or_leaves_it_to_that(lines, ending):
    data = _file(lines, ending)
    at_once = _jsonl_at_once(data)
    by_line = _jsonl_by_line(data, "x.jsonl")
    if at_once is not None:
        assert at_once.frame.equals(by_line.frame)
        assert at_once.kolommen == by_line.kolommen
        assert by_line.fouten == [] and at_once.fouten == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(["kenmerk", "persoon", "uren"]), _WAARDEN, min_size=1), min_size=1
    )
)
def test_a_file_of_flat_objects_is_read_at_once(rows):
    """The fast path is taken for what partners deliver (else the test above would prove nothing)."""
    assert _jsonl_at_once(_file(rows, "\n")) is not None


def test_numbers_keep_the_text_a_csv_field_would_hold_and_lines_their_numbers():
    data = b'{"kenmerk": "K1", "uren": 12.0, "geslaagd": true}\n{"kenmerk": "K2", "uren": 1e-05}\n\n'
    frame = lees(data, "x.jsonl").frame
    assert frame.rows() == [("K1", "12.0", "true", 1), ("K2", "1e-05", None, 2)]
