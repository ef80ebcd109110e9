"""Invest in Artois: the site finder, its ranked results on a map, the shortlist and PDF sheets."""

import streamlit as st

from pma_map.i18n import t
from pma_map.invest.finder import find_sites
from pma_map.map import rankmap, view
from pma_map.ui import invest, state
from pma_map.ui.map import show_map

lang = state.current_lang()
data = state.data()

st.title(t("invest.title", lang))
st.caption(t("invest.subtitle", lang))

criteria = invest.criteria_panel(lang)
matches = find_sites(data, criteria)
invest.unpublished_notice(data, criteria, lang)

map_col, list_col = st.columns([3, 2])
with map_col:
    shown = invest.map_layers(data, matches)
    # Zoom for the narrowest map this page is seen in (a phone's 358 px): every site stays in view.
    center, zoom = view.view_for(view.bounds_of(shown["zones_activite"]), width_px=invest.MAP_MIN_WIDTH_PX,
                                 height_px=560)
    show_map(shown, lang, all_communes=data["communes"], center=center, zoom=zoom, key="invest_map",
             height=560, data=data, extra_groups=[rankmap.rank_group(matches, data["zones_activite"], lang)])
    st.caption(t("invest.map_note", lang))
with list_col:
    if matches:
        invest.results(matches, lang)
    else:
        st.warning(t("invest.no_result", lang))

if matches:
    invest.shortlist(data, matches, lang)
    invest.sheet_download(data, matches, lang)
invest.context(lang)
