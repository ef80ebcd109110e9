"""The shared store on PostgreSQL + PostGIS (``PMA_MAP_DATABASE_URL``).

Several replicas of the app and the ``pma-map`` command share one database:

- ``pma.layer_versions``: one row per version, its manifest and the exact
  GeoJSON published (checksum = sha256 of those bytes, as in the folder store);
- ``pma.features``: the features of every version as PostGIS geometries;
- ``pma.current_version``: the version the map shows (no row: bundled version 1);
- ``pma.generation``: a counter bumped by every switch;
- ``pma.audit`` and ``pma.lockout_entries``: the audit log and staff lockouts;
- ``pma_current.<layer>``: one view per layer, typed columns, for QGIS.

A publish is one transaction under the layer's advisory lock: the version row,
its features and the switch of the current pointer commit together or not at
all. A replica asks for the current version numbers (one small query) at each
rerun and reads a version's GeoJSON once, into a local cache file named by
version and checksum, so the caches of ``layers.py`` stay keyed by version.

Schema changes are numbered SQL files in ``migrations/``, applied by
``pma-map db upgrade`` in a transaction each and recorded in
``pma.schema_migrations``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
from contextlib import contextmanager
from datetime import UTC
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pyogrio

from pma_map import config
from pma_map.catalogue import LAYERS, get_layer
from pma_map.fileio import atomic_write_bytes, sha256_of
from pma_map.publish.auth import MAX_ENTRIES, Lockout
from pma_map.publish.store import LOCK_TIMEOUT_S, LayerVersion, StaleBase, Store, _pause_for_tests

ENV_URL = "PMA_MAP_DATABASE_URL"
MIGRATIONS_PACKAGE = "pma_map.publish.migrations"
#: Key of the advisory lock that serialises schema upgrades.
UPGRADE_LOCK = 7_301_150
_SQL_TYPES = {"str": "text", "int": "bigint", "float": "double precision"}
_GEOM_TYPES = {"Polygon": "MultiPolygon", "LineString": "MultiLineString", "Point": "Point"}

_pools: dict[str, object] = {}
_pools_lock = threading.Lock()
#: Addresses whose schema this process found up to date (checked once, not at every rerun).
_schema_ok: set[str] = set()
#: (database, layer) -> why this process serves an earlier version than the current one.
_PROBLEMS: dict[tuple[str, str], str] = {}


def database_url() -> str | None:
    """The database address from the environment, or None (folder store)."""
    url = (os.environ.get(ENV_URL) or "").strip()
    return url or None


def pool(url: str):
    """One psycopg connection pool per address and process (opened on first use)."""
    from psycopg_pool import ConnectionPool

    key = f"{os.getpid()}:{url}"
    with _pools_lock:
        p = _pools.get(key)
        if p is None:
            p = ConnectionPool(url, min_size=1, max_size=int(os.environ.get("PMA_MAP_DB_POOL", "4")),
                               open=True, timeout=float(os.environ.get("PMA_MAP_DB_TIMEOUT", "10")),
                               kwargs={"application_name": "pma-map"})
            _pools[key] = p
    return p


@contextmanager
def connection(url: str):
    """A connection of the pool; a French ValueError naming the fix when the database cannot be reached."""
    from psycopg_pool import PoolTimeout

    ctx = pool(url).connection()
    try:
        conn = ctx.__enter__()
    except PoolTimeout as exc:
        from pma_map.i18n import t

        raise ValueError(t("db.unreachable", "fr", detail=str(exc).strip().splitlines()[0])) from None
    try:
        yield conn
    except BaseException:
        if not ctx.__exit__(*sys.exc_info()):
            raise
    else:
        ctx.__exit__(None, None, None)


def close_pools() -> None:
    with _pools_lock:
        for p in _pools.values():
            p.close()
        _pools.clear()
        _schema_ok.clear()


def _layer_lock_key(layer: str) -> int:
    return int.from_bytes(hashlib.sha256(f"pma-layer:{layer}".encode()).digest()[:8], "big", signed=True)


def _iso(ts) -> str | None:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if ts is not None else None


def _data_name(version: int) -> str:
    return f"v{version:04d}.geojson"


# --- schema -------------------------------------------------------------------


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every migration kept in the package, in order."""
    out = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        m = re.match(r"^(\d{4})_(\w+)\.sql$", entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(out)


def applied_migrations(conn) -> list[int]:
    exists = conn.execute("SELECT to_regclass('pma.schema_migrations') IS NOT NULL").fetchone()[0]
    if not exists:
        return []
    return [r[0] for r in conn.execute("SELECT version FROM pma.schema_migrations ORDER BY version")]


def upgrade(url: str) -> list[str]:
    """Apply the migrations not yet applied (each in a transaction), then the views; names applied."""
    import psycopg

    done: list[str] = []
    with psycopg.connect(url) as conn:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (UPGRADE_LOCK,))
            conn.execute("CREATE SCHEMA IF NOT EXISTS pma")
            conn.execute("CREATE TABLE IF NOT EXISTS pma.schema_migrations (version integer PRIMARY KEY, "
                         "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        for number, name, sql in migrations():
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (UPGRADE_LOCK,))
                if number in applied_migrations(conn):
                    continue
                conn.execute(sql)
                conn.execute("INSERT INTO pma.schema_migrations (version, name) VALUES (%s, %s)", (number, name))
                done.append(f"{number:04d}_{name}")
        with conn.transaction():
            sync_views(conn)
    return done


