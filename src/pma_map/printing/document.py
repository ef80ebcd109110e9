"""The printed view: one landscape page (A4 or A3), vector, fonts embedded.

Left, the map (:mod:`pma_map.printing.mapdraw`); right, the legend, the
indicators of the selection with their published figures, the source and date
of every layer shown, and the permalink as text and QR code; on top the title
and the filters in words; at the foot the basemap credit and the printing date.
The right column shrinks its type to fit, so the document is always one page.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Mapping
from urllib.parse import urlencode

from babel.dates import format_date
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import KeepInFrame, Paragraph, Spacer, Table, TableStyle

from pma_map import config, population
from pma_map.catalogue import ASSET_LAYERS, COMMUNES, EPCI, EPCI_COLORS, EPCI_GLOSS_EN
from pma_map.filters import Filters, apply_filters
from pma_map.i18n import fmt_num, fmt_pct, norm_lang, t
from pma_map.indicators import indicator_report
from pma_map.invest.pdf import FONT, FONT_BOLD, INK, para, paragraph_styles, qr_drawing, url_paragraph
from pma_map.printing import mapdraw
from pma_map.printing.words import filters_in_words
from pma_map.tiles.local import seeded

FORMATS = {"a4": landscape(A4), "a3": landscape(A3)}
MARGIN = 10 * mm
#: Tables set their cells' font (Helvetica, not embedded, by default) even around paragraphs.
EMBEDDED = ("FONTNAME", (0, 0), (-1, -1), FONT)
#: Basemaps tried for print, in order (the plan reads better under coloured layers).
PRINT_BASEMAPS = ("ign_plan", "ign_ortho")


def view_url(f: Filters, lang: str = "fr", base: str | None = None, path: str = "/") -> str:
    """The app's address of this view: ``{base}/?epci=CALL&layers=...&lang=en``."""
    base = (base or config.base_url()).rstrip("/")
    query = dict(f.to_query())
    if norm_lang(lang) != "fr":
        query["lang"] = "en"
    return f"{base}{path}" + (f"?{urlencode(query, safe=',')}" if query else "")


def qr(url: str, size: float) -> Drawing:
    """The vector QR code of :mod:`pma_map.invest.pdf`, started in the embedded font (no Helvetica)."""
    d = qr_drawing(url, size)
    d.initialFontName = FONT
    return d


def print_basemap(basemaps=None):
    """The seeded basemap the PDFs draw under the layers, or None."""
    local = seeded() if basemaps is None else basemaps
    return next((local[k] for k in PRINT_BASEMAPS if k in local), None)


def today_text(lang: str, today: _dt.date | None = None) -> str:
    return format_date(today or _dt.date.today(), format="long", locale="fr_FR" if lang == "fr" else "en_GB")


def _swatch(kind: str, fill, stroke, dash=None) -> Drawing:
    d = Drawing(14, 9, initialFontName=FONT)
    if kind == "Point":
        d.add(Circle(7, 4.5, 3.2, fillColor=fill, strokeColor=stroke, strokeWidth=0.7))
    elif kind == "LineString":
        d.add(Line(1, 4.5, 13, 4.5, strokeColor=stroke, strokeWidth=1.8, strokeDashArray=dash))
    else:
        d.add(Rect(1, 1, 12, 7, fillColor=fill, fillOpacity=0.6, strokeColor=stroke, strokeWidth=0.6))
    return d


def legend_entries(f: Filters, lang: str, shown_epci: list[str]) -> list[tuple[Drawing, str]]:
    """(swatch, label) of every thing drawn: the agglomerations, the other communes, each layer."""
    out = []
    for code in shown_epci:
        label = f"{code} — {EPCI_GLOSS_EN[code] if lang == 'en' else EPCI[code][0]}"
        out.append((_swatch("Polygon", colors.HexColor(EPCI_COLORS[code]), colors.HexColor("#455a64")), label))
    if len(shown_epci) < len(EPCI) or f.communes:
        out.append((_swatch("Polygon", colors.white, colors.HexColor("#b0bec5")), t("print.communes_other", lang)))
    for name in f.layers:
        spec = ASSET_LAYERS[name]
        style = spec.style
        dash = [float(v) for v in str(style.get("dashArray", "")).split()] or None
        out.append((_swatch(spec.geometry, colors.HexColor(style.get("fillColor", style.get("color"))),
                            colors.HexColor(style.get("color", "#607d8b")), dash), spec.title(lang)))
    return out


