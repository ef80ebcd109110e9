"""Start the app warmed: ``python -m pma_map.ui.serve [streamlit run options]`` (``make run``).

The same server as ``streamlit run app.py`` (same options, same process), with two things done
when the server starts instead of on its first visitor (issue 10, measured in
``benchmarks/README.md``):

- the router handles every address from the first visitor on (Streamlit's old ``pages/`` mode,
  which ran a deep link's page without the router, is off before any session starts: no
  hand-over rerun, see ``ui.state``);
- a thread imports what the explorer needs (geopandas, folium, streamlit-folium...), reads the
  current layers and prepares the default view (layers, search list, indicator measures), while
  the server already answers: the first visitor's browser loads Streamlit's page meanwhile, and
  their first run waits for this work (:func:`wait`) instead of doing it a second time.

The server listens at once: a visitor is never refused while it warms.
"""

from __future__ import annotations

import logging
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


def wait(timeout: float = WAIT_S) -> None:
    """Wait for the warm-up, if one runs (returns at once otherwise, and once it is done)."""
    if _started:
        _done.wait(timeout)


def warm(langs: tuple[str, ...] = ("fr",)) -> float:
    """Import and prepare what the explorer's default view needs; seconds taken."""
    t0 = time.perf_counter()
    try:
        # Not streamlit_folium (nor the ui modules that import it): a component module imported
        # outside a script run is never registered with the server (its frame would be a 404);
        # the first run imports it, after folium and the rest are loaded here.
        from pma_map.filters import Filters, apply_filters, territory_selection
        from pma_map.indicators import indicator_report
        from pma_map.layers import load_all
        from pma_map.map import basemap, static_layers
        from pma_map.search import listed_places
        from pma_map.ui import auth, errors, state, widget_texts  # noqa: F401 - the router's imports
        from pma_map.ui.journeys import COLOR_MODES

        state.start_of_process()
        data = load_all()
        filtered = apply_filters(data, Filters())
        for lang in langs:
            listed_places(data, lang)
            static_layers.overlays_with_files(filtered, lang, COLOR_MODES[0], data["communes"],
                                              data=data)
            basemap.base_map(lang).get_root().render()  # folium's templates compiled once
        indicator_report(territory_selection(data, Filters(), filtered), data)
    except Exception:  # noqa: BLE001 - a failed warm-up leaves the work to the first visitor
        log.exception("warm-up failed; the first visitor does the work")
    finally:
        _done.set()
    seconds = time.perf_counter() - t0
    log.info("warm-up done in %.2f s", seconds)
    return seconds


def main(argv: list[str] | None = None) -> int:
    """``streamlit run app.py <argv>``, warmed."""
    global _started
    from streamlit.runtime.pages_manager import PagesManager

    # Before any session: the router (st.navigation in app.py) serves every address.
    PagesManager.uses_pages_directory = False
    _started = True
    threading.Thread(target=warm, name="pma-map-warm-up", daemon=True).start()
    from streamlit.web import cli

    app = APP if APP.exists() else PROJECT_ROOT / "app.py"
    sys.argv = ["streamlit", "run", str(app), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    # Run as a script this file is ``__main__``: the app's modules import ``pma_map.ui.serve``,
    # whose state (started, done) must be the one set here.
    from pma_map.ui import serve

    sys.exit(serve.main())
