"""Session and URL state: language, filters, and the data of the current versions."""

from __future__ import annotations

import logging

import streamlit as st

from pma_map.filters import Filters
from pma_map.i18n import DEFAULT_LANG, LANGS, norm_lang, t
from pma_map.layers import data_versions as _data_versions
from pma_map.layers import load_all

log = logging.getLogger("pma_map.ui")


def _hand_over_to_router() -> None:
    """Make sure pages run inside the router (app.py), even on a deep link.

    Streamlit still knows its old multipage mode: until a session has run
    ``st.navigation``, a server that finds a ``pages/`` folder runs the page of
    a deep link (``/commune?...``) directly, without the router. Switch that
    mode off and rerun: the rerun goes through app.py to the same page (the
    page hash is derived from the same url path).

    A server started by ``make run`` (``pma_map.ui.serve``) switches that mode off before
    any session: no second run there.

    The one use of a private Streamlit attribute in the app (no public API
    switches that mode; Streamlit's advice is to rename ``pages/``, which the
    whole layout names). ``tests/test_streamlit_private.py`` fails if a
    Streamlit release removes it; ``pyproject.toml`` bounds Streamlit from above.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_lang() -> str:
    """The language from the URL (``lang=fr|en``), kept for the session.

    Called first by every page, it also hands a deep link over to the router.
    """
    _hand_over_to_router()
    raw = st.query_params.get("lang")
    if raw in LANGS:
        st.session_state["lang"] = raw
    lang = norm_lang(st.session_state.get("lang", DEFAULT_LANG))
    if lang != DEFAULT_LANG:
        st.query_params["lang"] = lang
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    return lang


def set_lang(lang: str) -> None:
    st.session_state["lang"] = norm_lang(lang)
    st.query_params["lang"] = norm_lang(lang)


def language_switch(container, lang: str) -> None:
    """Français / English, in ``container`` (the sidebar, or the kiosk's controls)."""
    container.segmented_control(
        t("lang.label", lang), list(LANGS), default=lang, key="lang_switch",
        format_func=lambda code: {"fr": "Français", "en": "English"}[code],
        on_change=lambda: set_lang(st.session_state.get("lang_switch") or lang),
    )


_CLEANED = False


def start_of_process() -> None:
    """Once per server: remove what interrupted publishes and reads left behind."""
    global _CLEANED
    if _CLEANED:
        return
    _CLEANED = True
    from pma_map.catalogue import LAYERS
    from pma_map.publish.ingest import clean_stale_uploads
    from pma_map.publish.store import get_store

    store = get_store()
    for name in LAYERS:
        store.cleanup(name)
    clean_stale_uploads()


def store_banner() -> None:
    """For staff only: what is wrong in the store (the map shows the last sound versions)."""
    from pma_map.catalogue import LAYERS
    from pma_map.publish.store import get_store
    from pma_map.ui.auth import is_staff

    if not is_staff():
        return
    store = get_store()
    problems = [p for name in LAYERS for p in store.warnings(name)]
    if problems:
        lang = norm_lang(st.session_state.get("lang", DEFAULT_LANG))
        if lang == "fr":
            text = " ; ".join(f"{LAYERS[p['layer']].title(lang)} : {p['message']}" for p in problems)
        else:  # the details are in French (the staff's language): English pages name the layers
            text = ", ".join(dict.fromkeys(LAYERS[p["layer"]].title(lang) for p in problems))
        st.warning(t("store.banner", lang, problems=text.replace("*", "\\*").replace("_", "\\_")))


def data() -> dict:
    """Every layer at its current version (read once per version); a banner for staff when the
    store had to fall back to an earlier version."""
    from pma_map.ui import serve

    serve.wait()  # a server started warmed (``make run``): its warm-up read and prepared them
    start_of_process()
    layers = load_all()  # first: reading the layers is what finds a version that must be skipped
    store_banner()
    return layers


def data_versions() -> dict[str, int]:
    """Version number of every layer the app shows."""
    return _data_versions()


def filters_from_url() -> Filters:
    return Filters.from_query(st.query_params.to_dict())


def write_filters_to_url(f: Filters) -> None:
    """Put the filter in the URL so that a link reopens the same view."""
    wanted = f.to_query()
    for key in list(st.query_params.keys()):
        if key in Filters.__dataclass_fields__ and key not in wanted:
            del st.query_params[key]
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


_REDRAWN = "_redrawn_for"


def drawn_as_read(read: tuple, drawn: tuple) -> None:
    """Check that the widgets drawn after the map returned what was read for it before them.

    A page that draws its map before its widgets (``ui.filters.current_filters``) reads their
    values from the session first. Should a widget return something else (Streamlit dropping a
    value it no longer offers), the page runs again once with the widget's value, so the map
    never shows another selection than the widgets.
    """
    if read == drawn:
        st.session_state.pop(_REDRAWN, None)
        return
    key = repr(drawn)
    if st.session_state.get(_REDRAWN) == key:  # already ran again for this: do not loop
        log.warning("widgets still differ from what was read before them: %r != %r", read, drawn)
        return
    st.session_state[_REDRAWN] = key
    st.rerun()
