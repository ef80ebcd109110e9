"""Widgets of the investor page: criteria, ranked results, shortlist and PDF sheets.

The facts come from :mod:`pma_map.invest.finder` and the PDFs from :mod:`pma_map.invest.sheets`,
the same functions as ``pma-map find``, ``site-sheet`` and ``handout``.
"""

from __future__ import annotations

import streamlit as st

from pma_map.catalogue import EPCI, EPCI_CODES, VOCATIONS, epci_label
from pma_map.i18n import fmt_num, t
from pma_map.invest import sheets
from pma_map.invest.finder import (
    ACCESS_KINDS,
    SHORTLIST_MAX,
    SHORTLIST_MIN,
    Criteria,
    Match,
    compare,
    criteria_from_query,
    criteria_to_query,
    unpublished_count,
    unpublished_excluded,
)
from pma_map.search import menu_label
from pma_map.ui.links import local_address_warning, public_base_url
from pma_map.ui.widgets import md_escape

_INIT = "_criteria_from_url"
#: Width of the finder's map on a 390 px phone: its view is chosen to show every site at this width.
MAP_MIN_WIDTH_PX = 358
_KEYS = {"min_available_ha": "c_min_ha", "vocations": "c_vocations", "epci": "c_epci",
         "include_unpublished": "c_unpublished", "max_motorway_km": "c_max_motorway",
         "max_station_km": "c_max_station", "max_port_km": "c_max_port"}


def _init_from_url() -> None:
    if st.session_state.get(_INIT):
        return
    c = criteria_from_query(st.query_params.to_dict())
    for name, key in _KEYS.items():
        value = getattr(c, name)
        if isinstance(value, tuple):
            value = list(value)
        elif name.startswith("max_"):
            value = float(value or 0.0)
        st.session_state[key] = value
    st.session_state[_INIT] = True


def criteria_panel(lang: str) -> Criteria:
    """The investor's criteria in the sidebar, read from and written to the URL."""
    _init_from_url()
    sb = st.sidebar
    sb.header(t("invest.criteria", lang))
    min_ha = sb.number_input(t("invest.min_available", lang), min_value=0.0, step=5.0, key="c_min_ha")
    unpublished = sb.toggle(t("invest.include_unpublished", lang), key="c_unpublished",
                            help=t("invest.include_unpublished_help", lang))
    vocations = sb.multiselect(t("invest.vocations", lang), VOCATIONS, key="c_vocations",
                               format_func=lambda v: t(f"vocation.{v}", lang),
                               placeholder=t("invest.all", lang), select_all=False)
    epci = sb.multiselect(t("invest.epci", lang), EPCI_CODES, key="c_epci",
                          format_func=lambda c: menu_label(f"{c} — {epci_label(c, lang)}"),
                          placeholder=t("invest.all", lang), select_all=False)  # Enter: one, not every match
    limits = {}
    for kind in ACCESS_KINDS:
        value = sb.number_input(t(f"invest.max_{kind}", lang), min_value=0.0, step=1.0,
                                key=f"c_max_{kind}", help=t("invest.no_limit_help", lang))
        limits[f"max_{kind}_km"] = value or None
    c = Criteria(min_available_ha=float(min_ha), vocations=tuple(vocations), epci=tuple(epci),
                 include_unpublished=bool(unpublished), **limits)
    _write_to_url(c)
    return c


def _write_to_url(c: Criteria) -> None:
    wanted = criteria_to_query(c)
    for key in list(st.query_params.keys()):
        if key in _KEYS and key not in wanted:
            del st.query_params[key]
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value




def _include_unpublished() -> None:
    st.session_state["c_unpublished"] = True


def unpublished_notice(data, criteria: Criteria, lang: str) -> None:
    """How many zones have no published land figure; a button includes them when the minimum
    leaves them out."""
    missing, total = unpublished_count(data, criteria)
    excluded = unpublished_excluded(data, criteria)
    if excluded:
        st.info(t("invest.excluded_unpublished", lang, n=excluded))
        st.button(t("invest.include_them", lang), key="c_include_them", on_click=_include_unpublished)
    elif missing:
        st.caption(t("invest.unpublished_count", lang, n=missing, total=total))


