"""The warmed start (``make run`` = ``python -m pma_map.ui.serve``): what the warm-up leaves ready."""

from __future__ import annotations

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
