"""A small cache of values derived from a layer's frame, kept while the frame lives.

The layer loader returns one shared frame per layer version
(:func:`pma_map.layers.read_layer_file`), so a value keyed by the identity of
that frame is a value keyed by the layer version: a published version is a new
frame and gets a fresh value at once. An entry is dropped when one of its
frames is garbage-collected (a weak-reference callback; the loader forgets a
superseded version's frame, :func:`pma_map.layers.load_layer`), and at most
``MAX_ENTRIES`` entries are kept (least recently used dropped first). Identity
alone is not enough (ids are reused), so each entry also checks its weak
references still point to its frames.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")

#: Entries kept at most (oldest dropped first).
MAX_ENTRIES = 64

_lock = threading.Lock()
_entries: OrderedDict[tuple, tuple[tuple, object]] = OrderedDict()
#: Keys whose frame died while the lock was held (dropped by the next call).
_dead: list[tuple] = []


def _forget(key: tuple) -> None:
    """Drop ``key`` (weak-reference callback: may run inside any allocation, so never waits)."""
    if _lock.acquire(blocking=False):
        try:
            _entries.pop(key, None)
        finally:
            _lock.release()
    else:
        _dead.append(key)


def _drop_dead() -> None:
    """Drop the entries left by :func:`_forget` (called with the lock held)."""
    while _dead:
        _entries.pop(_dead.pop(), None)


def cached(tag: Hashable, frames: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for ``tag`` and these exact frame objects."""
    key = (tag, *(id(f) for f in frames))
    with _lock:
        _drop_dead()
        hit = _entries.get(key)
        if hit is not None and all(r() is f for r, f in zip(hit[0], frames)):
            _entries.move_to_end(key)
            return hit[1]  # type: ignore[return-value]
    value = compute()
    refs = tuple(weakref.ref(f, lambda _ref, key=key: _forget(key)) for f in frames)
    with _lock:
        _drop_dead()
        _entries[key] = (refs, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    """Forget every entry (benchmarks measure cold starts with it)."""
    with _lock:
        _entries.clear()
        _dead.clear()


def same_rows(source_geometry, index, gdf) -> np.ndarray | None:
    """Positions in a layer of the rows of ``gdf``, if ``gdf`` is a subset of it.

    ``source_geometry`` and ``index`` are the layer's geometry array and index.
    A filtered copy keeps the index labels and the very geometry objects of its
    layer; anything else (another version, a re-indexed frame) gives None.
    """
    import numpy as np

    if not index.is_unique:
        return None
    rows = index.get_indexer(gdf.index)
    if len(rows) and (rows < 0).any():
        return None
    ours = np.asarray(source_geometry, dtype=object)[rows]
    theirs = np.asarray(gdf.geometry.values, dtype=object)
    if not all(a is b for a, b in zip(ours, theirs)):
        return None
    return rows
