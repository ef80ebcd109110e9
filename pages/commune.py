"""Commune profile: figures, agglomeration, town-hall contact, assets and map."""

import streamlit as st

from pma_map import population
from pma_map.catalogue import EPCI
from pma_map.filters import Filters, apply_filters
from pma_map.i18n import fmt_num, t
from pma_map.map import view
from pma_map.search import menu_label
from pma_map.ui import state, widgets
from pma_map.ui.map import show_map
from pma_map.ui.printing import print_menu

lang = state.current_lang()
data = state.data()
communes = data["communes"].sort_values("nom")
names = dict(zip(communes["insee"].astype(str), communes["nom"] + " (" + communes["epci"] + ")"))

st.title(t("commune.title", lang))
codes = list(names)
wanted = st.query_params.get("commune")
insee = st.selectbox(t("commune.pick", lang), codes, key="commune_pick",
                     index=codes.index(wanted) if wanted in names else None,
                     format_func=lambda c: menu_label(names[c]),  # "bethune", "noeux" match too
                     placeholder=t("commune.pick_placeholder", lang))
if insee is None:
    st.info(t("commune.none", lang))
    st.stop()
st.query_params["commune"] = insee
row = communes[communes["insee"] == insee].iloc[0]

c = st.columns(4)
vintage = row.get("population_annee")
earlier = row.get("population_2017")
c[0].metric(population.label(vintage, lang), f"{fmt_num(row['population'], lang)} {t('unit.inhabitants', lang)}",
            delta=population.change_text(row["population"], earlier, lang), delta_color="off",
            help=population.earlier_text(earlier, lang))
c[1].metric(t("commune.area", lang), f"{fmt_num(row['superficie_km2'], lang, 2)} km²")
c[2].metric(t("commune.density", lang),
            f"{fmt_num(row['population'] / row['superficie_km2'], lang)} {t('commune.density_unit', lang)}")
c[3].metric(t("commune.epci", lang), row["epci"], help=EPCI[row["epci"]][0])
# The layer's own words (source, date, vintage) are inert Markdown: a file cannot put a link or an image here.
st.caption(population.caption(row.copy().where(~row.index.isin(["source", "source_date", "population_annee"]),
                                               row.map(widgets.md_escape)), lang))

filtered = apply_filters(data, Filters(communes=(insee,)))
map_col, info_col = st.columns([3, 2])
with map_col:
    center, zoom = view.view_for(view.bounds_of(filtered["communes"]))
    show_map(filtered, lang, all_communes=data["communes"], center=center, zoom=zoom,
             key="commune_map", height=480, data=data)
with info_col:
    st.subheader(t("commune.contact", lang))
    widgets.contact_card(row, lang)
    print_menu(data, Filters(communes=(insee,)), lang, key="commune_print", insee=insee, name=row["nom"])

st.subheader(t("commune.assets", lang))
if sum(len(filtered[name]) for name in filtered if name != "communes") == 0:
    st.info(t("commune.no_assets", lang))
else:
    widgets.table_with_downloads(filtered, data["communes"], lang, key="commune_table")