def seed_bundled(url: str, geo_dir: Path) -> list[str]:
    """Store the bundled version 1 of layers the database has no version of (so QGIS sees them)."""
    import psycopg

    store = PostgisStore(url, geo_dir)
    seeded = []
    with psycopg.connect(url) as conn, conn.transaction():
        for layer in LAYERS:
            path = store.bundled_version(layer).path
            if not path.exists():
                continue
            store._lock_layer(conn, layer)
            if conn.execute("SELECT 1 FROM pma.layer_versions WHERE layer = %s AND version = 1",
                            (layer,)).fetchone():
                continue
            store.import_version(conn, layer, {"version": 1, "author": "bundled",
                                               "note": "Données de référence livrées avec l'application"}, path)
            conn.execute("INSERT INTO pma.current_version (layer, version, by_whom, action) "
                         "VALUES (%s, 1, 'bundled', 'import') ON CONFLICT (layer) DO NOTHING", (layer,))
            seeded.append(layer)
    return seeded


def check_schema(conn) -> None:
    """A French error naming the fix when the database has not been upgraded."""
    wanted = [n for n, _, _ in migrations()]
    have = applied_migrations(conn)
    missing = [n for n in wanted if n not in have]
    if missing:
        raise ValueError("La base PostgreSQL n'est pas à jour (migrations manquantes : "
                         f"{', '.join(f'{n:04d}' for n in missing)}) : lancez « pma-map db upgrade ».")


def view_sql(layer: str) -> str:
    """``CREATE VIEW pma_current.<layer>``: the current version, one typed column per field."""
    spec = get_layer(layer)
    cols = ["f.fid"]
    for fld in spec.fields:
        sql_type = _SQL_TYPES.get(fld.type, "text")
        expr = f"(f.properties->>'{fld.name}')"
        if sql_type == "bigint":
            expr = f"round(nullif({expr}, '')::numeric)::bigint"
        elif sql_type != "text":
            expr = f"nullif({expr}, '')::{sql_type}"
        cols.append(f'{expr} AS "{fld.name}"')
    gtype = _GEOM_TYPES.get(spec.geometry, "Geometry")
    geom = "f.geom" if gtype == "Point" else "ST_Multi(f.geom)"
    cols.append(f"{geom}::geometry({gtype}, 4326) AS geom")
    return (f'CREATE VIEW pma_current."{layer}" AS SELECT {", ".join(cols)} FROM pma.features f '
            "JOIN pma.current_version c ON c.layer = f.layer AND c.version = f.version "
            f"WHERE f.layer = '{layer}'")


def sync_views(conn) -> None:
    """(Re)create the view of every catalogue layer and grant it to the read-only role."""
    for layer in LAYERS:
        conn.execute(f'DROP VIEW IF EXISTS pma_current."{layer}"')
        conn.execute(view_sql(layer))
        conn.execute(f'GRANT SELECT ON pma_current."{layer}" TO pma_reader')


# --- the store ------------------------------------------------------------------


