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

The store verifies what it serves: a pointer that cannot be read, or that
names a version whose file is missing or whose checksum differs from its
manifest, is reported by ``check()`` and the map falls back to the last sound
published version (else the bundled one). ``repair()`` fixes the pointer from
the manifests and removes what killed publishes left (temporary files, pending
versions). Disk errors (a full disk) become a French ValueError: nothing changed.
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
from pma_map.fileio import TMP_PREFIX, atomic_write_json, fsync_dir, sha256_of
from pma_map.i18n import t

LOCK_TIMEOUT_S = 120
#: Test hook: seconds a publish waits after writing the version, before switching.
PAUSE_ENV = "PMA_MAP_TEST_PAUSE_BEFORE_SWITCH"
#: File a paused publish creates when it starts waiting (so a test knows when to kill it).
PAUSE_MARK_ENV = "PMA_MAP_TEST_PAUSE_MARK"


class LockBusy(ValueError):
    """Another publish or rollback of the layer held its lock for too long."""


class ChecksumMismatch(ValueError):
    """A version file no longer matches the checksum recorded when it was published."""


class StaleBase(ValueError):
    """Another version became current while the upload was being reviewed (or since the
    CLI validated it): ``current`` (also ``now``) published by ``by``, ``expected`` (also
    ``base``) the version the upload was compared with."""

    def __init__(self, message: str, *, current: int, expected: int, by: str, layer: str = ""):
        super().__init__(message)
        self.current, self.expected, self.by, self.layer = current, expected, by, layer
        self.now, self.base = current, expected


#: The name the command line knows it by.
BaseMovedError = StaleBase


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

    def _bundled_manifest(self, layer: str) -> dict:
        """The manifest of version 1, the bundled file (every backend lists it first)."""
        path = self.bundled_version(layer).path
        return {"layer": layer, "version": 1, "file": None, "author": "bundled",
                "published_at": None, "note": "Données de référence livrées avec l'application",
                "checksum": sha256_of(path) if path.exists() else None,
                "features": int(pyogrio.read_info(path)["features"]) if path.exists() else None,
                "state": "published", "report": None}

    def current_all(self, layers) -> dict[str, LayerVersion]:
        """The current version of each of ``layers`` (a backend may answer in one query)."""
        return {name: self.current(name) for name in layers}

    def check(self, layer: str) -> list[dict]:
        """What is wrong in the stored versions of ``layer``: ``{"layer", "code", "message"}`` each."""
        return []

    def repair(self, layer: str, *, author: str = "repair") -> list[str]:
        """Fix what ``check`` reports; returns what was done, in French."""
        return []

    def warnings(self, layer: str) -> list[dict]:
        """The problems of ``layer`` that change what the map shows (for the staff's banner, asked
        on every page run: a backend answers from what it already knows when ``check`` is costly)."""
        return [p for p in self.check(layer) if p["code"] in ("pointer", "version", "manifest")]

    def cleanup(self, layer: str) -> int:
        """Remove what interrupted publishes left behind; returns how many files."""
        return 0


class StoreProblem(ValueError):
    """A pointer or manifest that cannot be used (the message says which and why)."""


def disk_error(what: str, exc: BaseException) -> ValueError:
    """A French message for a write that failed (full disk, read-only folder), without a path."""
    return ValueError(t("store.disk_full", "fr", what=what) + f" [{type(exc).__name__}]")


#: Checksums already verified: (path, mtime_ns, size) -> sha256 (every page run asks).
_VERIFIED: dict[tuple[str, int, int], str] = {}


