"""The kiosk tour of the SIMI stand (``?mode=kiosk``): full-screen map, large type, a timer.

The stops and their facts come from :mod:`pma_map.invest.tour`; this module only lays
them out. The tour runs in a fragment that reruns itself every ``interval``
seconds; the base map stays the same, so streamlit-folium only moves it and
swaps the ring of the current site (no remount, tiles kept). Staff controls
(pause, previous / next, jump, duration, map height, language, leave) sit in one small menu.
"""

from __future__ import annotations

import time

import streamlit as st

from pma_map.filters import Filters, apply_filters
from pma_map.i18n import t
from pma_map.invest import tour
from pma_map.map.fit import FitBounds
from pma_map.map.rankmap import rings_group
from pma_map.ui.links import local_address_warning, public_base_url
from pma_map.ui.map import show_map
from pma_map.ui.state import language_switch
from pma_map.ui.widgets import md_escape

MODE = "kiosk"
_INDEX, _SINCE, _PAUSED, _JUMP = "kiosk_index", "kiosk_since", "kiosk_paused", "kiosk_jump"

# Our own CSS (no data in it): no sidebar, header or toolbar; large type for a stand screen.
_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.block-container { padding: 0.8rem 1.2rem 0.5rem 1.2rem !important; max-width: 100% !important; }
.stApp { font-size: 1.3rem; }
.stApp p, .stApp li { font-size: 1.3rem; line-height: 1.45; }
.stApp [data-testid="stCaptionContainer"] p { font-size: 1rem; }
.stApp h1 { font-size: 2.3rem; padding: 0.2rem 0; }
.stApp h2 { font-size: 1.9rem; }
</style>"""
# Without ``height=`` in the URL the map's frame takes the screen's height, less the title row
# (the map inside fills its frame: ui.map.FillFrame), on any screen from a tablet to a 4K TV.
_FILL_CSS = """<style>
iframe[title="streamlit_folium.st_folium"] { height: max(360px, calc(100vh - 7rem)) !important; }
</style>"""


def active() -> bool:
    """True when the URL asks for the kiosk tour."""
    return st.query_params.get("mode") == MODE


def _enter() -> None:
    st.query_params["mode"] = MODE


def _leave() -> None:
    if "mode" in st.query_params:
        del st.query_params["mode"]
    for key in (_INDEX, _SINCE, _PAUSED):
        st.session_state.pop(key, None)


def launcher(lang: str) -> None:
    """Outside kiosk mode: what the tour is, and a button that starts it."""
    st.title(t("nav.kiosk", lang))
    st.write(t("kiosk.intro", lang))
    st.button(t("kiosk.launch", lang), type="primary", on_click=_enter, icon=":material/slideshow:")
    suffix = "&lang=en" if lang == "en" else ""
    base = public_base_url()  # the address this browser used, not a fixed localhost:8501
    st.caption(md_escape(t("kiosk.link", lang, url=f"{base}/?mode={MODE}{suffix}")))
    local_address_warning(lang, base)


def _interval() -> int:
    return tour.interval_from(st.query_params.get("interval", tour.INTERVAL_S))


def _height() -> int | None:
    """The map height asked for in the URL (``height=``, pixels), or None: the screen's height."""
    raw = st.query_params.get("height")
    return tour.height_from(raw) if raw else None


def _go(index: int) -> None:
    st.session_state[_INDEX] = index
    st.session_state[_SINCE] = time.monotonic()


def _step(delta: int, count: int) -> None:
    _go((st.session_state.get(_INDEX, 0) + delta) % count)


def _toggle_pause() -> None:
    st.session_state[_PAUSED] = not st.session_state.get(_PAUSED, False)
    st.session_state[_SINCE] = time.monotonic()  # a resumed stop gets its full time


def _jump() -> None:
    chosen = st.session_state.get(_JUMP)
    if chosen is not None:
        _go(int(chosen))
    st.session_state[_JUMP] = None


def _set_interval() -> None:
    st.query_params["interval"] = str(tour.interval_from(st.session_state.get("kiosk_interval")))


def _set_height() -> None:
    value = st.session_state.get("kiosk_height")
    if value:
        st.query_params["height"] = str(tour.height_from(value))
    elif "height" in st.query_params:
        del st.query_params["height"]  # back to the screen's height