def result_card(m: Match, lang: str) -> None:
    """One ranked site: figures, distances and why it matches (data values made inert)."""
    with st.container(border=True):
        st.markdown(f"**{md_escape(t('invest.rank', lang, rank=m.rank))} — {md_escape(m.nom)}**")
        epci = f"{m.epci} — {epci_label(m.epci, lang)}" if m.epci in EPCI else m.epci
        st.caption(md_escape(f"{', '.join(m.communes)} · {epci} · {t(f'vocation.{m.vocation}', lang)}"))
        land = [(t("finder.col.available", lang), fmt_num(m.available_ha, lang, 1)),
                (t("finder.col.total", lang), fmt_num(m.total_ha, lang))]
        st.markdown(" · ".join(f"**{md_escape(label)}** {md_escape(value)}" for label, value in land))
        st.markdown("\n".join(f"- {md_escape(r)}" for r in m.reasons_text(lang)))


def results(matches: list[Match], lang: str, height: int = 560) -> None:
    """The ranked sites, best first, in a scrolling column beside the map."""
    st.subheader(t("invest.results", lang, n=len(matches)))
    with st.container(height=height):
        for m in matches:
            result_card(m, lang)


def map_layers(data, matches: list[Match]) -> dict:
    """What the finder's map shows: every commune, the matching zones and the access points."""
    zones = data["zones_activite"]
    ids = {m.id for m in matches}
    shown = {"communes": data["communes"], "zones_activite": zones[zones["id"].astype(str).isin(ids)]}
    if "acces" in data:
        shown["acces"] = data["acces"]
    return shown


def shortlist(data, matches: list[Match], lang: str) -> None:
    """Pick 2 to 5 of the results, compare them side by side, download the handout."""
    st.subheader(t("invest.shortlist", lang))
    names = {m.id: f"{m.rank}. {m.nom}" for m in matches}
    wanted = [i for i in str(st.query_params.get("shortlist", "")).split(",") if i in names]
    if "c_shortlist" not in st.session_state:
        st.session_state["c_shortlist"] = wanted[:SHORTLIST_MAX]
    st.session_state["c_shortlist"] = [i for i in st.session_state["c_shortlist"] if i in names]
    ids = st.multiselect(t("invest.shortlist_pick", lang), list(names), key="c_shortlist",
                         format_func=lambda i: names[i], max_selections=SHORTLIST_MAX, select_all=False)
    if ids:
        st.query_params["shortlist"] = ",".join(ids)
    elif "shortlist" in st.query_params:
        del st.query_params["shortlist"]
    if len(ids) < SHORTLIST_MIN:
        st.info(t("invest.shortlist_hint", lang))
        return
    st.dataframe(compare(matches, ids, lang), width="stretch")
    base = public_base_url()
    st.download_button(t("invest.download_handout", lang), lambda: sheets.handout(data, ids, lang, base),
                       f"pma-{'-'.join(ids)}-{lang}.pdf"[:120], "application/pdf",
                       key="dl_handout", icon=":material/picture_as_pdf:")


def sheet_download(data, matches: list[Match], lang: str) -> None:
    """The PDF sheet of one site, made when asked for."""
    st.subheader(t("invest.downloads", lang))
    base = public_base_url()
    if not local_address_warning(lang, base):
        st.caption(md_escape(t("links.qr_address", lang, url=base)))
    names = {m.id: f"{m.rank}. {m.nom}" for m in matches}
    zone = st.selectbox(t("invest.sheet_pick", lang), list(names), key="c_sheet",
                        format_func=lambda i: names[i])
    if zone:
        st.download_button(t("invest.download_sheet", lang), lambda: sheets.site_sheet(data, zone, lang, base),
                           f"pma-{zone}-{lang}.pdf", "application/pdf", key="dl_sheet",
                           icon=":material/picture_as_pdf:")


def context(lang: str) -> None:
    """The published figures of the territory, each with its source and date."""
    st.subheader(t("invest.context", lang))
    figures = sheets.context_figures(lang)
    cols = st.columns(len(figures))
    for col, (label, value, source) in zip(cols, figures):
        col.metric(label, value)
        col.caption(source)

