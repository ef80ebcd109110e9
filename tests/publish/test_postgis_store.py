"""What only the shared PostGIS store does: migrations, QGIS views and role, import of a folder
store, serialised publishes, audit and lockouts in the database, the one-query version check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import geopandas as gpd
import psycopg
import pytest
from test_publish_flow import solar, write

from pma_map.catalogue import LAYERS
from pma_map.layers import data_versions, load_layer
from pma_map.publish import audit, auth, pgstore, pgtemp, publishing
from pma_map.publish.store import PAUSE_ENV, PAUSE_MARK_ENV, FolderStore, get_store, sha256_of

pytestmark = pytest.mark.postgis


def pma(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "pma_map.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture
def pg(pg_url, tiny_geo_dir, monkeypatch):
    """The tiny bundled layers, and PMA_MAP_DATABASE_URL naming a fresh upgraded database."""
    monkeypatch.setenv("PMA_MAP_DATABASE_URL", pg_url)
    return pg_url


def test_store_chosen_by_environment(pg, monkeypatch):
    """PMA_MAP_DATABASE_URL selects the PostGIS store; unset, the folder store works as before."""
    assert isinstance(get_store(), pgstore.PostgisStore)
    monkeypatch.delenv("PMA_MAP_DATABASE_URL")
    assert isinstance(get_store(), FolderStore)


def test_db_upgrade_applies_numbered_migrations_once(pg_cluster, tiny_geo_dir, monkeypatch):
    """pma-map db upgrade creates the schema on an empty database, records each migration, then does nothing."""
    url = pgtemp.create_database(pg_cluster, f"fresh_{os.getpid()}_{int(time.time() * 1000) % 10**6}")
    monkeypatch.setenv("PMA_MAP_DATABASE_URL", url)
    first = pma("db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert ("Migrations appliquées : 0001_initial, 0002_reader_role, 0003_lockout_entries, 0004_repair_action"
            in first.stdout)
    assert "Version 1 (données livrées) enregistrée" in first.stdout
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT version, name FROM pma.schema_migrations ORDER BY version").fetchall()
    assert rows == [(1, "initial"), (2, "reader_role"), (3, "lockout_entries"), (4, "repair_action")]
    again = pma("db", "upgrade")
    assert again.returncode == 0 and "La base est à jour" in again.stdout and "Version 1" not in again.stdout
    pgstore.close_pools()


def test_store_refuses_a_database_not_upgraded(pg_cluster, tiny_geo_dir, monkeypatch):
    """An empty database gets a French message naming « pma-map db upgrade », not a SQL error."""
    url = pgtemp.create_database(pg_cluster, f"empty_{os.getpid()}_{int(time.time() * 1000) % 10**6}")
    monkeypatch.setenv("PMA_MAP_DATABASE_URL", url)
    with pytest.raises(ValueError, match="pma-map db upgrade"):
        get_store().current("communes")
    out = pma("history", "--layer", "communes")
    assert out.returncode == 2 and "pma-map db upgrade" in out.stderr
    pgstore.close_pools()


def test_db_commands_without_url_say_how(tiny_geo_dir):
    """pma-map db upgrade without PMA_MAP_DATABASE_URL explains what to set."""
    out = pma("db", "upgrade")
    assert out.returncode == 2 and "PMA_MAP_DATABASE_URL n'est pas défini" in out.stderr


def test_qgis_views_typed_and_registered(pg, tmp_path):
    """Each layer has a pma_current view listed in geometry_columns with its type and SRID 4326."""
    pgstore.seed_bundled(pg, get_store().bundled)
    with psycopg.connect(pg) as conn:
        cols = dict(conn.execute("SELECT f_table_name, type || ':' || srid FROM geometry_columns "
                                 "WHERE f_table_schema = 'pma_current'").fetchall())
        assert cols == {"communes": "MULTIPOLYGON:4326", "parcs": "MULTIPOLYGON:4326",
                        "voies_vertes": "MULTILINESTRING:4326", "zones_activite": "MULTIPOLYGON:4326",
                        "sites_solaires": "POINT:4326", "parc_innovation": "POINT:4326", "acces": "POINT:4326"}
        pop = conn.execute("SELECT nom, population FROM pma_current.communes ORDER BY insee").fetchall()
        assert pop == [("Alpha", 1000), ("Bêta", 3000), ("Gamma", 500)]
    publishing.publish(publishing.prepare(write(solar(3), tmp_path / "s.geojson"), "sites_solaires"),
                       author="alice", note="trois")
    with psycopg.connect(pg) as conn:
        rows = conn.execute("SELECT id, production_gwh_an, ST_X(geom) FROM pma_current.sites_solaires "
                            "ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["sol-1", "sol-2", "sol-3"] and rows[2][1] == 4.5
    assert abs(rows[0][2] - 2.71) < 1e-9


def test_reader_role_reads_views_only(pg, pg_cluster):
    """A QGIS login in pma_reader reads pma_current views but neither the audit log nor writes."""
    pgstore.seed_bundled(pg, get_store().bundled)
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS qgis_test")
        conn.execute("CREATE ROLE qgis_test LOGIN IN ROLE pma_reader")
    reader = pg.replace("postgresql://pma@", "postgresql://qgis_test@")
    with psycopg.connect(reader) as conn:
        assert conn.execute("SELECT count(*) FROM pma_current.communes").fetchone()[0] == 3
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM pma.audit")
    with psycopg.connect(reader) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM pma.current_version")


def test_import_folder_with_three_versions(tiny_geo_dir, tmp_path, pg_url, monkeypatch):
    """pma-map db import-folder moves versions, manifests, current pointer, audit and lockouts, and says so."""
    for n, who in ((1, "alice"), (2, "bob"), (3, "chloé")):
        prepared = publishing.prepare(write(solar(n), tmp_path / f"s{n}.geojson"), "sites_solaires")
        publishing.publish(prepared, author=who, note=f"{n} site(s)")
    publishing.rollback("sites_solaires", 3, author="dan", note="retour")
    auth.Lockout().failure("eve")
    folder_hist = FolderStore(tmp_path / "store_root", tiny_geo_dir).history("sites_solaires")
    folder_events = audit.read_events()

    monkeypatch.setenv("PMA_MAP_DATABASE_URL", pg_url)
    out = pma("db", "import-folder", str(tmp_path / "store_root"))
    assert out.returncode == 0, out.stderr
    assert "sites_solaires : 3 version(s) importée(s) (v2, v3, v4), version actuelle v3." in out.stdout
    assert "Journal d'audit : 4 événement(s) importé(s) ; verrouillages de comptes : 3." in out.stdout
    db_hist = get_store().history("sites_solaires")
    keys = ("version", "author", "note", "checksum", "features", "published_at", "current", "report")
    assert [{k: h[k] for k in keys} for h in db_hist] == [{k: h[k] for k in keys} for h in folder_hist]
    assert db_hist[2]["current_by"] == "dan" and db_hist[2]["current_action"] == "rollback"
    assert sha256_of(get_store().current("sites_solaires").path) == folder_hist[2]["checksum"]
    assert audit.read_events() == folder_events
    with psycopg.connect(pg_url) as conn:
        keys = [k for (k,) in conn.execute("SELECT key FROM pma.lockout_entries ORDER BY key")]
        assert keys == ["addr:unknown", "login:eve", "pair:eve|unknown"]
    # Importing twice is refused and changes nothing.
    again = pma("db", "import-folder", str(tmp_path / "store_root"))
    assert again.returncode == 2 and "déjà des versions" in again.stderr
    assert len(audit.read_events()) == 4
    assert pma("db", "import-folder", str(tmp_path)).returncode == 2


def test_concurrent_reviewed_publishes_second_told(pg, tmp_path):
    """Two reviewed publishes of one layer at once: the second waits for the lock, then is told who published."""
    mark = tmp_path / "paused"
    first = write(solar(2), tmp_path / "a.geojson")
    reviewed = publishing.prepare(write(solar(3), tmp_path / "b.geojson"), "sites_solaires")
    assert reviewed.base_version == 1
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pma_map.publish import publishing as p; "
         "pr = p.prepare(sys.argv[1], 'sites_solaires'); "
         "p.publish(pr, author='bob', note='bob', check_base=True)", first],
        env={**os.environ, PAUSE_ENV: "6", PAUSE_MARK_ENV: str(mark)}, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not mark.exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert mark.exists(), proc.communicate()
    with pytest.raises(ValueError, match="La version 2 de « sites_solaires » a été publiée par bob pendant"):
        publishing.publish(reviewed, author="alice", note="alice", check_base=True)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    assert [h["author"] for h in get_store().history("sites_solaires")] == ["bundled", "bob"]


def test_audit_and_lockout_shared_by_replicas(pg, tmp_path):
    """Sign-in failures lock the account in pma.lockout_entries for every replica; the audit goes to pma.audit."""
    accounts = {"alice": auth.hash_password("un-long-mot-de-passe")}
    for _ in range(auth.MAX_FAILURES):
        auth.sign_in("alice", "mauvais", accounts)
    # Another replica: nothing in memory, nothing in its data folder.
    other = pgstore.PostgisLockout(pg, max_failures=5, window_s=900, lock_s=900, clock=time.time)
    assert other.locked_until("alice")
    assert auth.sign_in("alice", "un-long-mot-de-passe", accounts).reason == "locked"
    kinds = [e["event"] for e in audit.read_events()]
    assert kinds == ["signin_failed"] * 5 + ["lockout", "signin_failed"]
    assert not (tmp_path / "store_root" / "audit.log").exists()
    assert not (tmp_path / "store_root" / "auth_failures.json").exists()


def test_rerun_check_is_one_small_query(pg, tmp_path, monkeypatch):
    """data_versions asks the database once and reads no layer; a publish elsewhere shows at the next call."""
    get_store().current("communes")  # schema checked once per store
    calls = []
    real = pgstore.PostgisStore._conn
    monkeypatch.setattr(pgstore.PostgisStore, "_conn", lambda self: calls.append(1) or real(self))
    assert data_versions() == dict.fromkeys(LAYERS, 1)
    assert len(calls) == 1
    out = pma("publish", write(solar(3), tmp_path / "x.geojson"), "--layer", "sites_solaires",
              "--author", "a", "--note", "n")
    assert out.returncode == 0, out.stderr
    shutil.rmtree(get_store().cache)  # as on a replica of another machine (the CLI filled this cache)
    calls.clear()
    assert data_versions()["sites_solaires"] == 2
    assert len(calls) == 2  # the version numbers, then the new version's GeoJSON once
    calls.clear()
    assert len(load_layer("sites_solaires")) == 3 and data_versions()["sites_solaires"] == 2
    assert len(calls) == 2  # one query each, the version is read from the local cache
    assert get_store().generation() == 1


def test_checksum_guards_cached_and_rolled_back_versions(pg, tmp_path):
    """Data changed in the database behind the store's back is refused on read and on rollback."""
    store = get_store()
    store.publish("sites_solaires", solar(3), author="a", note="n")
    store.publish("sites_solaires", solar(2), author="a", note="n")
    with psycopg.connect(pg) as conn:
        conn.execute("UPDATE pma.layer_versions SET geojson = geojson || ' '::bytea WHERE version = 2")
    with pytest.raises(ValueError, match="somme de contrôle"):
        store.rollback("sites_solaires", 2, author="b")
    assert store.current("sites_solaires").version == 3


