"""Explorer: the whole territory, filters, map, indicators and table."""

import streamlit as st

from pma_map import search
from pma_map.filters import apply_filters, territory_selection, unpublished_available
from pma_map.i18n import t
from pma_map.indicators import indicator_report
from pma_map.map import rankmap, styles, view
from pma_map.ui import journeys, paint, state, widgets
from pma_map.ui.filters import current_filters, filter_panel
from pma_map.ui.map import show_map
from pma_map.ui.printing import print_menu


def explore(lang: str) -> None:
    """The filters (in the sidebar), the map and what they drive: indicators, table, print menu.

    The map is drawn before the widgets that drive it, from their values read in the session, so
    that its frame starts loading while the rest of the page is sent (issue 10); the search row
    keeps its place above the map (``top``).
    """
    data = state.data()
    communes = data["communes"]
    listed = search.listed_places(data, lang)  # the menu's places; dense layers' only when asked:
    every = lambda: search.places(data, lang)  # noqa: E731 - typed text, or a link to such a feature
    journeys.init_view_from_url(listed, every)  # `color=`, `place=` of a shared link
    f = current_filters(communes)
    color_mode = journeys.current_color_mode()
    place = widgets.current_place(listed, every)
    site = widgets.linked_site(listed, every)  # `site=<id>`: the link of a site sheet's QR code
    filtered = apply_filters(data, f)

    marks = [rankmap.site_group(site.lat, site.lon, site.label, lang)] if site else []
    if place is not None:
        marks.append(rankmap.place_group(place, data, lang))
    if place is not None:
        center, zoom = (place.lat, place.lon), place.zoom
    elif site is not None:
        center, zoom = (site.lat, site.lon), site.zoom
    elif f.epci or f.communes:
        center, zoom = view.view_for(view.bounds_of(filtered["communes"]))
    else:
        center, zoom = view.CENTER, view.ZOOM

    top = st.container()
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        show_map(filtered, lang, color_mode=color_mode, all_communes=communes,
                 center=center, zoom=zoom, key="explorer_map", data=data, extra_groups=marks)

    drawn = filter_panel(communes, lang)
    state.write_filters_to_url(drawn)
    with top:
        c1, c2, c3 = st.columns([1, 2, 0.6], vertical_alignment="bottom")
        drawn_mode = c1.radio(t("explorer.color_mode", lang), list(journeys.COLOR_MODES), horizontal=True,
                              format_func=lambda m: t(f"explorer.color.{m}", lang), key="color_mode")
        drawn_place = widgets.place_search(c2, listed, every, data, lang)
        journeys.write_view_to_url(drawn_mode, drawn_place)
        journeys.share_button(c3, lang)
        if place is not None and not search.shown_by(place, filtered):
            journeys.outside_filters(st, place, f, communes, lang)
        widgets.announce_site(site, lang)
    state.drawn_as_read((f, color_mode, place), (drawn, drawn_mode, drawn_place))

    with legend_col:
        if color_mode == "density":
            widgets.legend(styles.density_legend(styles.density_classes(communes), lang),
                           t("legend.density", lang))
        else:
            widgets.legend(styles.epci_legend(lang), t("legend.epci", lang))
        widgets.layer_legend(lang, f.layers)
        print_menu(data, f, lang, key="explorer_print")

    if f.min_available_ha > 0:
        n = unpublished_available(apply_filters(data, f.with_(min_available_ha=0))["zones_activite"])
        if n:
            st.info(t("explorer.excluded_unpublished", lang, n=n))

    st.subheader(t("explorer.indicators", lang))
    widgets.indicators(indicator_report(territory_selection(data, f, filtered), data), lang)

    if paint.enabled("lazy_table"):
        # Run (and sent to the browser) only when opened: the grid is the page's heaviest script.
        table = st.expander(t("explorer.table", lang), icon=":material/table:", key="explorer_table",
                            on_change="rerun")
        if table.open:
            with table:
                widgets.table_with_downloads(filtered, communes, lang)
    else:
        st.subheader(t("explorer.table", lang))
        widgets.table_with_downloads(filtered, communes, lang)


lang = state.current_lang()
st.title(t("explorer.title", lang))
st.caption(t("explorer.subtitle", lang))
explore(lang)

with st.expander(t("explorer.sources", lang)):
    st.write(t("explorer.sources_body", lang))
    widgets.versions_caption(state.data_versions(), lang)