def _table(rows, widths, lines: bool = False) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
             ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    if lines:
        style.append(("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cfd8dc")))
    table.setStyle(TableStyle(style + [EMBEDDED]))
    return table


def indicator_rows(report: list[dict], f: Filters, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, published figure with source and date) of the indicators of the layers shown.

    The population is named with its year and its coverage line says which population it
    compares (as on the explorer: :mod:`pma_map.population`).
    """
    out = []
    for row in report:
        if row["layer"] != "communes" and row["layer"] not in f.layers:
            continue
        value = fmt_num(row["value"], lang, row["decimals"])
        unit = t(row["unit_key"], lang) if row["value"] is not None and row["unit_key"] else ""
        year = population.vintage_year(row.get("vintage")) if row["key"] == "population" else None
        if row["published"]:
            pub = " ; ".join(t("indicator.published", lang, value=fmt_num(p["value"], lang), source=p["source"],
                                date=p["source_date"]) for p in row["published"][:1])
            if row["share"] is not None and year:
                pub += " · " + t("population.share", lang, share=fmt_pct(row["share"], lang), year=year)
            elif row["share"] is not None:
                pub += " · " + t("indicator.share", lang, share=fmt_pct(row["share"], lang))
        else:
            pub = t("indicator.no_published", lang)
        out.append((population.indicator_label(row["key"], row.get("vintage"), lang), f"{value} {unit}".strip(), pub))
    return out


def layer_sources(filtered: Mapping, f: Filters, lang: str) -> list[tuple[str, str]]:
    """(layer title, "source (date) ; ...") of the communes and every layer shown, with the
    number of hand-placed features."""
    out = []
    for name in ("communes", *f.layers):
        gdf = filtered.get(name)
        spec = COMMUNES if name == "communes" else ASSET_LAYERS[name]
        if gdf is None or not len(gdf):
            out.append((spec.title(lang), t("print.none_selected", lang)))
            continue
        if name == "communes" and "population_annee" in gdf.columns:
            # in citizens' words and in the page's language ("Municipal population 2023 (INSEE, census; ...)")
            lines = {population.source_line(row, lang) for row in gdf.drop(columns="geometry").to_dict("records")}
            text = " ; ".join(sorted(lines))
        else:
            pairs = gdf[["source", "source_date"]].astype(str).drop_duplicates().values.tolist()
            text = " ; ".join(f"{s} ({d})" for s, d in sorted(pairs, key=lambda p: (p[1], p[0]), reverse=True))
        approx = int((gdf["precision"] == "approximate").sum()) if "precision" in gdf.columns else 0
        if approx:
            text += f" — {t('print.approx', lang, n=approx)}"
        out.append((spec.title(lang), text))
    return out


def print_view(data: Mapping, f: Filters, lang: str = "fr", fmt: str = "a4", *, base: str | None = None,
               today: _dt.date | None = None, basemaps=None) -> bytes:
    """The PDF of the view ``f`` of ``data`` (every layer at its current version), in ``lang``."""
    doc, _ = render_view(data, f, lang, fmt, base=base, today=today, basemaps=basemaps)
    return doc


def render_view(data: Mapping, f: Filters, lang: str = "fr", fmt: str = "a4", *, base: str | None = None,
                today: _dt.date | None = None, basemaps=None):
    """(PDF bytes, placed labels of the map) — the labels for the tests."""
    lang = norm_lang(lang)
    fmt = str(fmt).lower()
    if fmt not in FORMATS:
        raise ValueError(f"Format « {fmt} » inconnu : a4 ou a3.")
    styles = paragraph_styles()
    page_w, page_h = FORMATS[fmt]
    big = fmt == "a3"
    filtered = apply_filters(data, f)
    words = filters_in_words(f, data["communes"], lang)
    url = view_url(f, lang, base)
    title = t("print.title", lang)

    buf = io.BytesIO()
    c = pdfcanvas.Canvas(buf, pagesize=(page_w, page_h), pageCompression=1, lang=lang, initialFontName=FONT)
    c.setTitle(f"{title} — {words}")
    c.setAuthor(t("print.org", lang))
    c.setSubject(words)
    # --- header
    c.setFillColor(INK)
    c.setFont(FONT_BOLD, 20 if big else 15)
    top = page_h - MARGIN - (20 if big else 15)
    c.drawString(MARGIN, top, title)
    sub = para(words, styles["h2"].clone("sub", spaceBefore=0, fontSize=13 if big else 10.5,
                                         leading=16 if big else 13))
    side_w = (125 if big else 95) * mm
    _, sub_h = sub.wrap(page_w - 2 * MARGIN, 60)
    sub.drawOn(c, MARGIN, top - 4 - sub_h)
    header_h = (page_h - MARGIN) - (top - 4 - sub_h) + 4
    foot_h = 9 * mm
    map_w = page_w - 2 * MARGIN - side_w - 5 * mm
    map_h = page_h - 2 * MARGIN - header_h - foot_h
    # --- map
    basemap = print_basemap(basemaps)
    drawing, frame, placed, zoom = mapdraw.draw_map(filtered, data["communes"], map_w, map_h, lang,
                                                    basemap=basemap)
    drawing.drawOn(c, MARGIN, MARGIN + foot_h)
    # --- right column
    shown_epci = [code for code in EPCI if code in set(filtered["communes"]["epci"])]
    cell, cellb, small = styles["cell"], styles["cellb"], styles["small"]
    if big:
        cell, cellb = cell.clone("cellbig", fontSize=10, leading=12.5), cellb.clone("cellbbig", fontSize=10,
                                                                                   leading=12.5)
    h2 = styles["h2"].clone("h2print", spaceBefore=2 * mm, spaceAfter=1 * mm, fontSize=11 if big else 10,
                            leading=13 if big else 12)
    story = [Paragraph(t("print.legend", lang), h2.clone("h2first", spaceBefore=0))]
    story.append(_table([[sw, para(label, cell)] for sw, label in legend_entries(f, lang, shown_epci)],
                        [18, side_w - 18]))
    story.append(Paragraph(t("print.indicators", lang), h2))
    rows = indicator_rows(indicator_report(filtered, data), f, lang)
    story.append(_table([[[para(a, cellb), para(p, small)], para(b, cell)] for a, b, p in rows],
                        [side_w * 0.68, side_w * 0.32], lines=True))
    story.append(Paragraph(t("print.sources", lang), h2))
    for layer, text in layer_sources(filtered, f, lang):
        story.append(para(t("print.layer_sources", lang, layer=layer, sources=text), small))
    if placed.dropped:
        story.append(para(t("print.labels_dropped", lang, n=placed.dropped), small))
    qr_size = (34 if big else 26) * mm
    link = Table([[qr(url, qr_size), [para(t("print.link", lang), cellb), Spacer(1, 1 * mm),
                                              url_paragraph(url, small)]]],
                 colWidths=[qr_size + 2 * mm, side_w - qr_size - 2 * mm], hAlign="LEFT")
    link.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             EMBEDDED]))
    side_h = map_h
    body = KeepInFrame(side_w, side_h - qr_size - 4 * mm, story, mode="shrink")
    side_x = page_w - MARGIN - side_w
    _, bh = body.wrapOn(c, side_w, side_h - qr_size - 4 * mm)
    body.drawOn(c, side_x, MARGIN + foot_h + side_h - bh)
    link.wrapOn(c, side_w, qr_size)
    link.drawOn(c, side_x, MARGIN + foot_h)
    # --- foot
    c.setFont(FONT, 7.5 if big else 6.5)
    c.setFillColor(colors.HexColor("#546e7a"))
    if basemap is not None:
        credit = t("print.basemap", lang, name=t(f"basemap.{basemap.key}", lang), attr="© IGN – Géoplateforme",
                   date=basemap.seeded_at[:10])
    else:
        credit = t("print.no_basemap", lang)
    c.drawString(MARGIN, MARGIN + 2, credit)
    c.drawRightString(page_w - MARGIN, MARGIN + 2, f"{t('print.org', lang)} · "
                      f"{t('print.printed', lang, date=today_text(lang, today))}")
    c.showPage()
    c.save()
    return buf.getvalue(), placed
