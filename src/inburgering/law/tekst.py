"""Text per person as small-integer codes into a list of values (the law's ``tekst`` inputs and variables).

A million persons' status as NumPy strings (``<U20``) takes 80 MB, and every comparison reads all of it; as one
byte per person plus the list of values it takes 1 MB, and "status is termijn_overschreden" is one integer
comparison. The rules read as before: ``s("wet") == "Wi2021"``, ``s("verblijfsdoel").isin(GEZINSDOELEN)``; a rule
that gives text builds it with ``where_text`` and ``select_text``, the text forms of ``np.where`` and
``np.select``. Values become plain strings only at the boundary: ``tekst[i]`` is a ``str`` (explanations) and
``np.asarray(tekst)`` decodes to a NumPy string array (tables, files, tests).

Codes mean nothing without their values: two ``Tekst`` may code the same value differently, so comparisons,
``where_text``, ``select_text`` and ``concatenate`` translate codes through the values, never compare raw codes
of two different lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

_CODE_TYPES = tuple((1 << (8 * size), np.dtype(f"uint{8 * size}")) for size in (1, 2, 4))


def code_type(count: int) -> np.dtype:
    """The smallest unsigned integer type that holds ``count`` distinct codes."""
    for limit, dtype in _CODE_TYPES:
        if count <= limit:
            return dtype
    raise ValueError(f"te veel verschillende teksten: {count}")


class Tekst:
    """One text per person: ``waarden[codes[i]]`` is person i's value; ``''`` means none."""

    __slots__ = ("_index", "codes", "waarden")
    __array_ufunc__ = None  # ``array == tekst`` then defers to Tekst.__eq__ instead of converting
    __hash__ = None

    def __init__(self, codes: np.ndarray, waarden: Sequence[str]):
        self.codes = codes
        self.waarden = tuple(waarden)
        self._index: dict[str, int] | None = None

    @classmethod
    def van(cls, values) -> Tekst:
        """From strings (a list or a NumPy string array)."""
        strings = np.asarray(values, dtype=str)
        waarden, codes = np.unique(strings, return_inverse=True)
        return cls(codes.reshape(strings.shape).astype(code_type(len(waarden))), waarden.tolist())

    @classmethod
    def leeg(cls, n: int) -> Tekst:
        """``n`` persons without a value (``''``)."""
        return cls(np.zeros(n, dtype=np.uint8), ("",))

    def code(self, value: str) -> int:
        """The code of ``value``, or -1 if no person has it."""
        if self._index is None:
            self._index = {v: i for i, v in enumerate(self.waarden)}
        return self._index.get(value, -1)

    def recode(self, waarden: Sequence[str]) -> np.ndarray:
        """These persons' codes in the value list ``waarden`` (which must hold every value used here)."""
        if tuple(waarden[: len(self.waarden)]) == self.waarden:
            return self.codes  # a list that starts with this one keeps its codes
        target = {v: i for i, v in enumerate(waarden)}
        table = np.array([target.get(v, -1) for v in self.waarden], dtype=np.int64)
        if (table < 0).any():
            raise ValueError("recode: niet elke waarde staat in de nieuwe lijst")
        return table.astype(code_type(len(waarden)))[self.codes]

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, key):
        codes = self.codes[key]
        if np.ndim(codes) == 0:
            return self.waarden[int(codes)]
        return Tekst(codes, self.waarden)

    def __eq__(self, other) -> np.ndarray:
        if isinstance(other, str):
            code = self.code(other)
            return self.codes == code if code >= 0 else np.zeros(self.codes.shape, dtype=bool)
        if isinstance(other, Tekst):
            if other.waarden == self.waarden:
                return self.codes == other.codes
            table = np.array([self.code(v) for v in other.waarden], dtype=np.int64)
            return self.codes == table[other.codes]
        return NotImplemented

    def __ne__(self, other) -> np.ndarray:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else ~equal

    def isin(self, values: Iterable[str]) -> np.ndarray:
        """Per person: whether the value is one of ``values``."""
        wanted = set(values)
        return np.array([v in wanted for v in self.waarden], dtype=bool)[self.codes]

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """The values as a NumPy string array: for the boundary (files, tables, tests), not for rules."""
        decoded = np.asarray(self.waarden or ("",), dtype=str)[self.codes]
        return decoded if dtype is None else decoded.astype(dtype)

    def __repr__(self) -> str:
        shown = ", ".join(repr(self.waarden[c]) for c in self.codes[:5].tolist())
        more = ", ..." if len(self) > 5 else ""
        return f"Tekst([{shown}{more}], {len(self.waarden)} waarden)"


def _merged(parts: Sequence[str | Tekst]) -> tuple[tuple[str, ...], list]:
    """One value list for several texts (the first one's list first, so its codes stay valid) and each part's
    codes in it: a scalar code for a plain string, an array for a ``Tekst``."""
    waarden: dict[str, int] = {}
    for part in parts:
        for value in (part,) if isinstance(part, str) else part.waarden:
            waarden.setdefault(value, len(waarden))
    merged = tuple(waarden)
    dtype = code_type(len(merged))
    codes = [
        dtype.type(waarden[part]) if isinstance(part, str) else part.recode(merged).astype(dtype, copy=False)
        for part in parts
    ]
    return merged, codes


def where_text(condition, yes: str | Tekst, no: str | Tekst) -> Tekst:
    """``np.where`` for text: ``yes`` where ``condition`` holds, else ``no``."""
    waarden, (code_yes, code_no) = _merged((yes, no))
    return Tekst(np.where(condition, code_yes, code_no), waarden)


def select_text(conditions: Sequence, values: Sequence[str | Tekst], default: str | Tekst = "") -> Tekst:
    """``np.select`` for text: per person the value of the first condition that holds, else ``default``."""
    if len(conditions) != len(values):
        raise ValueError("select_text: evenveel voorwaarden als waarden")
    waarden, codes = _merged((default, *values))
    shape = np.broadcast_shapes(*(np.shape(c) for c in (*conditions, *codes)))
    result = np.empty(shape, dtype=code_type(len(waarden)))
    result[...] = codes[0]
    for condition, code in zip(reversed(conditions), reversed(codes[1:]), strict=True):
        np.copyto(result, code, where=condition)  # the earlier condition is written last, so it wins
    return Tekst(result, waarden)


def concatenate(parts: Sequence[Tekst]) -> Tekst:
    """Texts one after the other (e.g. blocks of a population), in one value list."""
    if all(p.waarden == parts[0].waarden for p in parts):
        return Tekst(np.concatenate([p.codes for p in parts]), parts[0].waarden)
    waarden, codes = _merged(parts)
    return Tekst(np.concatenate(codes), waarden)