def _controls(stops: list[tour.TourStop], lang: str) -> None:
    paused = st.session_state.get(_PAUSED, False)
    with st.popover(t("kiosk.staff", lang), icon=":material/tune:"):
        st.button(t("kiosk.play" if paused else "kiosk.pause", lang), key="kiosk_pause",
                  icon=":material/play_arrow:" if paused else ":material/pause:", on_click=_toggle_pause,
                  width="stretch")
        prev_col, next_col = st.columns(2)
        prev_col.button(t("kiosk.prev", lang), key="kiosk_prev", on_click=_step, args=(-1, len(stops)),
                        width="stretch")
        next_col.button(t("kiosk.next", lang), key="kiosk_next", on_click=_step, args=(1, len(stops)),
                        width="stretch")
        st.selectbox(t("kiosk.jump", lang), range(len(stops)), index=None, key=_JUMP, on_change=_jump,
                     format_func=lambda i: stops[i].title(lang), placeholder=t("kiosk.jump", lang))
        st.number_input(t("kiosk.interval", lang), min_value=tour.INTERVAL_MIN_S, max_value=tour.INTERVAL_MAX_S,
                        value=_interval(), step=5, key="kiosk_interval", on_change=_set_interval)
        st.number_input(t("kiosk.height", lang), min_value=tour.HEIGHT_MIN_PX, max_value=tour.HEIGHT_MAX_PX,
                        value=_height(), step=50, key="kiosk_height", on_change=_set_height,
                        placeholder=t("kiosk.height_screen", lang), help=t("kiosk.height_help", lang))
        language_switch(st, lang)
        st.button(t("kiosk.exit", lang), key="kiosk_exit", icon=":material/logout:", on_click=_leave,
                  width="stretch")


def _card(stop: tour.TourStop, n: int, total: int, lang: str, paused: bool) -> None:
    st.caption(t("kiosk.step", lang, n=n, total=total) + (" · " + t("kiosk.paused", lang) if paused else ""))
    st.progress(n / total)
    st.header(stop.title(lang), anchor=False)
    st.write(stop.text(lang))
    if stop.figures:
        st.subheader(t("kiosk.figures", lang), anchor=False)
        for fig in stop.figures:
            st.markdown("- " + md_escape(tour.figure_text(fig, lang)))
            st.caption(md_escape(t("figure.source", lang, source=fig.source, date=fig.source_date)))
    for source, date in stop.sources[:3]:
        st.caption(md_escape(t("kiosk.source", lang, source=f"{source} ({date})" if date else source)))
    if stop.approximate:
        st.caption(t("kiosk.approx", lang))


def _stage(data: dict, shown: dict, stops: list[tour.TourStop], lang: str) -> None:
    """One tick of the tour: move on when the stop's time is up, then draw it."""
    now = time.monotonic()
    since = st.session_state.setdefault(_SINCE, now)
    paused = st.session_state.get(_PAUSED, False)
    index = st.session_state.get(_INDEX, 0) % len(stops)  # a publish may have removed stops
    moved = tour.next_index(index, len(stops), now - since, _interval(), paused)
    if moved != index:
        _go(moved)
    stop = stops[moved]

    map_col, card_col = st.columns([3, 1.25], gap="medium")
    with card_col:
        _card(stop, moved + 1, len(stops), lang, paused)
    with map_col:
        rings = rings_group([(r.lat, r.lon, r.label, r.outline) for r in stop.rings],
                            t("kiosk.ring_layer", lang))
        FitBounds(stop.bounds, max_zoom=tour.MAX_ZOOM).add_to(rings)  # framed at the screen's real size
        height = _height()
        show_map(shown, lang, all_communes=data["communes"], key="kiosk_map", height=height or tour.HEIGHT_PX,
                 data=data, extra_groups=[rings], fill_frame=height is None)


def tour_page(data: dict, lang: str) -> None:
    """The whole kiosk screen."""
    st.markdown(_CSS if _height() else _CSS + _FILL_CSS, unsafe_allow_html=True)
    stops = tour.plan(data, lang, height_px=_height() or tour.HEIGHT_PX)
    title_col, controls_col = st.columns([5, 1], vertical_alignment="center")
    title_col.title(t("kiosk.title", lang), anchor=False)
    if not stops:
        st.warning(t("kiosk.empty", lang))
        with controls_col:
            st.button(t("kiosk.exit", lang), key="kiosk_exit", on_click=_leave)
        return
    with controls_col:
        _controls(stops, lang)
    shown = apply_filters(data, Filters())  # the default layers, whole territory
    every = None if st.session_state.get(_PAUSED, False) else _interval()
    st.fragment(_stage, run_every=every)(data, shown, stops, lang)
