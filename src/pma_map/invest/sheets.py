"""PDF site sheets and shortlist handouts for investors, in French or English.

One sheet per business park: name, communes and agglomeration, purpose,
available and total land ("non publié" when null), distances to the access
points, contact, the published context figures of the catalogue with their
source, a map drawn from the geometries alone (no tile download) and a QR
code linking to the site on the map. A handout puts a comparison of 2 to 5
sites first, then their sheets. Rendering only: the facts come from
:mod:`pma_map.invest.finder` and the catalogue.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Mapping
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd
from babel.dates import format_date
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageBreak, PageTemplate, Spacer, Table, TableStyle

from pma_map import config
from pma_map.catalogue import CONTEXT_INDICATORS, EPCI_GLOSS_EN, epci_name, figures_for
from pma_map.i18n import fmt_num, norm_lang, t
from pma_map.invest.finder import (
    ACCESS_KINDS,
    Criteria,
    Match,
    access_text,
    check_shortlist,
    compare,
    find_sites,
    site_facts,
)
from pma_map.invest.pdf import FONT, QR_SIZE, grid, para, paragraph_styles, qr_drawing, url_paragraph
from pma_map.invest.sheetmap import MAP_H, MAP_MIN_H, MAP_W, site_map
from pma_map.text import choice_text, land_text, precision_text

PAGE_MARGINS = {"leftMargin": 20 * mm, "rightMargin": 20 * mm, "topMargin": 15 * mm,
                "bottomMargin": 16 * mm}
#: Height of the page's frame (no padding: content is 170 mm wide, as the tables).
FRAME_H = A4[1] - PAGE_MARGINS["topMargin"] - PAGE_MARGINS["bottomMargin"]


def site_url(zone_id: str, lang: str = "fr", base: str | None = None) -> str:
    """Link to a site on the map: ``{base}/?lang=en&site=<id>``."""
    base = (base or config.base_url()).rstrip("/")
    return f"{base}/?{urlencode({'lang': norm_lang(lang), 'site': zone_id})}"


def _zone_row(data, zone_id: str) -> dict:
    zones = data["zones_activite"]
    row = zones[zones["id"].astype(str) == str(zone_id)].iloc[0]
    return {k: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v)
            for k, v in row.drop(labels="geometry").items()}


def _description(row: Mapping, lang: str) -> str | None:
    return row.get("description_en") if lang == "en" else row.get("description")


def _choice(field: str, value, lang: str) -> str:
    return "" if value is None else choice_text(field, value, lang)


def context_figures(lang: str) -> list[tuple[str, str, str]]:
    """(label, value, source) of the published context figures, from the catalogue."""
    out = []
    for indicator in (*CONTEXT_INDICATORS, "foncier_disponible_ha"):
        figs = figures_for(indicator)
        if not figs:
            continue
        fig = figs[0]
        if indicator == "investissement_industriel_eur":
            value = fmt_num(fig.value / 1e9, lang, 1)
        else:
            value = fmt_num(fig.value, lang)
        out.append((t(f"figure.{indicator}", lang), t(f"figure.{indicator}.value", lang, value=value),
                    t("figure.source", lang, source=fig.source, date=fig.source_date)))
    return out


# --- documents ------------------------------------------------------------------

def _sheet_story(data, match: Match, lang: str, styles, base: str | None = None) -> list:
    zone_id = match.id
    row = _zone_row(data, zone_id)
    url = site_url(zone_id, lang, base)
    story = [
        para(t("sheet.org", lang) + " · " + t("sheet.title", lang), styles["org"]),
        para(match.nom, styles["title"]),
    ]
    epci = epci_line(match.epci, lang)
    contact = row.get("contact") or t("sheet.contact_default", lang)
    facts = [
        (t("sheet.commune", lang), ", ".join(match.communes)),
        (t("sheet.epci", lang), epci),
        (t("sheet.vocation", lang), t(f"vocation.{match.vocation}", lang)),
        (t("sheet.status", lang), _choice("statut", row.get("statut"), lang)),
        # a dated figure of land on sale says when and where it comes from
        (t("sheet.available", lang), land_text(row, lang) or _ha(match.available_ha, lang)),
        (t("sheet.total", lang), _ha(match.total_ha, lang)),
        (t("sheet.contact", lang), contact),
    ]
    access = [(t(f"access.{kind}", lang), access_text(match.distance(kind), lang))
              for kind in ACCESS_KINDS]
    qr = Table([[qr_drawing(url)], [para(t("sheet.qr", lang), styles["small"])], [url_paragraph(url, styles["small"])]],
               colWidths=[QR_SIZE + 8 * mm])
    qr.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    left = [grid(facts, [40 * mm, 88 * mm], styles), Spacer(1, 2 * mm),
            para(t("sheet.access", lang), styles["h2"]), grid(access, [40 * mm, 88 * mm], styles)]
    top = Table([[left, qr]], colWidths=[130 * mm, 40 * mm])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(top)
    story.append(para(t("sheet.map", lang), styles["h2"]))
    after = [para(t("sheet.map_legend", lang), styles["small"])]
    desc = _description(row, lang)
    if desc:
        after += [para(t("sheet.description", lang), styles["h2"]), para(desc, styles["body"])]
    context = _context_block(lang, styles)
    source = [Spacer(1, 2 * mm),
              para(t("sheet.source", lang, source=row.get("source"), date=row.get("source_date"),
                   precision=precision_text(row.get("precision") or "", lang)), styles["small"])]
    height = _map_height(story + after + context + source)
    return story + [site_map(data, zone_id, match, lang, height)] + after + [
        KeepTogether(context), *source]


def _map_height(others: list) -> float:
    """The map height that lets the sheet fit on one page (within MAP_MIN_H..MAP_H)."""
    used = 0.0
    for i, f in enumerate(others):
        used += f.wrap(MAP_W, FRAME_H)[1] + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
    return max(MAP_MIN_H, min(MAP_H, FRAME_H - used - 4 * mm))


def epci_line(code: str, lang: str) -> str:
    """The agglomeration's code and one name: the French name, or its English gloss."""
    if not code:
        return ""
    name = EPCI_GLOSS_EN.get(code) if lang == "en" else None
    return f"{code} — {name or epci_name(code, 'fr')}"


