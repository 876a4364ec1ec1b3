"""The compact load path for large stores: repeated parts shared between records, the
garbage collector paused while they are built."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator

from pydantic import BaseModel

from bot.core.knowledge.model import Development

log = logging.getLogger(__name__)


class _Compactor:
    """Shares equal immutable parts between validated records: pydantic's per-instance sets
    of the fields set (equal for almost every record, and large: one set per record took
    half the memory of a 100k store) and tuples of tags and names (their short strings
    are shared by the JSON parser already). Frozen models never change either."""

    def __init__(self) -> None:
        self._tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._fields_sets: dict[frozenset[str], set[str]] = {}

    def _model(self, model: BaseModel) -> None:
        fields = model.__pydantic_fields_set__
        shared = self._fields_sets.setdefault(frozenset(fields), fields)
        object.__setattr__(model, "__pydantic_fields_set__", shared)
        values = model.__dict__
        for name, value in values.items():
            if type(value) is tuple and value and type(value[0]) is str:
                values[name] = self._tuples.setdefault(value, value)

    def development(self, dev: Development) -> Development:
        for source in dev.sources:
            self._model(source)
            if source.headline == dev.title:
                source.__dict__["headline"] = dev.title
        for penalty in dev.penalties:
            self._model(penalty)
        self._model(dev)
        return dev


@contextlib.contextmanager
def _gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Building 100k records creates millions of objects and no cycles: collecting while
    they are made only costs time. With ``freeze``, what exists afterwards is moved out of
    the collector's sight (``gc.freeze``), so no later collection walks a large store again
    (snapshots are freed by reference counting when replaced; they hold no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
