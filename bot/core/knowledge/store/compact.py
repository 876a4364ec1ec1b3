"""The compact load path for large stores: repeated parts shared between records, the
garbage collector paused while they are built."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from bot.core.knowledge.model import Development

log = logging.getLogger(__name__)


class _Compactor:
    """Shares equal immutable parts between validated records: strings of tags and names,
    tuples of them, dates, amounts, and pydantic's per-instance sets of fields set (equal
    for almost every record; frozen models never change them)."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}
        self._fields_sets: dict[frozenset[str], set[str]] = {}

    def _share(self, value: Any) -> Any:
        if isinstance(value, tuple):
            value = tuple(self._share(v) for v in value)
        elif isinstance(value, BaseModel):
            return value
        try:
            return self._values.setdefault((type(value), value), value)
        except TypeError:  # unhashable
            return value

    def _model(self, model: BaseModel, keep: frozenset[str] = frozenset()) -> None:
        fields = model.__pydantic_fields_set__
        shared = self._fields_sets.setdefault(frozenset(fields), fields)
        object.__setattr__(model, "__pydantic_fields_set__", shared)
        values = model.__dict__
        for name, value in values.items():
            if name not in keep and not isinstance(value, BaseModel):
                values[name] = self._share(value)

    def development(self, dev: Development) -> Development:
        for source in dev.sources:
            self._model(source, keep=frozenset({"ref", "url"}))
            if source.headline == dev.title:
                source.__dict__["headline"] = dev.title
        for penalty in dev.penalties:
            self._model(penalty, keep=frozenset({"note"}))
        self._model(dev, keep=frozenset({"id", "title", "summary", "sources", "penalties"}))
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