def test_altered_current_version_falls_back_is_reported_and_repaired(pg, tmp_path, monkeypatch):
    """Current data altered in the database: a replica without a copy serves the last sound version,
    staff see it, `pma-map store check` names it and `store repair` points the map back (one switch)."""
    store = get_store()
    store.publish("sites_solaires", solar(3), author="a", note="v2")
    store.publish("sites_solaires", solar(2), author="a", note="v3")
    with psycopg.connect(pg) as conn:
        conn.execute("UPDATE pma.layer_versions SET geojson = geojson || ' '::bytea WHERE version = 3")
    replica = pgstore.PostgisStore(pg, store.bundled, cache=tmp_path / "other_replica")
    assert replica.current("sites_solaires").version == 2
    assert [w["code"] for w in replica.warnings("sites_solaires")] == ["pointer"]
    checked = pma("store", "check")
    assert checked.returncode == 1 and "version courante 3" in checked.stdout, checked.stdout
    repaired = pma("store", "repair", "--author", "ops")
    assert "la carte revient à la version 2" in repaired.stdout
    # The altered data cannot be mended: still said, with what to do, and the command exits 1.
    assert repaired.returncode == 1 and "Reste : sites_solaires [version]" in repaired.stdout
    assert "republiez son fichier d'origine" in repaired.stdout
    history = {m["version"]: m for m in store.history("sites_solaires")}
    assert history[2]["current"] and history[2]["current_action"] == "repair" and history[2]["current_by"] == "ops"
    assert [p["code"] for p in store.check("sites_solaires")] == ["version"]  # v3 stays reported, not served
    assert replica.current("sites_solaires").version == 2  # the replica's next rerun
    assert replica.warnings("sites_solaires") == []  # v2 is now the current version: nothing to work around


