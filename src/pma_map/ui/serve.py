"""Start the app warmed: ``python -m pma_map.ui.serve [streamlit run options]`` (``make run``).

The same server as ``streamlit run app.py`` (same options, same process), with two things done
when the server starts instead of on its first visitor (issue 10, measured in
``benchmarks/README.md``):

- the router handles every address from the first visitor on (Streamlit's old ``pages/`` mode,
  which ran a deep link's page without the router, is off before any session starts: no
  hand-over rerun, see ``ui.state``);
- a thread imports what the explorer needs (geopandas, folium, streamlit-folium...), reads the
  current layers and prepares the default view (layers, search list, indicator measures) and
  every dense layer a visitor may tick (its vector tiles found, its selection encoded), while
  the server already answers: the first visitor's browser loads Streamlit's page meanwhile, and
  their first run waits for this work (:func:`wait`) instead of doing it a second time. Then it
  writes the columnar copy of a dense layer read from its GeoJSON (:mod:`pma_map.columnar`),
  for the next start;
- the same thread then watches the store (:func:`watch`, every ``PMA_MAP_WATCH_S`` seconds,
  2 by default, 0: off): a version published or rolled back while the server runs is read and
  prepared at once (after publishing's own preparation, :func:`pma_map.columnar.preparing`),
  so the next visitor does not pay for it.

The server listens at once: a visitor is never refused while it warms.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

from pma_map.config import PROJECT_ROOT

#: ``app.py`` of the working directory, as ``streamlit run app.py`` would take it.
APP = Path("app.py")
#: The longest a first run waits for the warm-up before doing the work itself.
WAIT_S = 60.0

log = logging.getLogger("pma_map.ui")
_done = threading.Event()
_started = False


def started() -> bool:
    """True in a server started by this module (a warm-up runs or ran)."""
    return _started


#: Cleared while the watcher reads and prepares a new version (:func:`check_for_versions`).
_idle = threading.Event()
_idle.set()


def wait(timeout: float = WAIT_S) -> None:
    """Wait for the warm-up, if one runs, and for the preparation of a new version the watcher
    started (returns at once otherwise): a run does not read and prepare it a second time."""
    if _started:
        _done.wait(timeout)
        _idle.wait(timeout)


#: Seconds between two looks at the store for new versions (``PMA_MAP_WATCH_S``; 0: no watching).
WATCH_S = float(os.environ.get("PMA_MAP_WATCH_S") or 2.0)
#: The longest the watcher waits for publishing's preparation of a version before reading it.
PREPARE_WAIT_S = 600.0


def prepare(langs: tuple[str, ...] = ("fr",)) -> dict:
    """Read the current layers and prepare what a first run needs; the layers read."""
    from pma_map.filters import Filters, apply_filters, territory_selection
    from pma_map.indicators import indicator_report
    from pma_map.layers import load_all
    from pma_map.map import basemap, static_layers
    from pma_map.search import listed_places
    from pma_map.ui.journeys import COLOR_MODES

    data = load_all()
    filtered = apply_filters(data, Filters())
    for lang in langs:
        listed_places(data, lang)
        static_layers.overlays_with_files(filtered, lang, COLOR_MODES[0], data["communes"], data=data)
        # Every layer, shown by default or not: a link opening a dense layer (``?layers=parcelles``)
        # finds its tiles and preparation ready.
        static_layers.prepare_versions(data, lang, data["communes"])
        basemap.base_map(lang).get_root().render()  # folium's templates compiled once
    indicator_report(territory_selection(data, Filters(), filtered), data)
    return data


def keep_copies(data: dict) -> int:
    """Write the columnar copy of each dense layer read without one (for the next start)."""
    from pma_map import columnar
    from pma_map.catalogue import LAYERS
    from pma_map.layers import keep_columnar
    from pma_map.publish.store import get_store

    if not columnar.ENABLED:
        return 0
    written = 0
    current = get_store().current_all(LAYERS)
    for name, gdf in data.items():
        if len(gdf) > COPY_MIN_FEATURES and name in current:
            checksum = columnar.source_checksum(current[name].path)
            if checksum and not columnar.copy_path(checksum).is_file():
                written += keep_columnar(current[name].path)
    return written


#: A layer read without a columnar copy gets one from the warm-up above this many features.
COPY_MIN_FEATURES = 2_000


def warm(langs: tuple[str, ...] = ("fr",)) -> float:
    """Import and prepare what the explorer's first run needs; seconds taken."""
    t0 = time.perf_counter()
    data = None
    try:
        # Not streamlit_folium (nor the ui modules that import it): a component module imported
        # outside a script run is never registered with the server (its frame would be a 404);
        # the first run imports it, after folium and the rest are loaded here.
        import pma_map.invest.tour  # noqa: F401 - the router's and the explorer's imports, done here
        import pma_map.map.fit  # noqa: F401
        import pma_map.map.rankmap  # noqa: F401
        from pma_map.ui import auth, errors, filters, journeys, paint, printing, state, widget_texts, widgets  # noqa: F401

        state.start_of_process()
        data = prepare(langs)
    except Exception:  # noqa: BLE001 - a failed warm-up leaves the work to the first visitor
        log.exception("warm-up failed; the first visitor does the work")
    finally:
        _done.set()
    seconds = time.perf_counter() - t0
    log.info("warm-up done in %.2f s", seconds)
    if data is not None:
        try:
            keep_copies(data)
        except Exception:  # noqa: BLE001 - derived data: the next start reads the GeoJSON
            log.exception("columnar copies not written")
    return seconds


