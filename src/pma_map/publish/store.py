"""Where the versions of each layer live, and which one the map shows.

The bundled layers in ``data/geo/`` are version 1 and are never modified.
Published versions live in ``<PMA_MAP_DATA_DIR>/store/<layer>/``:

    v0002.geojson   the features of version 2 (EPSG:4326)
    v0002.json      its manifest: author, time, note, checksum, validation report
    current.json    the version the map shows (switched atomically)
    .lock           serialises publishes and rollbacks of the layer

A publish writes the version file and its manifest (each through a temporary
file, fsync and ``os.replace``), then switches ``current.json`` the same way,
then marks the manifest published. A publish interrupted before the switch
leaves the previous version current and its manifest "pending" (hidden from
the history). ``Store`` is the small interface a PostGIS backend will follow.
"""

from __future__ import annotations

import json
import os
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pyogrio
from filelock import FileLock, Timeout

from pma_map import config
from pma_map.catalogue import get_layer
from pma_map.fileio import atomic_write_json, fsync_dir, sha256_of

LOCK_TIMEOUT_S = 120
#: Test hook: seconds a publish waits after writing the version, before switching.
PAUSE_ENV = "PMA_MAP_TEST_PAUSE_BEFORE_SWITCH"
#: File a paused publish creates when it starts waiting (so a test knows when to kill it).
PAUSE_MARK_ENV = "PMA_MAP_TEST_PAUSE_MARK"


@dataclass(frozen=True)
class LayerVersion:
    """One version of a layer: its number and the file that holds it."""

    layer: str
    version: int
    path: Path


class Store(ABC):
    """What the app needs from a store of layer versions."""

    @abstractmethod
    def current(self, layer: str) -> LayerVersion:
        """The version the map shows."""

    @abstractmethod
    def version(self, layer: str, version: int) -> LayerVersion:
        """A given version, or a French ValueError when it does not exist."""

    @abstractmethod
    def history(self, layer: str) -> list[dict]:
        """Manifests of every published version, oldest first, with ``current`` flags."""

    @abstractmethod
    def publish(self, layer: str, gdf: gpd.GeoDataFrame, *, author: str, note: str,
                report: dict | None = None, expected_current: int | None = None) -> LayerVersion:
        """Store ``gdf`` (EPSG:4326) as a new version and make it current.

        With ``expected_current``, refuse (ValueError) when another version became
        current since (someone published while this one was being reviewed).
        """

    @abstractmethod
    def rollback(self, layer: str, to: int, *, author: str, note: str = "") -> LayerVersion:
        """Make an earlier version current again."""

    def current_all(self, layers) -> dict[str, LayerVersion]:
        """The current version of each of ``layers`` (a backend may answer in one query)."""
        return {name: self.current(name) for name in layers}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pause_for_tests() -> None:
    delay = os.environ.get(PAUSE_ENV)
    if not delay:
        return
    mark = os.environ.get(PAUSE_MARK_ENV)
    if mark:
        Path(mark).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(float(delay))


class _LayerLock:
    """The layer's file lock, with a French message when another publish holds it too long."""

    def __init__(self, lock: FileLock, layer: str):
        self.lock, self.layer = lock, layer

    def __enter__(self):
        try:
            self.lock.acquire()
        except Timeout:
            raise ValueError(f"Une autre publication de « {self.layer} » est en cours depuis plus de "
                             f"{LOCK_TIMEOUT_S} s : réessayez dans un instant.") from None
        return self

    def __exit__(self, *exc):
        self.lock.release()
        return False


