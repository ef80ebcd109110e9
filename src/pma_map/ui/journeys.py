"""The explorer's public journey: a searched place kept in the link, shown even when the filters
hide it, and a link to share the view."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import streamlit as st

from pma_map.catalogue import ASSET_LAYERS, LAYERS
from pma_map.filters import Filters
from pma_map.i18n import t
from pma_map.search import Place, place_for
from pma_map.ui.links import public_base_url
from pma_map.ui.widgets import md_escape

COLOR_MODES = ("epci", "density")
_INIT = "_view_from_url"


def init_view_from_url(listed: list[Place], every: Callable[[], list[Place]]) -> None:
    """Once per session: the colour mode (``color=``) and the searched place (``place=``) of a link
    (a place of the menu, or of a dense layer: ``every()`` is built only then)."""
    if st.session_state.get(_INIT):
        return
    st.session_state[_INIT] = True
    color = st.query_params.get("color")
    if color in COLOR_MODES:
        st.session_state["color_mode"] = color
    key = st.query_params.get("place")
    place = place_for(listed, key)
    if place is not None:
        st.session_state["search_place"] = place
    elif key and place_for(every(), key) is not None:
        st.session_state["search_place"] = str(key)  # typed-text form: the menu does not list it


def current_color_mode() -> str:
    """The colour mode the radio will show, read before it is drawn (see ``ui.filters.current_filters``)."""
    mode = st.session_state.get("color_mode", COLOR_MODES[0])
    return mode if mode in COLOR_MODES else COLOR_MODES[0]


def write_view_to_url(color_mode: str, place: Place | None) -> None:
    """Put the colour mode and the searched place in the URL (defaults left out)."""
    wanted = {"color": color_mode if color_mode != COLOR_MODES[0] else None,
              "place": place.key if place is not None else None}
    for key, value in wanted.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def _clear_filters(layer: str) -> None:
    st.session_state["f_epci"] = []
    st.session_state["f_communes"] = []
    st.session_state["f_vocations"] = []
    st.session_state["f_min_ha"] = 0.0
    st.session_state["f_solar"] = []
    if layer in ASSET_LAYERS:
        st.session_state[f"f_layer_{layer}"] = True


def filters_text(f: Filters, place: Place, communes, lang: str) -> str:
    """What hides ``place``: the agglomerations and communes chosen, or its layer switched off."""
    parts = list(f.epci)
    if f.communes:
        names = dict(zip(communes["insee"].astype(str), communes["nom"]))
        parts += [names.get(c, c) for c in f.communes]
    if place.layer in ASSET_LAYERS and place.layer not in f.layers:
        parts.append(t("search.layer_hidden", lang, layer=LAYERS[place.layer].title(lang)))
    if f.vocations or f.min_available_ha or f.solar_statuses:
        parts.append(t("search.other_filters", lang))
    return ", ".join(parts) or t("search.other_filters", lang)


def outside_filters(container, place: Place, f: Filters, communes, lang: str) -> None:
    """Say that the filters hide the searched place, and offer to clear them."""
    name = place.name or place.label
    container.warning(md_escape(t("search.outside_filters", lang, name=name,
                                  filters=filters_text(f, place, communes, lang))))
    container.button(t("search.clear_filters", lang, name=name), key="clear_filters_for_place",
                     on_click=_clear_filters, args=(place.layer,), icon=":material/filter_alt_off:")


#: The router's default page: Streamlit serves it at the root, never at its own name (a link to
#: ``/explorer`` opens a "page not found" dialog on a server started as ``make run`` does).
DEFAULT_PAGE = "explorer"


def share_link(page: str = DEFAULT_PAGE) -> str:
    """The address of this view: public base, page (the root for the default page) and the URL's
    parameters."""
    query = urlencode(st.query_params.to_dict())
    path = "" if page == DEFAULT_PAGE else page
    return f"{public_base_url()}/{path}" + (f"?{query}" if query else "")


def share_button(container, lang: str, page: str = DEFAULT_PAGE) -> None:
    """"Copier le lien": the link of this view, with a copy button (Streamlit's code block)."""
    with container.popover(t("share.copy", lang), icon=":material/link:", help=t("share.help", lang)):
        st.caption(t("share.label", lang))
        st.code(share_link(page), language=None, wrap_lines=True)