def test_features_for_qgis_and_local_copies_checked_and_repaired(pg, tmp_path):
    """Features missing from pma.features (what QGIS reads) are copied again from the version's data;
    an altered local copy is removed, then read again from the database."""
    store = get_store()
    lv = store.publish("sites_solaires", solar(3), author="a", note="v2")
    with psycopg.connect(pg) as conn:
        conn.execute("DELETE FROM pma.features WHERE layer = 'sites_solaires' AND version = 2 AND fid = 0")
    lv.path.write_bytes(lv.path.read_bytes().replace(b"Site 1", b"Site X"))
    assert sorted(p["code"] for p in store.check("sites_solaires")) == ["cache", "features"]
    done = store.repair("sites_solaires", author="ops")
    assert len(done) == 2 and store.check("sites_solaires") == []
    with psycopg.connect(pg) as conn:
        assert conn.execute("SELECT count(*) FROM pma.features WHERE layer = 'sites_solaires' "
                            "AND version = 2").fetchone()[0] == 3
    assert b"Site 1" in store.current("sites_solaires").path.read_bytes()


def test_publish_geojson_identical_to_folder_store(pg, tmp_path, monkeypatch):
    """The bytes the app reads back from PostGIS are those the folder store would have written."""
    gdf = solar(3)
    lv = get_store().publish("sites_solaires", gdf, author="a", note="n")
    back = gpd.read_file(lv.path)
    assert back["id"].tolist() == gdf["id"].tolist()
    assert json.loads(lv.path.read_bytes())["features"][2]["properties"]["production_gwh_an"] == 4.5


def test_unreachable_database_says_so(tiny_geo_dir, tmp_path, monkeypatch):
    """A database that cannot be reached gives a French message naming PMA_MAP_DATABASE_URL, not a traceback."""
    url = f"postgresql://pma@/nowhere?host={tmp_path}&port=5999"
    monkeypatch.setenv("PMA_MAP_DATABASE_URL", url)
    monkeypatch.setenv("PMA_MAP_DB_TIMEOUT", "1")
    out = pma("history", "--layer", "communes")
    assert out.returncode == 2, out.stderr
    assert "Erreur : Base PostgreSQL injoignable" in out.stderr and "PMA_MAP_DATABASE_URL" in out.stderr
    assert "Traceback" not in out.stderr