class PostgisStore(Store):
    """Layer versions in PostgreSQL + PostGIS, shared by every replica."""

    def __init__(self, url: str, bundled: Path, cache: Path | None = None):
        self.url = url
        self.bundled = Path(bundled)
        key = hashlib.sha256(url.encode()).hexdigest()[:12]
        self.cache = Path(cache) if cache else config.data_dir() / "cache" / f"postgis-{key}"

    # connections
    def _conn(self):
        if self.url not in _schema_ok:
            with connection(self.url) as conn:
                check_schema(conn)
            _schema_ok.add(self.url)
        return connection(self.url)

    def bundled_version(self, layer: str) -> LayerVersion:
        return LayerVersion(layer, 1, self.bundled / get_layer(layer).filename)

    def _cached(self, layer: str, version: int, checksum: str) -> LayerVersion:
        """The version as a local GeoJSON file, fetched once from the database."""
        if version == 1:
            return self.bundled_version(layer)
        path = self.cache / layer / f"v{version:04d}-{checksum[:16]}.geojson"
        if not path.exists():
            with self._conn() as conn:
                row = conn.execute("SELECT geojson FROM pma.layer_versions WHERE layer = %s AND version = %s",
                                   (layer, version)).fetchone()
            data = bytes(row[0])
            if hashlib.sha256(data).hexdigest() != checksum:
                raise ValueError(f"La version {version} de « {layer} » ne correspond plus à sa somme de "
                                 "contrôle dans la base : lecture refusée.")
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data)
        return LayerVersion(layer, version, path)

    def generation(self) -> int:
        """The counter bumped by every publish or rollback (one tiny query)."""
        with self._conn() as conn:
            return int(conn.execute("SELECT value FROM pma.generation").fetchone()[0])

    def current_versions(self, layers) -> dict[str, tuple[int, str | None]]:
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT c.layer, c.version, v.checksum FROM pma.current_version c "
                "LEFT JOIN pma.layer_versions v ON v.layer = c.layer AND v.version = c.version "
                "WHERE c.layer = ANY(%s)", (list(layers),)).fetchall()
        found = {r[0]: (int(r[1]), r[2]) for r in rows}
        return {name: found.get(name, (1, None)) for name in layers}

    def _served(self, layer: str, version: int, checksum: str) -> LayerVersion:
        """The current version, or when its data no longer match their checksum the last sound
        earlier version (the problem is kept for the staff's banner and ``check``)."""
        try:
            found = self._cached(layer, version, checksum)
        except ValueError as exc:
            for older, older_sum in self._sound_versions(layer, below=version):
                _PROBLEMS[(self.url, layer)] = f"version courante {version} : {exc}"
                return self._cached(layer, older, older_sum) if older > 1 else self.bundled_version(layer)
            raise
        _PROBLEMS.pop((self.url, layer), None)
        return found

    def _sound_versions(self, layer: str, below: int) -> list[tuple[int, str]]:
        """Versions under ``below`` whose data match their checksum, newest first, ending with version 1."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT version, checksum FROM pma.layer_versions WHERE layer = %s AND version > 1 "
                "AND version < %s AND encode(sha256(geojson), 'hex') = checksum ORDER BY version DESC",
                (layer, below)).fetchall()
        return [(int(v), c) for v, c in rows] + [(1, "")]

    def current(self, layer: str) -> LayerVersion:
        get_layer(layer)
        version, checksum = self.current_versions([layer])[layer]
        return self._served(layer, version, checksum or "")

    def current_all(self, layers) -> dict[str, LayerVersion]:
        for name in layers:
            get_layer(name)
        return {name: self._served(name, v, c or "") for name, (v, c) in self.current_versions(layers).items()}

    # verifying and repairing
    def warnings(self, layer: str) -> list[dict]:
        """What this replica had to work around when reading ``layer`` (no query: every page asks)."""
        problem = _PROBLEMS.get((self.url, get_layer(layer).name))
        return [{"layer": layer, "code": "pointer", "message": problem}] if problem else []

    def check(self, layer: str) -> list[dict]:
        """Each version's data against its checksum and its features against its count (in the
        database), and this replica's cached copies against their checksums. Each problem also
        names its ``version`` (and a cached copy its ``file``), what ``repair`` acts on."""
        get_layer(layer)
        out: list[dict] = []
        with self._conn() as conn:
            current = conn.execute("SELECT version FROM pma.current_version WHERE layer = %s",
                                   (layer,)).fetchone()
            rows = conn.execute(
                "SELECT v.version, v.checksum, encode(sha256(v.geojson), 'hex') = v.checksum, v.features, "
                "(SELECT count(*) FROM pma.features f WHERE f.layer = v.layer AND f.version = v.version) "
                "FROM pma.layer_versions v WHERE v.layer = %s AND v.version > 1 ORDER BY v.version",
                (layer,)).fetchall()
        current = int(current[0]) if current else 1
        for version, checksum, sound, features, copied in rows:
            if not sound:
                what = "courante" if version == current else "publiée"
                shown = (" ; la carte montre une version antérieure saine" if version == current else
                         " ; elle ne peut plus être servie ni rétablie : republiez son fichier d'origine s'il le faut")
                out.append({"layer": layer, "code": "pointer" if version == current else "version",
                            "version": version,
                            "message": f"version {what} {version} : données modifiées depuis leur publication "
                                       f"(somme de contrôle différente){shown}"})
            elif copied != features:
                out.append({"layer": layer, "code": "features", "version": version,
                            "message": f"version {version} : {copied} entité(s) dans pma.features pour "
                                       f"{features} publiée(s) (ce que lit QGIS)"})
            cached = self.cache / layer / f"v{version:04d}-{checksum[:16]}.geojson"
            if cached.exists() and sha256_of(cached) != checksum:
                out.append({"layer": layer, "code": "cache", "version": version, "file": cached.name,
                            "message": f"copie locale de la version {version} altérée ({cached.name})"})
        return out

    def repair(self, layer: str, *, author: str = "repair") -> list[str]:
        """Point the layer at its last sound version when the current one is not, copy a version's
        features again for QGIS when they differ from its data, remove altered local copies."""
        done: list[str] = []
        problems = self.check(layer)
        for p in problems:
            if p["code"] == "cache":
                (self.cache / layer / p["file"]).unlink(missing_ok=True)
                done.append(f"{layer} : {p['message']} supprimée (relue depuis la base au besoin)")
        with self._conn() as conn, conn.transaction():
            self._lock_layer(conn, layer)
            if any(p["code"] == "pointer" for p in problems):
                current = conn.execute("SELECT version FROM pma.current_version WHERE layer = %s",
                                       (layer,)).fetchone()[0]
                target = self._sound_versions(layer, below=current)[0][0]
                self._switch(conn, layer, target, author, "repair")
                done.append(f"{layer} : version courante {current} altérée, la carte revient à la version "
                            f"{target} (dernière version saine)")
            for p in problems:
                if p["code"] == "features":
                    conn.execute("DELETE FROM pma.features WHERE layer = %s AND version = %s",
                                 (layer, p["version"]))
                    self._copy_features(conn, layer, p["version"])
                    done.append(f"{layer} : entités de la version {p['version']} recopiées depuis ses données "
                                "publiées")
        _PROBLEMS.pop((self.url, layer), None)
        return done

    def history(self, layer: str) -> list[dict]:
        get_layer(layer)
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT version, author, published_at, note, checksum, features, report FROM pma.layer_versions "
                "WHERE layer = %s AND version > 1 ORDER BY version", (layer,)).fetchall()
            pointer = conn.execute("SELECT version, since, by_whom, action FROM pma.current_version "
                                   "WHERE layer = %s", (layer,)).fetchone()
        out = [self._bundled_manifest(layer)] + [
            {"layer": layer, "version": v, "file": _data_name(v), "author": a, "published_at": _iso(ts),
             "note": n, "checksum": c, "features": f, "state": "published", "report": r}
            for v, a, ts, n, c, f, r in rows]
        current = pointer[0] if pointer else 1
        for m in out:
            m["current"] = m["version"] == current
            if m["current"] and pointer:
                m["current_since"], m["current_by"], m["current_action"] = _iso(pointer[1]), pointer[2], pointer[3]
        return out

    def version(self, layer: str, version: int) -> LayerVersion:
        get_layer(layer)
        if version == 1:
            return self.bundled_version(layer)
        with self._conn() as conn:
            row = conn.execute("SELECT checksum FROM pma.layer_versions WHERE layer = %s AND version = %s",
                               (layer, version)).fetchone()
        if row is None:
            known = ", ".join(str(m["version"]) for m in self.history(layer))
            raise ValueError(f"La couche « {layer} » n'a pas de version {version}. "
                             f"Versions disponibles : {known} (voir pma-map history --layer {layer}).")
        return self._cached(layer, version, row[0])

    # writing
    def _lock_layer(self, conn, layer: str) -> None:
        import psycopg

        conn.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_S}s'")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_layer_lock_key(layer),))
        except psycopg.errors.LockNotAvailable:
            raise ValueError(f"Une autre publication de « {layer} » est en cours depuis plus de "
                             f"{LOCK_TIMEOUT_S} s : réessayez dans un instant.") from None

    @staticmethod
    def _switch(conn, layer: str, version: int, author: str, action: str) -> None:
        conn.execute("INSERT INTO pma.current_version (layer, version, since, by_whom, action) "
                     "VALUES (%s, %s, now(), %s, %s) ON CONFLICT (layer) DO UPDATE SET version = excluded.version, "
                     "since = excluded.since, by_whom = excluded.by_whom, action = excluded.action",
                     (layer, version, author, action))
        conn.execute("UPDATE pma.generation SET value = value + 1")

    @staticmethod
    def _geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
        """The GeoJSON the folder store would write for ``gdf`` (pyogrio, in memory)."""
        from io import BytesIO

        buf = BytesIO()
        gdf.to_file(buf, driver="GeoJSON", engine="pyogrio")
        return buf.getvalue()

    def _insert_version(self, conn, layer: str, version: int, data: bytes, features: int, *,
                        author: str, note: str, report: dict | None, published_at=None) -> None:
        """The version row, then its features parsed by PostGIS from the very GeoJSON stored."""
        from psycopg.types.json import Jsonb

        conn.execute("INSERT INTO pma.layer_versions (layer, version, author, published_at, note, checksum, "
                     "features, report, geojson) VALUES (%s, %s, %s, coalesce(%s, now()), %s, %s, %s, %s, %s)",
                     (layer, version, author, published_at, note or "", hashlib.sha256(data).hexdigest(),
                      int(features), Jsonb(report) if report is not None else None, data))
        PostgisStore._copy_features(conn, layer, version)

    @staticmethod
    def _copy_features(conn, layer: str, version: int) -> None:
        """A version's features as PostGIS geometries, parsed by PostGIS from the very GeoJSON stored."""
        conn.execute("INSERT INTO pma.features (layer, version, fid, properties, geom) "
                     "SELECT v.layer, v.version, t.ord - 1, coalesce(t.f->'properties', '{}'::jsonb), "
                     "ST_SetSRID(ST_GeomFromGeoJSON(t.f->'geometry'), 4326) FROM pma.layer_versions v, "
                     "jsonb_array_elements(convert_from(v.geojson, 'UTF8')::jsonb->'features') "
                     "WITH ORDINALITY AS t(f, ord) WHERE v.layer = %s AND v.version = %s", (layer, version))

    def publish(self, layer: str, gdf: gpd.GeoDataFrame, *, author: str, note: str,
                report: dict | None = None, expected_current: int | None = None) -> LayerVersion:
        get_layer(layer)
        if not author or not str(author).strip():
            raise ValueError("Indiquez l'auteur de la publication (--author).")
        if gdf.crs is None or not gdf.crs.equals("EPSG:4326"):
            raise ValueError("La couche à publier doit être en EPSG:4326.")
        author = str(author).strip()
        data = self._geojson_bytes(gdf)
        with self._conn() as conn, conn.transaction():
            self._lock_layer(conn, layer)
            row = conn.execute("SELECT version, by_whom FROM pma.current_version WHERE layer = %s",
                               (layer,)).fetchone()
            now = row[0] if row else 1
            if expected_current is not None and now != expected_current:
                by = str(row[1]) if row else "?"
                raise StaleBase(f"La version {now} de « {layer} » a été publiée par {by} "
                                f"pendant votre relecture (vous compariez avec la version {expected_current}). "
                                "Rechargez l'aperçu pour voir les changements, puis publiez.",
                                current=now, expected=expected_current, by=by, layer=layer)
            version = conn.execute("SELECT coalesce(max(version), 1) + 1 FROM pma.layer_versions WHERE layer = %s",
                                   (layer,)).fetchone()[0]
            self._insert_version(conn, layer, version, data, len(gdf), author=author, note=note, report=report)
            _pause_for_tests()
            self._switch(conn, layer, version, author, "publish")
        return self._cached(layer, version, hashlib.sha256(data).hexdigest())

    def rollback(self, layer: str, to: int, *, author: str, note: str = "") -> LayerVersion:
        if not author or not str(author).strip():
            raise ValueError("Indiquez qui revient en arrière (--author).")
        get_layer(layer)
        to = int(to)
        with self._conn() as conn, conn.transaction():
            self._lock_layer(conn, layer)
            if to != 1:
                row = conn.execute("SELECT checksum, sha256(geojson) FROM pma.layer_versions "
                                   "WHERE layer = %s AND version = %s", (layer, to)).fetchone()
                if row is None:
                    self.version(layer, to)  # raises the French message listing the versions
                if bytes(row[1]).hex() != row[0]:
                    raise ValueError(f"Les données de la version {to} ont été modifiées depuis leur publication "
                                     "(somme de contrôle différente) : retour refusé.")
            self._switch(conn, layer, to, str(author).strip(), "rollback")
        return self.version(layer, to)

    # moving a folder store in
    def import_version(self, conn, layer: str, manifest: dict, path: Path) -> None:
        data = Path(path).read_bytes()
        if manifest.get("checksum") and hashlib.sha256(data).hexdigest() != manifest["checksum"]:
            raise ValueError(f"{path} ne correspond pas à la somme de contrôle de son manifeste : "
                             "import arrêté, rien n'a été importé.")
        self._insert_version(conn, layer, int(manifest["version"]), data, pyogrio.read_info(path)["features"],
                             author=manifest.get("author") or "?", note=manifest.get("note") or "",
                             report=manifest.get("report"), published_at=manifest.get("published_at"))


