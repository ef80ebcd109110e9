"""Issue 14, the store: a corrupt pointer or version file is reported, the pages fall back to the last
sound version, `pma-map store check / repair` fix it; a full disk gives a clear message."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_publish_flow import solar, write

from pma_map import cli
from pma_map.layers import load_layer
from pma_map.publish import auth, publishing
from pma_map.publish.store import get_store

ROOT = Path(__file__).resolve().parents[2]
LAYER = "sites_solaires"


@pytest.fixture
def two_versions(tiny_geo_dir, tmp_path):
    """Versions 2 (3 sites) and 3 (4 sites) published; returns the layer's store folder."""
    for n, note in ((3, "v2"), (4, "v3")):
        prepared = publishing.prepare(write(solar(n), tmp_path / f"{note}.geojson"), LAYER)
        assert prepared.ok, prepared.report.to_dict()
        publishing.publish(prepared, author="alice", note=note)
    return tmp_path / "store_root" / "store" / LAYER


CORRUPTIONS = {
    "garbage": lambda f: (f / "current.json").write_bytes(b"\x00\xffnot json"),
    "empty": lambda f: (f / "current.json").write_text("", encoding="utf-8"),
    "version_abc": lambda f: (f / "current.json").write_text('{"version": "abc", "file": "x"}', encoding="utf-8"),
    "missing_file": lambda f: (f / "v0003.geojson").unlink(),
    "truncated_file": lambda f: (f / "v0003.geojson").write_bytes((f / "v0003.geojson").read_bytes()[:50]),
    "hand_edited": lambda f: (f / "v0003.geojson").write_text(
        (f / "v0003.geojson").read_text(encoding="utf-8").replace("Site 1", "Site modifié"), encoding="utf-8"),
}


@pytest.mark.parametrize("how", list(CORRUPTIONS))
def test_corrupt_pointer_or_version_falls_back_and_is_reported(two_versions, how):
    """A broken current.json or current version file: served is the last sound version, check says why,
    history / publish / rollback still work (every page raised before)."""
    CORRUPTIONS[how](two_versions)
    store = get_store()
    lv = store.current(LAYER)
    assert lv.version in (2, 3)
    if how in ("missing_file", "truncated_file", "hand_edited"):
        assert lv.version == 2
    assert len(load_layer(LAYER)) == (3 if lv.version == 2 else 4)
    problems = store.check(LAYER)
    assert [p["code"] for p in problems] == ["pointer"], problems
    assert f"la carte montre la version {lv.version}" in problems[0]["message"]
    assert [h["version"] for h in store.history(LAYER) if h["current"]] == [lv.version]
    publishing.rollback(LAYER, 1, author="bob")
    assert store.current(LAYER).version == 1
    assert "pointer" not in [p["code"] for p in store.check(LAYER)]  # a broken v3 file stays reported


def test_store_check_and_repair_commands(two_versions, capsys):
    """`pma-map store check` names the problem and exits 1; `store repair` fixes the pointer from the
    manifests and cleans what a killed publish left; check then exits 0."""
    (two_versions / "current.json").write_text("{", encoding="utf-8")
    (two_versions / ".tmp-123-v0004.geojson").write_text("{}", encoding="utf-8")
    pending = {"layer": LAYER, "version": 4, "file": "v0004.geojson", "author": "x", "state": "pending",
               "checksum": "0"}
    (two_versions / "v0004.json").write_text(json.dumps(pending), encoding="utf-8")
    (two_versions / "v0004.geojson").write_text("{}", encoding="utf-8")
    assert cli.main(["store", "check"]) == 1
    out = capsys.readouterr().out
    assert "current.json illisible" in out and "en attente" in out and "temporaire" in out
    assert cli.main(["store", "repair", "--layer", LAYER]) == 0
    out = capsys.readouterr().out
    assert "pointeur refait vers la version 3" in out
    assert cli.main(["store", "check"]) == 0
    assert json.loads((two_versions / "current.json").read_text())["version"] == 3
    assert not list(two_versions.glob(".tmp-*")) and not (two_versions / "v0004.geojson").exists()
    # The abandoned number is not reused.
    prepared = publishing.prepare(write(solar(2), two_versions.parent / "n.geojson"), LAYER)
    assert publishing.publish(prepared, author="a", note="n").version == 5


