"""The versioned store and the publishing commands, run as real subprocesses.

Every test taking ``backend`` runs twice: on the folder store, and on PostGIS
(a database of the session's throw-away cluster, ``PMA_MAP_DATABASE_URL``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import geopandas as gpd
import pytest
from test_publish_flow import solar, write

from pma_map.catalogue import BUNDLED_LAYERS
from pma_map.publish import audit
from pma_map.publish.store import PAUSE_ENV, PAUSE_MARK_ENV, get_store, sha256_of


def pma(*args: str, env_extra: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "pma_map.cli", *args], capture_output=True, text=True,
                          timeout=120, env=env, input=stdin)


def start(*args: str, env_extra: dict | None = None) -> subprocess.Popen:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.Popen([sys.executable, "-m", "pma_map.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def bundled_checksums(geo) -> dict:
    return {name: sha256_of(geo / spec.filename) for name, spec in BUNDLED_LAYERS.items()}


def test_validate_json_shape_and_exit_codes(backend, tmp_path):
    """validate --json prints ok/layer/features/crs_in/errors/warnings; exit 0 publishable, 1 not, 2 usage."""
    good = write(solar(), tmp_path / "good.geojson")
    out = pma("validate", good, "--layer", "sites_solaires", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert set(report) == {"ok", "layer", "features", "crs_in", "errors", "warnings", "diff"}
    assert report["ok"] is True and report["features"] == 3 and report["crs_in"] == "EPSG:4326"
    assert report["diff"]["base_version"] == 1 and report["diff"]["added"] == ["sol-3"]
    assert report["diff"]["removed"] == [] and set(report["diff"]["changed"]) == {"sol-1", "sol-2"}

    bad = write(solar(id=["a", "a", "b"]), tmp_path / "bad.geojson")
    out = pma("validate", bad, "--layer", "sites_solaires", "--json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["ok"] is False and "diff" not in report
    assert {"code", "message"} <= set(report["errors"][0]) and report["errors"][0]["code"] == "duplicate_ids"

    out = pma("validate", good, "--layer", "inconnue")
    assert out.returncode == 2
    out = pma("validate", good, "--layer", "sites_solaires", "--map", "sans_egal")
    assert out.returncode == 2 and "Erreur : Correspondance" in out.stderr


def test_validate_text_says_what_the_upload_changes(backend, tmp_path):
    """The text report ends with the counts of features added, removed and changed."""
    out = pma("validate", write(solar(1), tmp_path / "one.geojson"), "--layer", "sites_solaires")
    assert out.returncode == 0, out.stderr
    assert "Par rapport à la version actuelle (v1) : 0 ajoutée(s), 1 retirée(s), 1 modifiée(s)" in out.stdout


def test_publish_history_rollback_export(backend, tiny_geo_dir, tmp_path):
    """publish makes v2 with author, note, checksum and report; rollback returns to v1; export writes it."""
    before = bundled_checksums(tiny_geo_dir)
    good = write(solar(), tmp_path / "good.geojson")
    out = pma("publish", good, "--layer", "sites_solaires", "--author", "alice", "--note", "Mise à jour 2024")
    assert out.returncode == 0, out.stderr
    hist = json.loads(pma("history", "--layer", "sites_solaires", "--json").stdout)["versions"]
    assert [h["version"] for h in hist] == [1, 2] and hist[1]["current"]
    v2 = hist[1]
    assert v2["author"] == "alice" and v2["note"] == "Mise à jour 2024" and v2["features"] == 3
    assert v2["checksum"] == sha256_of(get_store().current("sites_solaires").path)
    assert v2["report"]["ok"] is True and v2["published_at"].endswith("Z")

    exported = tmp_path / "export.geojson"
    assert pma("export", "--layer", "sites_solaires", "-o", str(exported)).returncode == 0
    gdf = gpd.read_file(exported)
    assert gdf.crs.to_epsg() == 4326 and sorted(gdf["id"]) == ["sol-1", "sol-2", "sol-3"]

    out = pma("rollback", "--layer", "sites_solaires", "--to", "1", "--author", "bob")
    assert out.returncode == 0, out.stderr
    assert get_store().current("sites_solaires").version == 1
    v1 = get_store().history("sites_solaires")[0]
    assert v1["current"] and v1["current_by"] == "bob" and v1["current_action"] == "rollback"
    old = tmp_path / "v2.geojson"
    assert pma("export", "--layer", "sites_solaires", "--version", "2", "-o", str(old)).returncode == 0
    assert len(gpd.read_file(old)) == 3
    assert pma("rollback", "--layer", "sites_solaires", "--to", "7").returncode == 2

    events = audit.read_events()
    assert [(e["event"], e["author"]) for e in events] == [("publish", "alice"), ("rollback", "bob")]
    assert (tmp_path / "store_root" / "audit.log").exists() == (backend is None)
    assert bundled_checksums(tiny_geo_dir) == before


def test_refused_publish_changes_nothing(backend, tmp_path):
    """publish of a bad file exits 1, says nothing was published, writes no version."""
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": []}')
    out = pma("publish", str(bad), "--layer", "sites_solaires", "--author", "a", "--note", "n")
    assert out.returncode == 1
    assert "effacerait les 2 entités" in out.stderr and "Rien n'a été publié" in out.stderr
    assert get_store().current("sites_solaires").version == 1
    assert [h["version"] for h in get_store().history("sites_solaires")] == [1]
    assert not (tmp_path / "store_root" / "store" / "sites_solaires").exists() or not list(
        (tmp_path / "store_root" / "store" / "sites_solaires").glob("v*.geojson"))


def test_publish_killed_between_write_and_switch(backend, tmp_path):
    """A publish killed after writing its version but before switching leaves the previous version current."""
    first = write(solar(), tmp_path / "first.geojson")
    assert pma("publish", first, "--layer", "sites_solaires", "--author", "a", "--note", "v2").returncode == 0
    v2 = get_store().current("sites_solaires")
    v2_sum = sha256_of(v2.path)

    mark = tmp_path / "paused"
    second = write(solar(4), tmp_path / "second.geojson")
    proc = start("publish", second, "--layer", "sites_solaires", "--author", "b", "--note", "v3",
                 env_extra={PAUSE_ENV: "60", PAUSE_MARK_ENV: str(mark)})
    deadline = time.time() + 60
    while not mark.exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert mark.exists(), proc.communicate()
    if backend is None:
        folder = tmp_path / "store_root" / "store" / "sites_solaires"
        assert (folder / "v0003.geojson").exists()  # written, not yet switched
    else:  # the rows are written in the open transaction, invisible to everyone else
        assert [h["version"] for h in get_store().history("sites_solaires")] == [1, 2]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    current = get_store().current("sites_solaires")
    assert current.version == 2 and sha256_of(current.path) == v2_sum
    assert [h["version"] for h in get_store().history("sites_solaires")] == [1, 2]
    # The next publish works (the folder store does not reuse the interrupted number;
    # in PostgreSQL the killed transaction left nothing, so its number is free again).
    out = pma("publish", second, "--layer", "sites_solaires", "--author", "b", "--note", "v4")
    assert out.returncode == 0, out.stderr
    assert get_store().current("sites_solaires").version == (4 if backend is None else 3)
    assert len(gpd.read_file(get_store().current("sites_solaires").path)) == 4


def test_two_publishes_at_once(backend, tmp_path):
    """Two processes publishing together: each lands as a distinct version or is refused saying another
    publish came first; nothing lost, nothing replaced silently."""
    a = write(solar(2), tmp_path / "a.geojson")
    b = write(solar(3), tmp_path / "b.geojson")
    procs = [start("publish", path, "--layer", "sites_solaires", "--author", who, "--note", who)
             for path, who in ((a, "a"), (b, "b"))]
    landed = set()
    for p, who in zip(procs, "ab"):
        _, err = p.communicate(timeout=120)
        assert p.returncode in (0, 1), err
        if p.returncode == 0:
            landed.add(who)
        else:
            assert "a été publiée par" in err and "Rien n'a été publié" in err
    assert landed
    hist = get_store().history("sites_solaires")
    assert [h["version"] for h in hist] == list(range(1, 2 + len(landed)))
    assert {h["author"] for h in hist[1:]} == landed
    for h in hist[1:]:
        assert sha256_of(get_store().version("sites_solaires", h["version"]).path) == h["checksum"]
    assert hist[-1]["current"]


def test_cli_publish_passes_the_version_it_validated(tiny_geo_dir, tmp_path, monkeypatch, capsys):
    """A CLI publish validated against v1 while another publish lands v2 is refused and says so
    (it silently replaced v2 before)."""
    from pma_map import cli
    from pma_map.publish import publishing

    real = publishing.prepare

    def prepare_then_someone_publishes(*args, **kwargs):
        prepared = real(*args, **kwargs)
        other = real(write(solar(2), tmp_path / "other.geojson"), "sites_solaires")
        publishing.publish(other, author="alice", note="meanwhile")
        return prepared

    monkeypatch.setattr(publishing, "prepare", prepare_then_someone_publishes)
    b = write(solar(3), tmp_path / "b.geojson")
    assert cli.main(["publish", b, "--layer", "sites_solaires", "--author", "bob", "--note", "b"]) == 1
    err = capsys.readouterr().err
    assert "version 2" in err and "alice" in err and "version 1" in err and "Rien n'a été publié" in err
    hist = get_store().history("sites_solaires")
    assert [h["version"] for h in hist] == [1, 2] and hist[-1]["author"] == "alice" and hist[-1]["current"]


def test_hash_password_command(tmp_path):
    """hash-password prints an argon2 hash that signs in, and never echoes the password."""
    from pma_map.publish.auth import check_hash

    out = pma("hash-password", "--stdin", "--login", "Alice", stdin="un-long-mot-de-passe\n")
    assert out.returncode == 0, out.stderr
    hashed = out.stdout.strip()
    assert hashed.startswith("$argon2id$") and check_hash(hashed, "un-long-mot-de-passe")
    assert "un-long-mot-de-passe" not in out.stdout + out.stderr
    assert "PMA_MAP_STAFF_ALICE" in out.stderr
    short = pma("hash-password", "--stdin", stdin="court\n")
    assert short.returncode == 2 and "trop court" in short.stderr


@pytest.mark.parametrize("fmt", ["csv"])
def test_cli_reads_csv_with_options(backend, tmp_path, fmt):
    """validate reads a ';' CSV with decimal commas and a --map option from the command line."""
    lines = ["id;nom;code_insee;source;source_date;precision;statut;lat;lon",
             "a;A;62001;PMA;2024;approximate;en service;50,42;2,72"]
    path = tmp_path / "x.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = pma("validate", str(path), "--layer", "sites_solaires", "--map", "code_insee=insee", "--json")
    assert out.returncode == 0, out.stdout
    assert json.loads(out.stdout)["features"] == 1


def test_store_point_geometry_round_trip(backend):
    """What is published is what is read back (ids, values, coordinates)."""
    store = get_store()
    gdf = solar()
    lv = store.publish("sites_solaires", gdf, author="a", note="n")
    back = gpd.read_file(lv.path)
    assert back["id"].tolist() == gdf["id"].tolist()
    assert back.crs.to_epsg() == 4326
    assert back.geometry.geom_equals_exact(gdf.geometry, 1e-9).all()
