"""Popups of map features: the pieces of each popup, escaped, and their HTML.

:func:`render_popup` has a JavaScript twin (``packed.RENDER_POPUP_JS``) that
builds the same HTML in the browser from the same pieces.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from pma_map import population
from pma_map.catalogue import LayerSpec, feature_name
from pma_map.filters import commune_codes
from pma_map.i18n import t
from pma_map.text import choice_text, esc, is_missing, land_text, number_text, precision_text


def format_value(spec: LayerSpec, name: str, value, lang: str) -> str:
    f = spec.field(name)
    if is_missing(value) or value == "":
        return esc(t("value.unpublished", lang))
    if f.type in ("float", "int"):
        decimals = 0 if f.type == "int" or float(value).is_integer() else 2
        return number_text(float(value), lang, decimals)
    return esc(choice_text(name, value, lang))


def commune_link(insee, name, lang: str) -> str:
    """A link to the commune page, escaped; the map's script points it at the app's own address
    (``data-pma-page``, resolved against the page's URL, opened in the whole window)."""
    query = {"commune": str(insee)}
    if lang == "en":
        query["lang"] = "en"
    page = f"commune?{urlencode(query)}"
    return (f'<a class="pma-commune-link" data-pma-page="{esc(page)}" href="#" target="_blank">'
            f'{esc(t("search.open_commune", lang, name=name))}</a>')


def popup_parts(spec: LayerSpec, row: Mapping, lang: str, commune_names: Mapping[str, str]) -> list[str]:
    """The pieces of a feature's popup, every one already escaped HTML.

    ``[name, layer title, description, label 1, value 1, ..., css class, precision]``:
    :func:`render_popup` (and its JavaScript twin for clustered points) joins them.
    """
    rows = []
    if spec.in_communes and "insee" in row:
        names = ", ".join(commune_names.get(c, c) for c in commune_codes(row))
        rows.append((t("popup.communes", lang), esc(names)))
    for f in spec.fields:
        if not f.in_popup or f.name not in row:
            continue
        if lang == "en" and f.french_text:
            continue
        value = row.get(f.name)
        if f.type == "str" and (is_missing(value) or value == ""):
            continue
        shown = format_value(spec, f.name, value, lang)
        if f.name == "surface_disponible_ha" and not is_missing(value):
            shown = esc(land_text(row, lang))
        if f.popup_detail:
            shown = f"{shown} — {esc(row.get(f.popup_detail))}"
        if spec.name == "communes" and f.name == "population":
            # The population says its year ("Population municipale 2023").
            rows.append((esc(population.label(row.get("population_annee"), lang)), shown))
            continue
        rows.append((esc(f.label(lang)), shown))
    if spec.name == "communes" and "population_annee" in row:
        source = esc(population.source_line(row, lang))
    else:
        source = f"{esc(row.get('source'))} ({esc(row.get('source_date'))})"
    rows.append((t("popup.source", lang), source))
    precision = str(row.get("precision") or "")
    cls = "pma-approx" if precision == "approximate" else "pma-surveyed"
    desc = row.get("description_en") if lang == "en" else row.get("description")
    desc_html = esc(desc) if not is_missing(desc) and desc else ""
    if spec.name == "communes" and not is_missing(row.get("insee")):
        link = commune_link(row.get("insee"), feature_name(row, lang), lang)
        desc_html = f"{desc_html}<br>{link}" if desc_html else link
    cells = [cell for pair in rows for cell in pair]
    return [esc(feature_name(row, lang)), esc(spec.title(lang)), desc_html, *cells, cls,
            esc(precision_text(precision, lang))]


def render_popup(parts: list[str]) -> str:
    """The popup HTML from :func:`popup_parts` (mirrored by ``cluster.RENDER_POPUP_JS``)."""
    name, title, desc, *cells, cls, precision = parts
    desc_html = f"<p>{desc}</p>" if desc else ""
    body = "".join(f"<tr><th>{cells[i]}</th><td>{cells[i + 1]}</td></tr>" for i in range(0, len(cells), 2))
    return (
        f'<div class="pma-popup" style="font-size:12px;line-height:1.3"><h4 style="margin:0 0 4px">{name}</h4>'
        f"<p><em>{title}</em></p>{desc_html}"
        f'<table>{body}</table><p class="{cls}">{precision}</p></div>'
    )
