"""Indicators, legend and table widgets, shared by the pages."""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from pma_map import population, search
from pma_map.catalogue import ASSET_LAYERS, LAYERS
from pma_map.exports import (
    features_table,
    head_of_layers,
    neutralise_formulas,
    to_csv,
    to_csv_international,
    to_geojson,
)
from pma_map.i18n import fmt_num, fmt_pct, t
from pma_map.search import Place, place_for
from pma_map.text import esc, esc_md, http_url, land_text

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text) -> str:
    """Text from the data made inert for Streamlit markdown (no links, emphasis or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def published_caption(row: dict, lang: str) -> str:
    """"Publié : 4 200 ha (PMA, Rapport d'activité 2022, 2022) · la sélection en représente 21 %".

    Figures of the same value and unit are said once, with all their sources; the
    dated land figures are listed zone by zone, never added up.
    """
    if row.get("land") is not None and not row.get("compare", True):
        parts = [land_text(r, lang, short=True) for r in row["land"]]
        parts += [t("indicator.land_reference", lang, value=fmt_num(f["value"], lang), source=f["source"],
                    date=f["source_date"]) for f in row["published"][:1]]
        return t("list.sep", lang).join(parts) or t("indicator.no_published", lang)
    if not row["published"]:
        text = t("indicator.no_published", lang)
    else:
        groups: dict[tuple, list[str]] = {}
        for fig in row["published"]:
            unit = fig.get("unit_en" if lang == "en" else "unit_fr", "")
            dated = f"({fig['source_date']})" in fig["source"]  # "Lettre ... (2021)": no second date
            groups.setdefault((fig["value"], unit), []).append(
                fig["source"] if dated else
                t("indicator.source_date", lang, source=fig["source"], date=fig["source_date"]))
        sep = t("list.sep", lang)
        text = sep.join(
            t("indicator.published_unit", lang, value=fmt_num(value, lang), unit=unit,
              sources=sep.join(sources)).replace("  ", " ")
            for (value, unit), sources in groups.items())
        if row["share"] is not None and row["key"] == "population" and population.vintage_year(row.get("vintage")):
            # The coverage line says which population it compares with the published figure.
            text += " · " + t("population.share", lang, share=fmt_pct(row["share"], lang),
                              year=population.vintage_year(row["vintage"]))
        elif row["share"] is not None:
            text += " · " + t("indicator.share", lang, share=fmt_pct(row["share"], lang))
    if row.get("missing"):
        text += " · " + t("indicator.missing_values", lang, n=fmt_num(row["missing"], lang),
                          total=fmt_num(row["total"], lang))
    return text


def indicator_label(row: dict, lang: str) -> str:
    return population.indicator_label(row["key"], row.get("vintage"), lang)


def indicator_help(row: dict, lang: str) -> str:
    if row["key"] == "population" and row.get("vintage"):
        return t("population.indicator_help", lang, vintage=population.vintage_text(row["vintage"], lang))
    return t(f"indicator.{row['key']}.help", lang)


#: The indicator tiles' look (Streamlit's metric: label, large figure, small grey caption); the grid
#: puts as many 13rem columns as fit, one on a phone.
_INDICATOR_CSS = (
    ".pma-indicators{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1rem 1.5rem}"
    ".pma-ind-label{font-size:.875rem}"
    ".pma-ind-label details{display:inline}.pma-ind-label summary{display:inline-block;list-style:none;"
    "cursor:help;width:1.1em;height:1.1em;line-height:1.05em;margin-left:.3em;text-align:center;"
    "border:1px solid #8a959c;border-radius:50%;font-size:.7rem;color:#5b6770}"
    ".pma-ind-label summary::-webkit-details-marker{display:none}"
    ".pma-ind-help{display:block;margin:.2em 0;padding:.3em .5em;background:#eef4f1;border-radius:.3em;"
    "font-size:.8rem;color:#1d2a2f}"
    ".pma-ind-value{font-size:1.75rem;line-height:1.4}"
    ".pma-ind-caption,.pma-ind-note{font-size:.8rem;color:#5b6770;line-height:1.4}"
    ".pma-ind-note{margin-top:.8rem}"
)


def indicator_tiles(report: list[dict], lang: str) -> str:
    """The indicator tiles as one HTML block: label (with its definition behind "?"), figure and
    unit, published figures with source and date; every text escaped."""
    tiles = []
    for row in report:
        value = fmt_num(row["value"], lang, row["decimals"])
        unit = t(row["unit_key"], lang) if row["value"] is not None and row["unit_key"] else ""
        caption = published_caption(row, lang)
        if row["approximate_features"]:
            caption += " · " + t("indicator.approx", lang, n=row["approximate_features"])
        label, definition = indicator_label(row, lang), indicator_help(row, lang)
        tiles.append(
            f'<div class="pma-indicator" data-key="{esc(row["key"])}" role="group" aria-label="{esc(label)}">'
            f'<div class="pma-ind-label"><span>{esc(label)}</span><details><summary title="{esc(definition)}" '
            f'aria-label="{esc(t("indicator.definition", lang))}">?</summary>'
            f'<span class="pma-ind-help">{esc(definition)}</span></details></div>'
            f'<div class="pma-ind-value">{esc(f"{value} {unit}".strip())}</div>'
            f'<div class="pma-ind-caption">{esc(caption)}</div></div>'
        )
    return (f'<style>{_INDICATOR_CSS}</style><div class="pma-indicators">{"".join(tiles)}</div>'
            f'<div class="pma-ind-note">{esc(t("indicator.layers_note", lang))}</div>')


def indicators(report: list[dict], lang: str) -> None:
    """The indicator tiles, each with its published figure, source and date.

    One HTML element, not a metric and a caption per indicator in columns (25 elements): the browser
    renders each element on the first paint and again on every filter change (issue 10,
    benchmarks/README.md).
    """
    st.html(indicator_tiles(report, lang))


def legend(items: list[tuple[str, str]], title: str) -> None:
    """A colour legend drawn as HTML (labels escaped)."""
    rows = "".join(
        f'<div style="display:flex;align-items:center;gap:.4em;margin:.1em 0">'
        f'<span style="display:inline-block;flex:0 0 14px;width:14px;height:14px;border:1px solid #555;'
        f'background:{esc(color)}"></span>{esc(label)}</div>'
        for color, label in items
    )
    # st.html, not Markdown with HTML: the page then needs no Markdown-HTML parser (rehype-raw,
    # 190 kB of script) before its first paint; st.html cleans it with DOMPurify.
    st.html(f"<div style=\"font-size:.9rem;line-height:1.5\"><strong>{esc(title)}</strong><div>{rows}</div></div>")


def layer_legend(lang: str, active: tuple[str, ...]) -> None:
    items = []
    for name, spec in ASSET_LAYERS.items():
        if name in active:
            items.append((spec.style.get("fillColor", spec.style.get("color")), spec.title(lang)))
    legend(items, t("legend.layers", lang))
    st.caption(t("legend.approx_note", lang))


#: Rows shown in the page's table; the downloads always hold every row. A dense layer
#: (100,000 parcels) would otherwise send tens of MB to the browser on every rerun.
TABLE_MAX_ROWS = 1000


def lead_with_names(table, lang: str):
    """The table as read on screen: the name first, the internal id (``parc-olhain``) last."""
    name, ident = t("table.nom", lang), t("table.id", lang)
    if name not in table.columns or ident not in table.columns:
        return table
    rest = [c for c in table.columns if c not in (name, ident)]
    return table[[name, *rest, ident]]


def table_with_downloads(filtered, all_communes, lang: str, key: str = "table") -> None:
    """The filtered features as a table (the first rows of a dense selection), with CSV and GeoJSON
    downloads of every row."""
    head, total = head_of_layers(filtered, TABLE_MAX_ROWS)
    shown = lead_with_names(features_table(head, all_communes, lang), lang)
    figure = t("table.key_figure", lang)
    shown[figure] = [fmt_num(None if v != v else v, lang, 1 if v == v and v % 1 else 0)
                     for v in shown[figure].astype(float)]
    # The table's own toolbar has a "Download as CSV" that writes cells as they are: the cells shown
    # are neutralised like our CSV's (a public table must not hand out =HYPERLINK(...) formulas).
    st.dataframe(neutralise_formulas(shown, keep=(figure,)), hide_index=True, width="stretch")
    if total > len(shown):
        st.caption(t("table.truncated", lang, shown=fmt_num(len(shown), lang), total=fmt_num(total, lang)))
    c1, c2, c3 = st.columns(3)
    # Files made only when asked for (callables): a dense layer takes seconds to serialise.
    # French Excel wants `;` and decimal commas, the rest of the world `,` and points: the
    # page's language decides which comes first.
    csv_fr = (t("table.download_csv_fr", lang), lambda: to_csv(features_table(filtered, all_communes, lang)),
              "atouts_pma.csv", t("table.download_csv_fr_help", lang), f"{key}_csv")
    csv_intl = (t("table.download_csv_intl", lang),
                lambda: to_csv_international(features_table(filtered, all_communes, lang)),
                "atouts_pma_international.csv", t("table.download_csv_intl_help", lang), f"{key}_csv_intl")
    for col, (label, make, name, help_text, button_key) in zip(
            (c1, c3), (csv_intl, csv_fr) if lang == "en" else (csv_fr, csv_intl)):
        col.download_button(label, make, name, "text/csv", key=button_key, help=help_text)
    c2.download_button(t("table.download_geojson", lang), lambda: to_geojson(filtered),
                       "atouts_pma.geojson", "application/geo+json", key=f"{key}_geojson")


def current_place(listed: list[Place], every: Callable[[], list[Place]]) -> Place | None:
    """The place the search box will return, read before it is drawn (see ``ui.filters.current_filters``)."""
    value = st.session_state.get("search_place")
    return search.resolve(value, every() if isinstance(value, str) else listed)[0]


def place_search(container, listed: list[Place], every: Callable[[], list[Place]], data,
                 lang: str) -> Place | None:
    """The search box: a commune or a site from the list (``listed``), or typed text looked up in
    every layer (``every()``: the places of dense layers too, built on the first typed search)."""
    options = listed
    dense = bool(search.dense_layers(data))
    # Typed text is always accepted: the browser's filter only ignores case, so "saint laurent
    # blangy" or "noeux" reach the server, which ignores accents, ligatures and hyphens too.
    value = container.selectbox(
        t("explorer.search", lang), options, index=None, key="search_place",
        format_func=lambda p: search.menu_label(p.label) if isinstance(p, Place) else str(p),
        placeholder=t("explorer.search_placeholder", lang), accept_new_options=True,
        help=t("explorer.search_dense_help", lang, n=fmt_num(search.MENU_LAYER_MAX, lang)) if dense else None,
    )
    place, matches = search.resolve(value, every() if isinstance(value, str) else listed)
    if isinstance(value, str):
        if place is None:
            container.warning(md_escape(t("explorer.search_none", lang, query=value)))
        elif matches > 1:
            container.caption(md_escape(t("explorer.search_many", lang, n=fmt_num(matches, lang),
                                          name=place.label)))
    return place


def contact_card(row, lang: str) -> None:
    """The town-hall contact of a commune, values inert for HTML and Markdown, website linked only
    if it is an http(s) address."""
    lines = []
    for field, key in (("mairie_adresse", "commune.address"), ("mairie_telephone", "commune.phone"),
                       ("mairie_email", "commune.email")):
        value = row.get(field)
        if isinstance(value, str) and value.strip():
            lines.append(t("label.value", lang, label=f"**{esc(t(key, lang))}**", value=esc_md(value)))
    site = http_url(row.get("mairie_site"))
    if site:
        link = f'<a href="{esc(site)}" target="_blank" rel="noopener noreferrer">{esc_md(site)}</a>'
        lines.append(t("label.value", lang, label=f'**{esc(t("commune.website", lang))}**', value=link))
    st.markdown("  \n".join(lines) or esc(t("value.unpublished", lang)), unsafe_allow_html=True)


def linked_site(listed: list[Place], every: Callable[[], list[Place]]) -> Place | None:
    """The site named by ``site=<id>`` in the URL (QR code of a site sheet), looked up among the
    listed places, then among every place."""
    wanted = st.query_params.get("site")
    return (place_for(listed, wanted) or place_for(every(), wanted)) if wanted else None


def announce_site(site: Place | None, lang: str) -> None:
    """Say which site a ``site=<id>`` link shows, or that it names none."""
    wanted = st.query_params.get("site")
    if not wanted:
        return
    if site is None:
        st.warning(md_escape(t("invest.site_unknown", lang, id=wanted)))
    else:
        st.info(md_escape(t("invest.site_shown", lang, name=site.name, layer=LAYERS[site.layer].title(lang))))
    return site


def versions_caption(versions: dict[str, int], lang: str) -> None:
    """"Layer versions: Municipalities v1, Business parks v3, ..." in the page's language."""
    text = ", ".join(f"{LAYERS[k].title(lang) if k in LAYERS else k} v{v}" for k, v in versions.items())
    st.caption(md_escape(t("explorer.versions", lang, versions=text)))