# --- audit log and lockouts -----------------------------------------------------------


def audit_append(url: str, entry: dict) -> None:
    from psycopg.types.json import Jsonb

    details = {k: v for k, v in entry.items() if k not in ("time", "event")}
    with connection(url) as conn:
        conn.execute("INSERT INTO pma.audit (time, event, details) VALUES (%s, %s, %s)",
                     (entry["time"], entry["event"], Jsonb(json.loads(json.dumps(details, default=str)))))


def audit_read(url: str, event: str | None = None) -> list[dict]:
    with connection(url) as conn:
        rows = conn.execute("SELECT time, event, details FROM pma.audit WHERE %s::text IS NULL OR event = %s "
                            "ORDER BY id", (event, event)).fetchall()
    return [{"time": _iso(ts), "event": ev, **details} for ts, ev, details in rows]


class PostgisLockout(Lockout):
    """Failed sign-ins in ``pma.lockout_entries``: the rules of ``auth.Lockout`` (per login
    and address, per address, per login from unknown addresses), shared by every replica.

    The counters are read and written under one advisory lock, in one transaction.
    """

    def __init__(self, url: str, *, max_failures: int, window_s: float, lock_s: float, clock, **limits):
        super().__init__(Path(os.devnull), max_failures=max_failures, window_s=window_s, lock_s=lock_s,
                         clock=clock, **limits)
        self.url = url
        self._conn_in_lock = None

    @contextmanager
    def _lock(self):
        with connection(self.url) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('pma.lockout_entries'))")
            self._conn_in_lock = conn
            try:
                yield
            finally:
                self._conn_in_lock = None

    def _load(self) -> dict:
        if self._conn_in_lock is not None:
            rows = self._conn_in_lock.execute("SELECT key, entry FROM pma.lockout_entries").fetchall()
        else:
            with connection(self.url) as conn:
                rows = conn.execute("SELECT key, entry FROM pma.lockout_entries").fetchall()
        return {key: entry for key, entry in rows}

    def _save(self, data: dict) -> None:
        from psycopg.types.json import Jsonb

        if len(data) > MAX_ENTRIES:  # bounded like the file: the oldest entries go first
            newest = sorted(data, key=lambda k: max(data[k].get("failures") or [0]), reverse=True)
            data = {k: data[k] for k in newest[:MAX_ENTRIES]}
        conn = self._conn_in_lock
        conn.execute("DELETE FROM pma.lockout_entries")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO pma.lockout_entries (key, entry) VALUES (%s, %s)",
                            [(k, Jsonb(v)) for k, v in data.items()])