class FolderStore(Store):
    """Embedded store: a folder of versioned GeoJSON files per layer."""

    def __init__(self, root: Path, bundled: Path):
        self.root = Path(root)
        self.bundled = Path(bundled)

    def layer_dir(self, layer: str) -> Path:
        return self.root / "store" / layer

    def bundled_version(self, layer: str) -> LayerVersion:
        spec = get_layer(layer)
        return LayerVersion(layer, 1, self.bundled / spec.filename)

    def _pointer(self, layer: str) -> dict | None:
        pointer = self.layer_dir(layer) / "current.json"
        if pointer.exists():
            return json.loads(pointer.read_text(encoding="utf-8"))
        return None

    def current(self, layer: str) -> LayerVersion:
        """The version the map shows: the last published one, else the bundled one."""
        info = self._pointer(layer)
        if info:
            version = int(info["version"])
            if version == 1:
                return self.bundled_version(layer)
            return LayerVersion(layer, version, self.layer_dir(layer) / info["file"])
        return self.bundled_version(layer)

    # --- reading versions ---------------------------------------------------

    @staticmethod
    def _data_name(version: int) -> str:
        return f"v{version:04d}.geojson"

    @staticmethod
    def _manifest_name(version: int) -> str:
        return f"v{version:04d}.json"

    def _manifests(self, layer: str) -> list[dict]:
        folder = self.layer_dir(layer)
        if not folder.exists():
            return []
        out = []
        for p in sorted(folder.glob("v[0-9][0-9][0-9][0-9].json")):
            try:
                out.append(json.loads(p.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
        return out

    def _bundled_manifest(self, layer: str) -> dict:
        path = self.bundled_version(layer).path
        return {"layer": layer, "version": 1, "file": None, "author": "bundled",
                "published_at": None, "note": "Données de référence livrées avec l'application",
                "checksum": sha256_of(path) if path.exists() else None,
                "features": int(pyogrio.read_info(path)["features"]) if path.exists() else None,
                "state": "published", "report": None}

    def history(self, layer: str) -> list[dict]:
        get_layer(layer)
        current = self.current(layer).version
        rows = [self._bundled_manifest(layer)] + [
            m for m in self._manifests(layer) if m.get("state") == "published" or m["version"] == current]
        pointer = self._pointer(layer) or {}
        for m in rows:
            m["current"] = m["version"] == current
            if m["current"] and pointer:
                m["current_since"], m["current_by"] = pointer.get("since"), pointer.get("by")
                m["current_action"] = pointer.get("action")
        return rows

    def version(self, layer: str, version: int) -> LayerVersion:
        get_layer(layer)
        if version == 1:
            return self.bundled_version(layer)
        for m in self._manifests(layer):
            if m["version"] == version and (m.get("state") == "published"
                                            or version == self.current(layer).version):
                return LayerVersion(layer, version, self.layer_dir(layer) / m["file"])
        known = ", ".join(str(m["version"]) for m in self.history(layer))
        raise ValueError(f"La couche « {layer} » n'a pas de version {version}. "
                         f"Versions disponibles : {known} (voir pma-map history --layer {layer}).")

    def _next_version(self, layer: str) -> int:
        used = [m["version"] for m in self._manifests(layer)]
        folder = self.layer_dir(layer)
        used += [int(p.stem[1:]) for p in folder.glob("v[0-9][0-9][0-9][0-9].geojson")]
        return max([1] + used) + 1

    def _lock(self, layer: str) -> _LayerLock:
        folder = self.layer_dir(layer)
        folder.mkdir(parents=True, exist_ok=True)
        return _LayerLock(FileLock(str(folder / ".lock"), timeout=LOCK_TIMEOUT_S), layer)

    def _switch(self, layer: str, version: int, file: str | None, author: str, action: str) -> None:
        atomic_write_json(self.layer_dir(layer) / "current.json",
                          {"layer": layer, "version": version, "file": file,
                           "since": _now(), "by": author, "action": action})

    # --- writing ------------------------------------------------------------

    def publish(self, layer: str, gdf: gpd.GeoDataFrame, *, author: str, note: str,
                report: dict | None = None, expected_current: int | None = None) -> LayerVersion:
        get_layer(layer)
        if not author or not str(author).strip():
            raise ValueError("Indiquez l'auteur de la publication (--author).")
        if gdf.crs is None or not gdf.crs.equals("EPSG:4326"):
            raise ValueError("La couche à publier doit être en EPSG:4326.")
        folder = self.layer_dir(layer)
        with self._lock(layer):
            now = self.current(layer).version
            if expected_current is not None and now != expected_current:
                by = (self._pointer(layer) or {}).get("by", "?")
                raise ValueError(f"La version {now} de « {layer} » a été publiée par {by} pendant votre "
                                 f"relecture (vous compariez avec la version {expected_current}). "
                                 "Rechargez l'aperçu pour voir les changements, puis publiez.")
            for stale in folder.glob(".tmp-*"):
                stale.unlink(missing_ok=True)
            version = self._next_version(layer)
            name = self._data_name(version)
            tmp = folder / f".tmp-{os.getpid()}-{name}"
            gdf.to_file(tmp, driver="GeoJSON", engine="pyogrio")
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, folder / name)
            fsync_dir(folder)
            manifest = {"layer": layer, "version": version, "file": name, "author": str(author).strip(),
                        "published_at": _now(), "note": note or "", "checksum": sha256_of(folder / name),
                        "features": int(len(gdf)), "state": "pending", "report": report}
            atomic_write_json(folder / self._manifest_name(version), manifest)
            _pause_for_tests()
            self._switch(layer, version, name, manifest["author"], "publish")
            manifest["state"] = "published"
            atomic_write_json(folder / self._manifest_name(version), manifest)
        return LayerVersion(layer, version, folder / name)

    def rollback(self, layer: str, to: int, *, author: str, note: str = "") -> LayerVersion:
        if not author or not str(author).strip():
            raise ValueError("Indiquez qui revient en arrière (--author).")
        with self._lock(layer):
            target = self.version(layer, int(to))
            if target.version != 1 and sha256_of(target.path) != self._checksum(layer, target.version):
                raise ValueError(f"Le fichier de la version {to} a été modifié depuis sa publication "
                                 "(somme de contrôle différente) : retour refusé.")
            file = None if target.version == 1 else target.path.name
            self._switch(layer, target.version, file, str(author).strip(), "rollback")
        return target

    def _checksum(self, layer: str, version: int) -> str | None:
        for m in self._manifests(layer):
            if m["version"] == version:
                return m.get("checksum")
        return None


def get_store() -> Store:
    """The store configured by the environment.

    ``PMA_MAP_DATABASE_URL`` set: the shared PostGIS store (``pgstore.py``);
    unset: the folder store under ``PMA_MAP_DATA_DIR``.
    """
    url = (os.environ.get("PMA_MAP_DATABASE_URL") or "").strip()
    if url:
        from pma_map.publish.pgstore import PostgisStore

        return PostgisStore(url, config.geo_dir())
    return FolderStore(config.data_dir(), config.geo_dir())