def _checksum_cached(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _VERIFIED:
        if len(_VERIFIED) > 1024:
            _VERIFIED.clear()
        try:
            _VERIFIED[key] = sha256_of(path)
        except OSError:
            return None
    return _VERIFIED[key]


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
            raise LockBusy(f"Une autre publication de « {self.layer} » est en cours depuis plus de "
                             f"{LOCK_TIMEOUT_S} s : réessayez dans un instant.") from None
        except OSError as exc:
            raise disk_error("verrou de la couche", exc) from None
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

    def _read_pointer(self, layer: str) -> dict | None:
        """``current.json`` checked, or None when there is none; StoreProblem when unusable."""
        pointer = self.layer_dir(layer) / "current.json"
        try:
            raw = pointer.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreProblem(f"pointeur current.json illisible ({type(exc).__name__})") from None
        try:
            info = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise StoreProblem("pointeur current.json illisible (JSON invalide ou vide)") from None
        version = info.get("version") if isinstance(info, dict) else None
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise StoreProblem(f"pointeur current.json sans numéro de version valide ({str(version)[:20]!r})")
        if version != 1 and info.get("file") != self._data_name(version):
            raise StoreProblem(f"pointeur current.json : fichier inattendu pour la version {version}")
        return info

    def _pointer(self, layer: str) -> dict | None:
        try:
            return self._read_pointer(layer)
        except StoreProblem:
            return None

    def _verify(self, layer: str, version: int) -> str | None:
        """None when version ``version`` is sound; else what is wrong with it (French)."""
        if version == 1:
            return None
        path = self.layer_dir(layer) / self._data_name(version)
        manifest = self._manifest(layer, version)
        if manifest is None:
            return f"version {version} sans manifeste lisible"
        if not path.is_file():
            return f"fichier de la version {version} manquant"
        checksum = _checksum_cached(path)
        if checksum is None:
            return f"fichier de la version {version} illisible"
        if checksum != manifest.get("checksum"):
            return f"fichier de la version {version} modifié depuis sa publication (somme de contrôle différente)"
        return None

    def _last_good(self, layer: str, below: int | None = None) -> LayerVersion:
        """The newest published version whose file is sound, older than ``below`` when given (a
        broken v3 reached by a rollback must not bring back the v4 rolled back from); else bundled."""
        for m in sorted(self._manifests(layer), key=lambda m: m["version"], reverse=True):
            if m.get("state") != "published" or (below is not None and m["version"] >= below):
                continue
            if self._verify(layer, m["version"]) is None:
                return LayerVersion(layer, m["version"], self.layer_dir(layer) / self._data_name(m["version"]))
        return self.bundled_version(layer)

    def _resolve(self, layer: str) -> tuple[LayerVersion, str | None]:
        """The version to serve and, when the pointer could not be followed, why."""
        try:
            info = self._read_pointer(layer)
        except StoreProblem as exc:
            return self._last_good(layer), str(exc)
        if not info:
            return self.bundled_version(layer), None
        version = info["version"]
        if version == 1:
            return self.bundled_version(layer), None
        problem = self._verify(layer, version)
        if problem:
            return self._last_good(layer, below=version), f"version courante {version} : {problem}"
        return LayerVersion(layer, version, self.layer_dir(layer) / self._data_name(version)), None

    def current(self, layer: str) -> LayerVersion:
        """The version the map shows: the one the pointer names when it is sound, else the last
        sound published version, else the bundled one (``check`` says what is wrong)."""
        return self._resolve(layer)[0]

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
                m = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(m, dict) and m.get("version") == int(p.stem[1:]) and m.get("file") == self._data_name(
                    m["version"]):
                out.append(m)
        return out

    def _manifest(self, layer: str, version: int) -> dict | None:
        for m in self._manifests(layer):
            if m["version"] == version:
                return m
        return None

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
                by = str((self._pointer(layer) or {}).get("by", "?"))
                raise StaleBase(
                    f"La version {now} de « {layer} » a été publiée par {by} pendant votre "
                    f"relecture (vous compariez avec la version {expected_current}). "
                    "Rechargez l'aperçu pour voir les changements, puis publiez.",
                    current=now, expected=expected_current, by=by, layer=layer)
            self._cleanup_locked(layer)
            version = self._next_version(layer)
            name = self._data_name(version)
            tmp = folder / f"{TMP_PREFIX}{os.getpid()}-{name}"
            manifest_path = folder / self._manifest_name(version)
            try:
                gdf.to_file(tmp, driver="GeoJSON", engine="pyogrio")
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                os.replace(tmp, folder / name)
                fsync_dir(folder)
                manifest = {"layer": layer, "version": version, "file": name, "author": str(author).strip(),
                            "published_at": _now(), "note": note or "", "checksum": sha256_of(folder / name),
                            "features": int(len(gdf)), "state": "pending", "report": report}
                atomic_write_json(manifest_path, manifest)
                _pause_for_tests()
                self._switch(layer, version, name, manifest["author"], "publish")
            except Exception as exc:  # OSError, pyogrio's errors on a full disk: nothing published
                for leftover in (tmp, folder / name, manifest_path):
                    leftover.unlink(missing_ok=True)
                raise disk_error(f"version {version} de « {layer} »", exc) from None
            manifest["state"] = "published"
            try:
                atomic_write_json(manifest_path, manifest)
            except OSError:
                pass  # the version is current (shown in the history); repair marks it published
        return LayerVersion(layer, version, folder / name)

    def rollback(self, layer: str, to: int, *, author: str, note: str = "") -> LayerVersion:
        if not author or not str(author).strip():
            raise ValueError("Indiquez qui revient en arrière (--author).")
        with self._lock(layer):
            target = self.version(layer, int(to))
            if target.version != 1 and sha256_of(target.path) != self._checksum(layer, target.version):
                raise ChecksumMismatch(f"Le fichier de la version {to} a été modifié depuis sa publication "
                                 "(somme de contrôle différente) : retour refusé.")
            file = None if target.version == 1 else target.path.name
            try:
                self._switch(layer, target.version, file, str(author).strip(), "rollback")
            except OSError as exc:
                raise disk_error(f"retour de « {layer} » à la version {target.version}", exc) from None
        return target

    # --- verifying and repairing ------------------------------------------

    def check(self, layer: str) -> list[dict]:
        get_layer(layer)
        out: list[dict] = []

        def add(code: str, message: str) -> None:
            out.append({"layer": layer, "code": code, "message": message})

        served, problem = self._resolve(layer)
        if problem:
            add("pointer", f"{problem} ; la carte montre la version {served.version}")
        folder = self.layer_dir(layer)
        if not folder.exists():
            return out
        for p in sorted(folder.glob("v[0-9][0-9][0-9][0-9].json")):
            if self._manifest(layer, int(p.stem[1:])) is None:
                add("manifest", f"manifeste {p.name} illisible")
        pointer = self._pointer(layer) or {}
        for m in self._manifests(layer):
            if m.get("state") == "published" or m["version"] == pointer.get("version"):
                bad = self._verify(layer, m["version"])
                if bad and m["version"] != pointer.get("version"):
                    add("version", bad)
            elif m.get("state") == "pending":
                add("pending", f"version {m['version']} en attente (publication interrompue)")
        tmps = [p.name for p in folder.glob(TMP_PREFIX + "*")]
        if tmps:
            add("temporary", f"{len(tmps)} fichier(s) temporaire(s) laissé(s) par une écriture interrompue")
        return out

    def _cleanup_locked(self, layer: str) -> int:
        """Temporary files and pending versions that are not current (the layer lock is held)."""
        folder = self.layer_dir(layer)
        removed = 0
        for stale in folder.glob(TMP_PREFIX + "*"):
            stale.unlink(missing_ok=True)
            removed += 1
        current = (self._pointer(layer) or {}).get("version")
        for m in self._manifests(layer):
            if m.get("state") == "pending" and m["version"] != current:
                # The data goes; the manifest stays, "abandoned", so that its number is never reused.
                (folder / self._data_name(m["version"])).unlink(missing_ok=True)
                atomic_write_json(folder / self._manifest_name(m["version"]),
                                  {**m, "state": "abandoned", "checksum": None})
                removed += 1
        return removed

    def cleanup(self, layer: str) -> int:
        """Remove what killed publishes left, unless a publish of the layer is running now."""
        folder = self.layer_dir(layer)
        if not folder.exists():
            return 0
        lock = FileLock(str(folder / ".lock"), timeout=0)
        try:
            with lock:
                return self._cleanup_locked(layer)
        except (Timeout, OSError):
            return 0

    def repair(self, layer: str, *, author: str = "repair") -> list[str]:
        """Point the layer at a sound version again and clean what interrupted writes left."""
        get_layer(layer)
        done: list[str] = []
        with self._lock(layer):
            served, problem = self._resolve(layer)
            if problem:
                try:
                    file = None if served.version == 1 else served.path.name
                    self._switch(layer, served.version, file, author, "repair")
                except OSError as exc:
                    raise disk_error(f"pointeur de « {layer} »", exc) from None
                done.append(f"{layer} : pointeur refait vers la version {served.version} ({problem})")
            pointer = self._pointer(layer) or {}
            m = self._manifest(layer, pointer.get("version", -1))
            if m and m.get("state") == "pending" and self._verify(layer, m["version"]) is None:
                m["state"] = "published"
                atomic_write_json(self.layer_dir(layer) / self._manifest_name(m["version"]), m)
                done.append(f"{layer} : version courante {m['version']} marquée publiée")
            n = self._cleanup_locked(layer)
            if n:
                done.append(f"{layer} : {n} fichier(s) laissé(s) par des écritures interrompues supprimé(s)")
        return done

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