def versions() -> dict[str, tuple[int, str]]:
    """Each layer's current version and file (what :func:`watch` compares)."""
    from pma_map.catalogue import LAYERS
    from pma_map.publish.store import get_store

    return {name: (lv.version, str(lv.path)) for name, lv in get_store().current_all(LAYERS).items()}


def check_for_versions(seen: dict, langs: tuple[str, ...] = ("fr",)) -> dict:
    """Prepare the layers again when a version changed since ``seen``; the versions now."""
    from pma_map import columnar

    now = versions()
    changed = [name for name in now if seen.get(name) != now[name]]
    if changed:
        for name in changed:  # publishing's own preparation first (columnar copy, tiles)
            try:
                with columnar.preparing(name, timeout=PREPARE_WAIT_S):
                    pass
            except OSError:
                pass
        now = versions()
        t0 = time.perf_counter()
        _idle.clear()
        try:
            prepare(langs)
        finally:
            _idle.set()
        log.info("new versions of %s prepared in %.2f s", ", ".join(changed), time.perf_counter() - t0)
    return now


def watch(interval: float = WATCH_S, stop: threading.Event | None = None,
          langs: tuple[str, ...] = ("fr",), seen: dict | None = None) -> None:
    """Every ``interval`` seconds, prepare the versions published since the last look (or
    since ``seen``)."""
    stop = stop or threading.Event()
    if seen is None:
        seen = versions()
    while not stop.wait(interval):
        try:
            seen = check_for_versions(seen, langs)
        except Exception:  # noqa: BLE001 - the next visitor does the work; look again later
            log.exception("preparing a new version failed")


def _warm_then_watch() -> None:
    try:
        seen = versions()  # before the warm-up reads them: a publish meanwhile is caught
    except Exception:  # noqa: BLE001
        seen = {}
    warm()
    if WATCH_S > 0:
        watch(WATCH_S, seen=seen)


def main(argv: list[str] | None = None) -> int:
    """``streamlit run app.py <argv>``, warmed."""
    global _started
    from streamlit.runtime.pages_manager import PagesManager

    # Before any session: the router (st.navigation in app.py) serves every address.
    PagesManager.uses_pages_directory = False
    _started = True
    threading.Thread(target=_warm_then_watch, name="pma-map-warm-up", daemon=True).start()
    from streamlit.web import cli

    app = APP if APP.exists() else PROJECT_ROOT / "app.py"
    sys.argv = ["streamlit", "run", str(app), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    # Run as a script this file is ``__main__``: the app's modules import ``pma_map.ui.serve``,
    # whose state (started, done) must be the one set here.
    from pma_map.ui import serve

    sys.exit(serve.main())
