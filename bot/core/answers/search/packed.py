"""Postings kept compact in index snapshots.

A 100k-record index holds ~5M postings ({doc: weight}); as dicts of int -> float they take
~400 MB, packed (doc ids in an ``array``, weights as one-byte codes into a small table)
~25 MB. ``PackedPostings`` is a read-only mapping that stays packed until it is first read,
then keeps the unpacked dict; a query unpacks only the few postings it reads. It prints and
compares as the mapping it holds, packed or not.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from typing import Any


class PackedPostings(Mapping[int, float]):
    __slots__ = ("_codes", "_ids", "_table", "_unpacked")

    def __init__(self, ids: array[int], codes: array[int], table: tuple[float, ...]) -> None:
        self._ids = ids
        self._codes = codes
        self._table = table
        self._unpacked: dict[int, float] | None = None

    @classmethod
    def pack(cls, mapping: Mapping[int, float]) -> Mapping[int, float]:
        """``mapping`` packed, or as a plain dict when its weights do not fit one-byte codes."""
        table = tuple(sorted(set(mapping.values())))
        if len(table) > 255:
            return dict(mapping)
        code = {w: c for c, w in enumerate(table)}
        return cls(
            array("i", mapping.keys()), array("B", (code[w] for w in mapping.values())), table
        )

    @property
    def is_packed(self) -> bool:
        return self._unpacked is None

    def _dict(self) -> dict[int, float]:
        if self._unpacked is None:
            table = self._table
            self._unpacked = dict(zip(self._ids, (table[c] for c in self._codes), strict=True))
        return self._unpacked

    def __getitem__(self, key: int) -> float:
        return self._dict()[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, key: object) -> bool:
        return key in self._dict()

    def __repr__(self) -> str:
        return f"PackedPostings({self._dict()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedPostings, (self._ids, self._codes, self._table))


def pack_all(postings: Mapping[Any, Mapping[Any, float]]) -> dict[Any, Mapping[int, float]]:
    return {key: PackedPostings.pack(value) for key, value in postings.items()}


# --- sets of keys -----------------------------------------------------------------------------
# A set of positions read back from a pickle holds its own int object for every entry (pickle
# shares no ints): the filters of 100k records would take ~20 MB more than when built. On
# disk they are arrays; read back, every set takes its ints from one list of the positions.


def pack_sets(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with each set of positions, alone or in a dict, as a sorted array."""
    return {name: _map_sets(value, _to_array) for name, value in values.items()}


def unpack_sets(values: dict[str, Any], size: int) -> dict[str, Any]:
    """What ``pack_sets`` packed, as sets again, sharing one int object per position."""
    positions = list(range(size))

    def to_set(ids: array[int]) -> set[int]:
        return set(map(positions.__getitem__, ids))

    return {name: _map_sets(value, to_set, kind=array) for name, value in values.items()}


def _to_array(ids: set[int]) -> array[int]:
    return array("i", sorted(ids))


def _map_sets(value: Any, convert: Any, kind: type = set) -> Any:
    if isinstance(value, kind):
        return convert(value)
    if isinstance(value, dict) and value and all(isinstance(v, kind) for v in value.values()):
        return {key: convert(v) for key, v in value.items()}
    return value
