"""Numbers and amounts as a Dutch reader reads them: a dot between thousands, a comma before the decimals.

One definition for everything people read (the command line, the pages, the monitor's reports, the rules'
documentation and a person's explanation), because the two notations mix badly: beside 9.875 personen a share
printed as 97.2 reads as 972. Files for other programs (CSV, Parquet, JSON) keep machine notation. Outside the
layers, like ``inburgering.memory``: every layer may use it and it uses none.
"""

from __future__ import annotations

_WISSEL = str.maketrans(",.", ".,")


def getal(v: int | float, decimalen: int | None = 1) -> str:
    """A whole number with thousands dots (9.875); any other number with ``decimalen`` decimals after a comma
    (97,2; 1.234,5), or with None as few as it needs (0,25). The monitor's tables round shares and means to one
    decimal."""
    if isinstance(v, int):
        return f"{v:,}".translate(_WISSEL)
    return (f"{v:,g}" if decimalen is None else f"{v:,.{decimalen}f}").translate(_WISSEL)


def bedrag(cent: int) -> str:
    """An amount in euro cents as '€ 1.250,00'."""
    return f"€ {getal(int(cent) / 100, 2)}"
