"""Dutch notation of numbers and amounts, the one definition behind everything people read."""

from __future__ import annotations

import numpy as np

from inburgering.law.explain import format_value
from inburgering.notatie import bedrag, getal


def test_numbers_read_as_dutch():
    """A Dutch reader takes 9.875 for nine thousand and 97,2 for a share; 97.2 would read as 972."""
    assert [
        getal(9875),
        getal(1_234_567),
        getal(-327),
        getal(54.0),
        getal(97.25),
        getal(1234.5),
        getal(0),
    ] == [
        "9.875",
        "1.234.567",
        "-327",
        "54,0",
        "97,2",
        "1.234,5",
        "0",
    ]
    assert getal(0.125, 2) == "0,12"
    assert [getal(0.25, None), getal(1.0, None), getal(0.1, None)] == ["0,25", "1", "0,1"]


def test_amounts_in_euros():
    assert [bedrag(125_000), bedrag(80_000), bedrag(950_050), bedrag(24_670_000_000), bedrag(5)] == [
        "€ 1.250,00",
        "€ 800,00",
        "€ 9.500,50",
        "€ 246.700.000,00",
        "€ 0,05",
    ]
    # the explanation's amounts (a NumPy integer from the engine) use the same notation
    assert format_value("bedrag", np.int64(950_050)) == "€ 9.500,50"