def test_pending_versions_cleaned_at_next_publish(two_versions, tmp_path):
    """The version files a killed publish left pending are removed by the next publish."""
    (two_versions / "v0004.json").write_text(json.dumps(
        {"layer": LAYER, "version": 4, "file": "v0004.geojson", "state": "pending", "checksum": "0"}))
    (two_versions / "v0004.geojson").write_text("{}", encoding="utf-8")
    prepared = publishing.prepare(write(solar(2), tmp_path / "n.geojson"), LAYER)
    publishing.publish(prepared, author="a", note="n")
    assert not (two_versions / "v0004.geojson").exists()
    assert json.loads((two_versions / "v0004.json").read_text())["state"] == "abandoned"


@pytest.mark.parametrize("page", ["pages/explorer.py", "pages/commune.py", "pages/investir.py", "pages/visite.py"])
def test_pages_survive_a_corrupt_pointer(two_versions, page):
    """Every public page runs on a garbage current.json (each raised before)."""
    (two_versions / "current.json").write_text("garbage", encoding="utf-8")
    at = AppTest.from_file(str(ROOT / page), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    assert not any("Magasin" in w.value for w in at.warning)  # the banner is for staff only


def test_staff_see_a_banner(two_versions, monkeypatch):
    """Signed-in staff see which layer fell back and how to repair it."""
    monkeypatch.setenv("PMA_MAP_STAFF_ALICE", auth.hash_password("un-long-mot-de-passe"))
    (two_versions / "current.json").write_text("garbage", encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "pages/explorer.py"), default_timeout=90)
    at.session_state["pma_staff_user"] = "alice"
    at.run()
    assert not at.exception, at.exception
    banner = [w.value for w in at.warning if "Magasin" in w.value]
    assert banner and "pma-map store repair" in banner[0] and "version 3" in banner[0]


# --- a full disk ---------------------------------------------------------------------------

@pytest.fixture
def full_disk(two_versions, tmp_path):
    """The store's folder moved onto a small tmpfs, then the tmpfs filled (root only, else skipped)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here: " + r.stderr.decode(errors="replace")[:100])
    try:
        root = tmp_path / "store_root"
        subprocess.run(["cp", "-a", str(root), str(mnt / "store_root")], check=True)
        try:
            with open(mnt / "filler", "wb") as fh:
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        except OSError:
            pass  # full
        yield mnt / "store_root" / "store" / LAYER
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_full_disk_publish_rollback_signin(full_disk, tmp_path, monkeypatch):
    """On a full disk publish, rollback and sign-in give a clear message (tracebacks before), the failed
    sign-in is still counted, nothing published changes and no .tmp-* is left."""
    monkeypatch.setenv("PMA_MAP_DATA_DIR", str(full_disk.parents[1]))
    store = get_store()
    before = store.current(LAYER)
    prepared = publishing.prepare(write(solar(40), tmp_path / "big.geojson"), LAYER)
    assert prepared.ok
    with pytest.raises(ValueError, match="disque plein"):
        publishing.publish(prepared, author="a", note="n")
    with pytest.raises(ValueError, match="disque plein"):
        publishing.rollback(LAYER, 2, author="a")
    assert store.current(LAYER) == before and not list(full_disk.glob(".tmp-*"))
    assert not (full_disk / "v0004.geojson").exists()

    accounts = {"alice": auth.hash_password("un-long-mot-de-passe")}
    lockout = auth.Lockout(max_failures=2)
    first = auth.sign_in("alice", "faux", accounts, lockout, address="10.0.0.1")
    assert not first.ok and first.reason in ("bad_credentials", "disk_error")
    second = auth.sign_in("alice", "faux", accounts, lockout, address="10.0.0.1")
    assert second.reason == "locked"  # counted in memory when the disk refuses
    assert not list(full_disk.parent.glob(".tmp-*"))


def test_broken_version_reached_by_rollback_falls_back_below_it(two_versions, tmp_path):
    """v4 rolled back to v3, then v3's file damaged: the map shows v2, never the v4 rolled back from."""
    prepared = publishing.prepare(write(solar(5), tmp_path / "v4.geojson"), LAYER)
    publishing.publish(prepared, author="alice", note="v4")
    publishing.rollback(LAYER, 3, author="bob")
    (two_versions / "v0003.geojson").write_text("{}", encoding="utf-8")
    assert get_store().current(LAYER).version == 2
