"""The warmed start (``make run`` = ``python -m pma_map.ui.serve``): what the warm-up leaves ready."""

from __future__ import annotations

import pytest

from pma_map import search
from pma_map.filters import Filters, apply_filters
from pma_map.layers import load_all
from pma_map.map import prepare
from pma_map.ui import serve


def test_warm_up_prepares_the_default_view_and_releases_the_first_run(monkeypatch):
    """After the warm-up, the first run's layers, search list and layer preparations are the
    ones already made (the same objects), and waiting for it returns at once."""
    monkeypatch.setattr(serve, "_done", serve.threading.Event())
    monkeypatch.setattr(serve, "_started", True)
    assert not serve._done.is_set()
    serve.warm()
    assert serve._done.is_set()
    serve.wait(timeout=0.01)
    data = load_all()
    assert search.places(data, "fr") is search.places(data, "fr")
    made = []
    monkeypatch.setattr(prepare, "prepare_layer", lambda *a, **k: made.append(a) or None)
    shown = apply_filters(data, Filters())
    for name in shown:
        prepare.cached_layer(name, data[name], "fr", data["communes"])
    assert made == []  # nothing left to prepare for the layers of the default view


def test_wait_returns_at_once_without_the_launcher(monkeypatch):
    """A server started by ``streamlit run app.py`` (tests, replicas) never waits for a warm-up."""
    monkeypatch.setattr(serve, "_done", serve.threading.Event())
    monkeypatch.setattr(serve, "_started", False)
    serve.wait(timeout=5)  # would take 5 s if it waited
    assert not serve._done.is_set()


def test_warm_up_leaves_the_map_component_to_the_first_run():
    """streamlit-folium imported outside a script run would never be registered with the server
    (the map's frame a 404): the warm-up does not import it."""
    import subprocess
    import sys

    code = ("import sys; from pma_map.ui import serve; serve.warm(); "
            "print(any(m.startswith('streamlit_folium') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(serve.PROJECT_ROOT / "src")})
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr


def test_warm_up_prepares_every_layer_a_link_may_tick(tiny_geo_dir, monkeypatch):
    """A link opening a layer not shown by default (``?layers=...``) finds it prepared too."""
    from pma_map.catalogue import ASSET_LAYERS

    monkeypatch.setattr(serve, "_done", serve.threading.Event())
    monkeypatch.setattr(serve, "_started", True)
    serve.warm()
    data = load_all()
    made = []
    monkeypatch.setattr(prepare, "prepare_layer", lambda *a, **k: made.append(a[0]) or None)
    for name in ASSET_LAYERS:
        if len(data[name]):
            prepare.cached_layer(name, data[name], "fr", data["communes"])
    assert made == []


def test_a_version_published_while_the_server_runs_is_prepared_without_a_visitor(
        tiny_geo_dir, tmp_path, write_version, monkeypatch):
    """The watcher notices a new version, reads it and prepares it: the next run finds it ready."""
    import time

    from shapely.geometry import box

    from pma_map import layers
    from pma_map.layers import load_layer

    monkeypatch.setattr(serve, "_done", serve.threading.Event())
    serve.warm()
    stop = serve.threading.Event()
    watcher = serve.threading.Thread(target=serve.watch, kwargs={"interval": 0.05, "stop": stop}, daemon=True)
    watcher.start()
    try:
        time.sleep(0.2)  # it has looked at the store at least once
        parcs = load_layer("parcs").copy()
        parcs.loc[0, "nom"] = "Parc Renommé"
        parcs.loc[0, "geometry"] = box(2.70, 50.40, 2.74, 50.44)
        write_version(tmp_path / "store_root", "parcs", 2, parcs)
        path = str(tmp_path / "store_root" / "store" / "parcs" / "v0002.geojson")
        deadline = time.monotonic() + 30
        while not any(key[0] == path for key in list(layers._frames)):
            assert time.monotonic() < deadline, "the new version was never read"
            time.sleep(0.05)
        # stopping lets the look under way finish: read, then prepared
    finally:
        stop.set()
        watcher.join(30)
    assert not watcher.is_alive()
    made = []
    monkeypatch.setattr(prepare, "prepare_layer", lambda *a, **k: made.append(a[0]) or None)
    data = load_all()
    assert data["parcs"].loc[0, "nom"] == "Parc Renommé"
    prepare.cached_layer("parcs", data["parcs"], "fr", data["communes"])
    assert made == []  # prepared by the watcher, not by this "visitor"


def test_check_for_versions_reports_no_change_without_work(tiny_geo_dir, monkeypatch):
    seen = serve.versions()
    monkeypatch.setattr(serve, "prepare", lambda *a, **k: (_ for _ in ()).throw(AssertionError("prepared")))
    assert serve.check_for_versions(seen) == seen


def test_a_run_waits_for_the_watchers_preparation(tiny_geo_dir, tmp_path, write_version, monkeypatch):
    """While the watcher prepares a new version, a run's ``wait`` holds (it would otherwise read
    and prepare the same version at the same time); released afterwards, even on failure."""
    from pma_map.layers import load_layer

    seen = serve.versions()
    write_version(tmp_path / "store_root", "parcs", 2, load_layer("parcs"))
    during = []
    monkeypatch.setattr(serve, "prepare", lambda *a, **k: during.append(serve._idle.is_set()) or {})
    now = serve.check_for_versions(seen)
    assert now["parcs"][0] == 2 and during == [False] and serve._idle.is_set()

    def fails(*_a, **_k):
        raise RuntimeError("disk")

    monkeypatch.setattr(serve, "prepare", fails)
    write_version(tmp_path / "store_root", "parcs", 3, load_layer("parcs"))
    with pytest.raises(RuntimeError):
        serve.check_for_versions(now)
    assert serve._idle.is_set()
