"""Building blocks for the conditions of the partial indexes on the projection (worklists, reconciliation checks).

A condition "one of these values" is written as equalities joined by OR, not as SQL ``IN (...)``: SQLite
evaluates every partial index's condition for every row written, and for an ``IN`` list it builds a lookup table
each time, which made writing one row of facts (28 indexes) 8 µs slower (23.8 -> 15.5 µs a row, measured on
100,000 rows; docs/performance.md). A query uses a partial index only if its own condition contains the index's
terms as they are, so the worklists and checks filter with these same expressions. PostgreSQL plans both forms
alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q


def een_van(veld: str, waarden: Iterable[str]) -> Q:
    """``veld`` equals one of ``waarden``: ``(veld = a OR veld = b ...)``."""
    return reduce(or_, (Q(**{veld: w}) for w in waarden))
