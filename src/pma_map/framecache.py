"""A small cache of values derived from a layer's frame, kept while the frame lives.

The layer loader returns one shared frame per layer version
(:func:`pma_map.layers.read_layer_file`), so a value keyed by the identity of
that frame is a value keyed by the layer version: a published version is a new
frame and gets a fresh value at once, and an entry is dropped as soon as its
frame is garbage-collected. Identity alone is not enough (ids are reused), so
each entry holds weak references and checks they still point to its frames.
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


def cached(tag: Hashable, frames: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for ``tag`` and these exact frame objects."""
    key = (tag, *(id(f) for f in frames))
    with _lock:
        hit = _entries.get(key)
        if hit is not None and all(r() is f for r, f in zip(hit[0], frames)):
            _entries.move_to_end(key)
            return hit[1]  # type: ignore[return-value]
    value = compute()
    refs = tuple(weakref.ref(f) for f in frames)
    with _lock:
        _entries[key] = (refs, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    """Forget every entry (benchmarks measure cold starts with it)."""
    with _lock:
        _entries.clear()


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