def _ha(value, lang: str) -> str:
    return t("value.unpublished", lang) if value is None else f"{fmt_num(value, lang, 0)} ha"


def _context_block(lang: str, styles) -> list:
    rows = [[para(label, styles["cellb"]), para(value, styles["cell"]), para(source, styles["small"])]
            for label, value, source in context_figures(lang)]
    table = Table(rows, colWidths=[70 * mm, 30 * mm, 70 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cfd8dc"))]))
    return [para(t("sheet.context", lang), styles["h2"]), table]


def _footer(lang: str):
    today = format_date(_dt.date.today(), format="long", locale="fr_FR" if lang == "fr" else "en_GB")

    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#78909c"))
        canvas.drawString(20 * mm, 10 * mm, t("sheet.generated", lang, date=today))
        canvas.drawRightString(190 * mm, 10 * mm, t("sheet.page", lang, n=doc.page))
        canvas.restoreState()
    return draw


def _build(story: list, title: str, lang: str) -> bytes:
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, title=title, author=t("sheet.org", lang),
                          lang=norm_lang(lang), **PAGE_MARGINS)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPage=_footer(lang))])
    doc.build(story)
    return buf.getvalue()


def site_sheet(data: Mapping[str, gpd.GeoDataFrame], zone_id: str, lang: str = "fr",
               base: str | None = None) -> bytes:
    """The PDF sheet of one business park in ``lang``; links start with ``base``
    (default: :func:`pma_map.config.base_url`)."""
    lang = norm_lang(lang)
    match = site_facts(data, zone_id)
    story = _sheet_story(data, match, lang, paragraph_styles(), base)
    return _build(story, match.nom, lang)


def handout(data: Mapping[str, gpd.GeoDataFrame], zone_ids, lang: str = "fr",
            base: str | None = None) -> bytes:
    """One PDF: the comparison of 2 to 5 sites, then the sheet of each."""
    lang = norm_lang(lang)
    ids = check_shortlist(zone_ids)
    known = set(data["zones_activite"]["id"].astype(str))
    for zid in ids:
        if zid not in known:
            site_facts(data, zid)  # raises the French ValueError that lists the known zones
    zones = data["zones_activite"]
    ranked = find_sites({**data, "zones_activite": zones[zones["id"].astype(str).isin(ids)]}, Criteria())
    styles = paragraph_styles()
    table = compare(ranked, ids, lang)
    by_id = {m.id: m for m in ranked}
    matches = [by_id[zid] for zid in ids]
    cell, bold = (styles["cmp"], styles["cmpb"]) if len(ids) > 3 else (styles["cell"], styles["cellb"])
    header = [""] + [str(c) for c in table.columns]
    rows = [[para(h, bold) for h in header]]
    for label, values in table.iterrows():
        rows.append([para(label, bold)] + [para(v, cell) for v in values])
    width = 170 * mm
    first = 38 * mm if len(ids) <= 3 else 32 * mm
    comp = Table(rows, colWidths=[first] + [(width - first) / len(ids)] * len(ids), repeatRows=1)
    comp.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#cfd8dc")),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3e5f5")),
                              ("LEFTPADDING", (0, 0), (-1, -1), 4),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
    story = [
        para(t("sheet.org", lang), styles["org"]),
        para(t("sheet.handout_title", lang), styles["title"]),
        para(t("sheet.handout_intro", lang, n=len(ids)), styles["body"]),
        Spacer(1, 3 * mm), comp, *_context_block(lang, styles),
    ]
    for match in matches:
        story.append(PageBreak())
        story.extend(_sheet_story(data, match, lang, styles, base))
    return _build(story, t("sheet.handout_title", lang), lang)
