"""A columnar copy of each layer file, read instead of its GeoJSON when it is there (issue 10).

Reading a version's GeoJSON is most of what a server does before it can show a dense layer
(500,000 parcels: 12 to 28 s with pyogrio; 100,000 points: 4 to 10 s). The frame read from
that file is therefore kept once, as GeoParquet, in ``<data dir>/frames/``:

- named by the SHA-256 of the GeoJSON (the checksum the folder store already verifies; the
  same key for the PostGIS store's cached copies and for bundled files) and by a tag of the
  reading stack (this format, pandas, geopandas, shapely, pyogrio, pyarrow). Another content
  is another name; a copy written by other versions of these libraries is never read;
- written only after reading it back gave exactly the frame read from the GeoJSON (same
  columns, dtypes, values and missing values, index, CRS, geometry as WKB, byte for byte),
  else not written at all: the app sees the very same frame either way;
- written whole or not at all (temporary file, ``os.replace``); a copy that cannot be read
  is ignored and the GeoJSON read;
- derived data, like the vector tiles: the store's guarantees are untouched (the GeoJSON
  stays the version, its checksum is verified as before; a rollback reads the copy of the
  version it brings back, if still kept, else the GeoJSON).

Who writes it: publishing (:func:`pma_map.publish.publishing.build_tiles`, which reads the
new version back as the app does) and a server's warm-up for layers read without one
(:func:`pma_map.ui.serve.warm`), after the first view is ready.

Beside each copy, a small JSON memo keeps values computed from the frame that a server
would otherwise compute again on every start (the vector tiles' checksums,
:func:`memo`): same key, same guarantee.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from pma_map import config, fileio

log = logging.getLogger(__name__)

#: Bumped when what is stored changes meaning.
FORMAT = 1
#: Copies kept at most (least recently used removed first).
MAX_COPIES = 24
#: ``PMA_MAP_COLUMNAR=0``: never read nor write copies (the benchmark's ablation).
ENABLED = os.environ.get("PMA_MAP_COLUMNAR", "1") != "0"

_lock = threading.Lock()
#: (path, mtime_ns, size) -> SHA-256 of the file, so a file is hashed once per process.
_sums: dict[tuple[str, int, int], str] = {}


def folder() -> Path:
    return config.data_dir() / "frames"


def preparing(layer: str, timeout: float = -1):
    """A lock held while a new version of ``layer`` is prepared (read back, copied, cut into
    tiles) by publishing: a running server that noticed the version waits for it rather than
    doing the same work at the same time (:func:`pma_map.ui.serve.watch`)."""
    from filelock import FileLock

    folder().mkdir(parents=True, exist_ok=True)
    return FileLock(str(folder() / f".prepare-{layer}.lock"), timeout=timeout)


@functools.cache
def _stack_tag() -> str:
    import pyarrow
    import pyogrio
    import shapely

    parts = [FORMAT, pd.__version__, gpd.__version__, shapely.__version__, pyogrio.__version__,
             pyarrow.__version__]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:12]


def source_checksum(path: Path | str) -> str | None:
    """SHA-256 of the file at ``path`` (once per path, modification time and size), or None."""
    from pma_map.publish import store

    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_mtime_ns, st.st_size)
    with _lock:
        hit = _sums.get(key)
    if hit is None:
        # The folder store verified the current versions with the same memo: no second hash.
        hit = store._checksum_cached(path)
        if hit is None:
            return None
        with _lock:
            if len(_sums) > 1024:
                _sums.clear()
            _sums[key] = hit
    return hit


def copy_path(checksum: str) -> Path:
    return folder() / f"{checksum}-{_stack_tag()}.parquet"


def _memo_path(checksum: str) -> Path:
    return folder() / f"{checksum}-{_stack_tag()}.json"


def read(path: Path | str) -> gpd.GeoDataFrame | None:
    """The frame of the layer file ``path`` from its columnar copy, or None (no copy)."""
    if not ENABLED:
        return None
    checksum = source_checksum(path)
    if checksum is None:
        return None
    copy = copy_path(checksum)
    if not copy.is_file():
        return None
    try:
        gdf = gpd.read_parquet(copy)
    except Exception as exc:  # noqa: BLE001 - a damaged copy: the GeoJSON is read instead
        log.warning("columnar copy %s unreadable (%s): GeoJSON read instead", copy.name, exc)
        return None
    try:
        os.utime(copy)  # used: pruned last
    except OSError:
        pass
    return gdf


def _object_equal(a: pd.Series, b: pd.Series) -> bool:
    """Element by element, with the type of each value: None is not NaN, 1 is not 1.0."""
    for x, y in zip(a.tolist(), b.tolist()):
        if x is y:
            continue
        if type(x) is not type(y):
            return False
        if isinstance(x, float) and x != x and y != y:
            continue
        if x != y:
            return False
    return True


def identical(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> bool:
    """Whether ``b`` is exactly ``a``: columns, dtypes, index, CRS, values and geometry (WKB)."""
    import shapely

    if type(a) is not type(b) or list(a.columns) != list(b.columns):
        return False
    if not a.index.equals(b.index) or type(a.index) is not type(b.index) or a.index.dtype != b.index.dtype:
        return False
    if a.geometry.name != b.geometry.name or a.crs != b.crs:
        return False
    if list(a.dtypes.astype(str)) != list(b.dtypes.astype(str)):
        return False
    ga, gb = np.asarray(a.geometry.values, dtype=object), np.asarray(b.geometry.values, dtype=object)
    if not np.array_equal(shapely.to_wkb(ga), shapely.to_wkb(gb)):
        return False
    for col in a.columns:
        if col == a.geometry.name:
            continue
        if a[col].dtype == object:
            if not _object_equal(a[col], b[col]):
                return False
        else:
            try:
                pd.testing.assert_series_equal(a[col], b[col], check_exact=True)
            except AssertionError:
                return False
    return True


def write(path: Path | str, gdf: gpd.GeoDataFrame) -> bool:
    """Keep ``gdf`` (the frame read from ``path``) as the columnar copy of that file.

    True when a copy is there afterwards; False when none could be written (not readable back
    as the same frame, disk error): the GeoJSON is then read as before.
    """
    if not ENABLED:
        return False
    checksum = source_checksum(path)
    if checksum is None:
        return False
    target = copy_path(checksum)
    if target.is_file():
        return True
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{fileio.TMP_PREFIX}{os.getpid()}-{threading.get_ident()}-{target.name}")
        gdf.to_parquet(tmp, index=None)
        if not identical(gdf, gpd.read_parquet(tmp)):
            log.warning("columnar copy of %s not kept: reading it back did not give the same frame",
                        Path(path).name)
            tmp.unlink(missing_ok=True)
            return False
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fileio.fsync_dir(target.parent)
    except Exception as exc:  # noqa: BLE001 - derived data: the GeoJSON stays readable
        log.warning("columnar copy of %s not written: %s", Path(path).name, exc)
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        return False
    prune()
    return True


def prune(keep: int | None = None) -> None:
    """Keep the ``keep`` (``MAX_COPIES``) copies used last (with their memos)."""
    keep = MAX_COPIES if keep is None else keep
    try:
        copies = sorted(folder().glob("*.parquet"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in copies[keep:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)


def memo(path: Path | str | None, key: list, compute: Callable[[], str]) -> str:
    """``compute()`` for the content of the layer file ``path`` and ``key`` (JSON), kept on disk
    beside the file's columnar copy (only when there is one) and read back by later processes."""
    checksum = source_checksum(path) if (ENABLED and path is not None) else None
    if checksum is None or not copy_path(checksum).is_file():
        return compute()
    name = hashlib.sha256(json.dumps(key, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    memo_file = _memo_path(checksum)
    try:
        known = json.loads(memo_file.read_text("utf-8"))
    except (OSError, ValueError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    value = known.get(name)
    if isinstance(value, str):
        return value
    value = compute()
    with _lock:  # one writer per process; across processes the last whole file wins
        try:
            latest = json.loads(memo_file.read_text("utf-8"))
            known = latest if isinstance(latest, dict) else {}
        except (OSError, ValueError):
            pass
        known[name] = value
        try:
            fileio.atomic_write_json(memo_file, known)
        except OSError:
            pass
    return value
