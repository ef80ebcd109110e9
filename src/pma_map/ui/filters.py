"""The filter panel: every filter in one place, initialised from the URL."""

from __future__ import annotations

import streamlit as st

from pma_map.catalogue import ASSET_LAYERS, EPCI, EPCI_CODES, SOLAR_STATUSES, VOCATIONS
from pma_map.filters import Filters, communes_for_epci
from pma_map.i18n import t
from pma_map.search import best_key, menu_label
from pma_map.ui.state import filters_from_url

_INIT = "_filters_from_url"


def _init_from_url() -> None:
    if st.session_state.get(_INIT):
        return
    f = filters_from_url()
    st.session_state["f_epci"] = list(f.epci)
    st.session_state["f_communes"] = list(f.communes)
    for name in ASSET_LAYERS:
        st.session_state[f"f_layer_{name}"] = name in f.layers
    st.session_state["f_vocations"] = list(f.vocations)
    st.session_state["f_min_ha"] = float(f.min_available_ha)
    st.session_state["f_solar"] = list(f.solar_statuses)
    st.session_state[_INIT] = True


def _typed_communes(names: dict[str, str]) -> None:
    """Turn text typed in the Commune(s) filter into the commune it names (one per Enter).

    The browser's filter ignores case only; typed text that it did not match ("saint laurent
    blangy", "noeux") comes here as text and is looked up ignoring accents, ligatures and hyphens.
    """
    picked = []
    for value in st.session_state.get("f_communes", []):
        code = value if value in names else best_key(str(value), names)
        if code is not None and code not in picked:
            picked.append(code)
    st.session_state["f_communes"] = picked


def _offered(name: str) -> bool:
    """Whether the layer has a toggle: an optional layer (the cadastre) only once published."""
    if not ASSET_LAYERS[name].optional:
        return True
    from pma_map.layers import load_layer

    return len(load_layer(name)) > 0


def current_filters(communes) -> Filters:
    """What the panel will select, read from the session before the panel is drawn.

    The explorer draws its map first, so that the map's frame loads while the panel and the rest
    of the page are sent (issue 10); :func:`filter_panel` returns the same :class:`Filters` once
    drawn (``ui.state.drawn_as_read`` checks it).
    """
    _init_from_url()
    state = st.session_state
    epci = [c for c in state.get("f_epci", []) if c in EPCI_CODES]
    names = _commune_names(communes, epci)
    state["f_communes"] = [c for c in state.get("f_communes", []) if c in names]
    return Filters(
        epci=tuple(epci), communes=tuple(state["f_communes"]),
        layers=tuple(name for name in ASSET_LAYERS if _offered(name) and state.get(f"f_layer_{name}", False)),
        vocations=tuple(state.get("f_vocations", [])), min_available_ha=float(state.get("f_min_ha", 0.0)),
        solar_statuses=tuple(state.get("f_solar", [])),
    )


def _commune_names(communes, epci) -> dict[str, str]:
    """``{INSEE code: name}`` of the communes the Commune(s) filter offers, sorted by name."""
    options = communes_for_epci(communes, epci)
    return dict(zip(options["insee"].astype(str), options["nom"]))


def filter_panel(communes, lang: str) -> Filters:
    """Draw the filters in the sidebar and return what they select."""
    _init_from_url()
    sb = st.sidebar
    sb.header(t("filters.title", lang))
    epci = sb.multiselect(
        t("filters.epci", lang), EPCI_CODES, key="f_epci",
        format_func=lambda c: menu_label(f"{c} — {EPCI[c][0]}"),
        placeholder=t("filters.all_epci", lang), select_all=False,  # Enter picks one, not every match
    )
    names = _commune_names(communes, epci)
    st.session_state["f_communes"] = [c for c in st.session_state.get("f_communes", []) if c in names]
    chosen = sb.multiselect(
        t("filters.communes", lang), list(names), key="f_communes",
        format_func=lambda c: menu_label(names.get(c, c)), placeholder=t("filters.all_communes", lang),
        help=t("filters.communes_help", lang), select_all=False, accept_new_options=True,
        on_change=_typed_communes, args=(names,),
    )
    chosen = [c for c in chosen if c in names]
    sb.subheader(t("filters.layers", lang))
    layers = tuple(
        name for name, spec in ASSET_LAYERS.items()
        if _offered(name) and sb.toggle(spec.title(lang), key=f"f_layer_{name}")
    )
    with sb.expander(t("layer.zones_activite", lang), expanded=bool(st.session_state.get("f_vocations"))
                     or bool(st.session_state.get("f_min_ha"))):
        vocations = st.multiselect(
            t("filters.vocations", lang), VOCATIONS, key="f_vocations",
            format_func=lambda v: t(f"vocation.{v}", lang), placeholder=t("filters.all", lang),
            select_all=False,
        )
        min_ha = st.number_input(t("filters.min_available", lang), min_value=0.0, step=5.0,
                                 key="f_min_ha", help=t("filters.min_available_help", lang))
    with sb.expander(t("layer.sites_solaires", lang), expanded=bool(st.session_state.get("f_solar"))):
        solar = st.multiselect(
            t("filters.solar_status", lang), SOLAR_STATUSES, key="f_solar",
            format_func=lambda s: t(f"solar.{s}", lang), placeholder=t("filters.all", lang),
            select_all=False,
        )
    return Filters(epci=tuple(epci), communes=tuple(chosen), layers=layers,
                   vocations=tuple(vocations), min_available_ha=float(min_ha),
                   solar_statuses=tuple(solar))
