"""PDF site sheets and shortlist handouts for investors, in French or English.

One sheet per business park: name, communes and agglomeration, purpose,
available and total land ("non publié" when null), distances to the access
points, contact, the published context figures of the catalogue with their
source, a map drawn from the geometries alone (no tile download) and a QR
code linking to the site on the map. A handout puts a comparison of 2 to 5
sites first, then their sheets. Rendering only: the facts come from
:mod:`pma_map.finder` and the catalogue.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
from pathlib import Path
from typing import Mapping
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd
import segno
import shapely
from babel.dates import format_date
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from . import config
from .catalogue import (ACCES, CONTEXT_INDICATORS, EPCI_GLOSS_EN, LAYERS, ZONES_ACTIVITE,
                        epci_name, figures_for)
from .finder import ACCESS_KINDS, Match, access_text, check_shortlist, compare, find_sites, site_facts
from .i18n import fmt_num, norm_lang, t
from .mapview import choice_text, precision_text

LAMBERT93 = "EPSG:2154"
FONT, FONT_BOLD = "PmaSans", "PmaSans-Bold"
#: Fonts with the glyphs of French names (œ, É, €, ², curly quotes): DejaVu from
#: the Debian package fonts-dejavu-core when present, else the Bitstream Vera
#: fonts that the reportlab wheel ships (same design, fewer scripts).
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
PAGE_MARGINS = {"leftMargin": 20 * mm, "rightMargin": 20 * mm, "topMargin": 15 * mm,
                "bottomMargin": 16 * mm}
#: Height of the page's frame (no padding: content is 170 mm wide, as the tables).
FRAME_H = A4[1] - PAGE_MARGINS["topMargin"] - PAGE_MARGINS["bottomMargin"]
#: The map is as tall as the page allows, between these two heights, so that a
#: sheet fits on one page.
MAP_W, MAP_H, MAP_MIN_H = 170 * mm, 80 * mm, 45 * mm
MAP_PAD_M = 1500.0
MAP_MIN_SPAN_M = 12_000.0
QR_SIZE = 34 * mm
ZONE_FILL = colors.HexColor(ZONES_ACTIVITE.style["fillColor"])
ZONE_LINE = colors.HexColor(ZONES_ACTIVITE.style["color"])
ACCESS_COLORS = {"motorway": colors.HexColor("#c62828"), "station": colors.HexColor("#1565c0"),
                 "port": colors.HexColor("#00838f")}
INK = colors.HexColor("#263238")


def font_files() -> tuple[Path, Path]:
    """(regular, bold) TTF files embedded in the PDFs."""
    env = os.environ.get("PMA_MAP_FONT_DIR")
    if env and (Path(env) / "DejaVuSans.ttf").exists():
        base = Path(env)
        return base / "DejaVuSans.ttf", base / "DejaVuSans-Bold.ttf"
    if (DEJAVU_DIR / "DejaVuSans.ttf").exists() and (DEJAVU_DIR / "DejaVuSans-Bold.ttf").exists():
        return DEJAVU_DIR / "DejaVuSans.ttf", DEJAVU_DIR / "DejaVuSans-Bold.ttf"
    import reportlab

    fonts = Path(reportlab.__file__).parent / "fonts"
    return fonts / "Vera.ttf", fonts / "VeraBd.ttf"


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = font_files()
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))


def site_url(zone_id: str, lang: str = "fr", base: str | None = None) -> str:
    """Link to a site on the map: ``{base}/?lang=en&site=<id>``."""
    base = (base or config.base_url()).rstrip("/")
    return f"{base}/?{urlencode({'lang': norm_lang(lang), 'site': zone_id})}"


# --- styles -----------------------------------------------------------------

def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK,
                          alignment=TA_LEFT)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5,
                                textColor=colors.HexColor("#546e7a")),
        "org": ParagraphStyle("org", parent=body, fontSize=9, textColor=ZONE_LINE),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=20, leading=24,
                                spaceAfter=2 * mm),
        "h2": ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=11.5, leading=14,
                             spaceBefore=3 * mm, spaceAfter=1.5 * mm, textColor=ZONE_LINE),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11),
        "cellb": ParagraphStyle("cellb", parent=body, fontName=FONT_BOLD, fontSize=9, leading=11),
        # comparison of 4 or 5 sites: narrow columns, words break at their hyphens
        "cmp": ParagraphStyle("cmp", parent=body, fontSize=7.5, leading=9.5, embeddedHyphenation=1),
        "cmpb": ParagraphStyle("cmpb", parent=body, fontName=FONT_BOLD, fontSize=7.5, leading=9.5,
                               embeddedHyphenation=1),
    }


def _p(text, style) -> Paragraph:
    from xml.sax.saxutils import escape

    return Paragraph(escape("" if text is None else str(text)), style)


def _url_paragraph(url: str, style) -> Paragraph:
    """A link on several lines, broken before ``?`` and ``&`` (escaped like every value)."""
    from xml.sax.saxutils import escape

    parts = re.split(r"(?=[?&])", url)
    return Paragraph("<br/>".join(escape(part) for part in parts if part), style)


def _grid(rows, widths, st) -> Table:
    table = Table([[_p(a, st["cellb"]), _p(b, st["cell"])] for a, b in rows], colWidths=widths)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cfd8dc")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


# --- facts ------------------------------------------------------------------

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


# --- map drawing ----------------------------------------------------------------

def _frame_box(zone_geom, points: list, height: float = MAP_H) -> tuple[float, float, float, float]:
    geoms = [zone_geom, *points]
    minx, miny, maxx, maxy = shapely.union_all(geoms).bounds
    minx, miny, maxx, maxy = minx - MAP_PAD_M, miny - MAP_PAD_M, maxx + MAP_PAD_M, maxy + MAP_PAD_M
    w, h = max(maxx - minx, MAP_MIN_SPAN_M), max(maxy - miny, MAP_MIN_SPAN_M * height / MAP_W)
    ratio = MAP_W / height
    if w / h > ratio:
        h = w / ratio
    else:
        w = h * ratio
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _rings(geom):
    if geom.is_empty:
        return []
    parts = getattr(geom, "geoms", [geom])
    out = []
    for part in parts:
        if part.geom_type == "Polygon":
            out.append(list(part.exterior.coords))
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            out.extend(_rings(part))
    return out


def site_map(data, zone_id: str, match: Match, lang: str, height: float = MAP_H) -> Drawing:
    """Communes, the zone and the access points around it, drawn from the geometries."""
    _register_fonts()
    zones = data["zones_activite"].to_crs(LAMBERT93)
    zone = zones[zones["id"].astype(str) == str(zone_id)].geometry.iloc[0]
    acces = data.get("acces")
    acces = acces.to_crs(LAMBERT93) if acces is not None and len(acces) else None
    nearest = []
    nearest_names = {a.name for a in match.access if a.name is not None}
    if acces is not None:
        for a in match.access:
            if a.name is not None:
                hit = acces[acces["nom"] == a.name]
                nearest.extend(hit.geometry.tolist()[:1])
    x0, y0, x1, y1 = _frame_box(zone, nearest, height)
    frame = shapely.box(x0, y0, x1, y1)
    sx = MAP_W / (x1 - x0)

    def xy(coords):
        flat = []
        for x, y in coords:
            flat.extend([(x - x0) * sx, (y - y0) * sx])
        return flat

    d = Drawing(MAP_W, height)
    d.add(Rect(0, 0, MAP_W, height, fillColor=colors.HexColor("#f5f7f8"), strokeColor=INK,
               strokeWidth=0.6))
    # scale bar, north arrow and commune names: kept free of access labels
    km = 5 if (x1 - x0) > 20_000 else 2
    bar = km * 1000 * sx
    taken = [(0, 0, 8 + bar + 4, 24), (MAP_W - 22, height - 32, MAP_W, height)]
    communes = data["communes"].to_crs(LAMBERT93)
    site_codes = set(match.communes)
    names = []
    for nom, geom in zip(communes["nom"], communes.geometry):
        if not geom.intersects(frame):
            continue
        clipped = geom.intersection(frame)
        fill = colors.HexColor("#e3e8eb") if nom in site_codes else colors.white
        for ring in _rings(clipped):
            d.add(Polygon(xy(ring), fillColor=fill, strokeColor=colors.HexColor("#90a4ae"),
                          strokeWidth=0.4))
        if nom in site_codes and clipped.area > 0:
            p = clipped.representative_point()
            cx, cy = (p.x - x0) * sx, (p.y - y0) * sx - 10
            half = pdfmetrics.stringWidth(str(nom), FONT, 7) / 2
            taken.append((cx - half, cy - 2, cx + half, cy + 7))
            names.append(String(cx, cy, str(nom), fontName=FONT, fontSize=7,
                                fillColor=colors.HexColor("#607d8b"), textAnchor="middle"))
    for ring in _rings(zone.intersection(frame)):
        d.add(Polygon(xy(ring), fillColor=ZONE_FILL, fillOpacity=0.6, strokeColor=ZONE_LINE,
                      strokeWidth=1.2, strokeDashArray=[3, 2]))
    for name in names:  # above the zone, which would hide them
        d.add(name)
    if acces is not None:
        dots = []
        for _, row in acces.iterrows():
            if not row.geometry.within(frame):
                continue
            kind = next((k for k, types in ACCESS_KINDS.items() if row["type"] in types), None)
            if kind is None:
                continue
            x, y = (row.geometry.x - x0) * sx, (row.geometry.y - y0) * sx
            label = row.get("nom_en") if lang == "en" and row.get("nom_en") else row["nom"]
            dots.append((str(row["nom"]) not in nearest_names, x, y, kind, str(label)))
        taken += [(x - 3.5, y - 3.5, x + 3.5, y + 3.5) for _, x, y, _, _ in dots]
        # the nearest access points are labelled first, so they get the best places
        for _, x, y, _kind, label in sorted(dots, key=lambda dot: dot[0]):
            _add_label(d, x, y, label, taken)
        for _, x, y, kind, _label in dots:
            d.add(Circle(x, y, 3.2, fillColor=ACCESS_COLORS[kind], strokeColor=colors.white,
                         strokeWidth=0.8))
    d.add(Rect(8, 8, bar, 3, fillColor=INK, strokeColor=INK, strokeWidth=0.3))
    d.add(String(8, 14, f"{km} km", fontName=FONT, fontSize=7, fillColor=INK))
    d.add(String(MAP_W - 12, height - 16, "N", fontName=FONT_BOLD, fontSize=10, fillColor=INK,
                 textAnchor="middle"))
    d.add(Line(MAP_W - 12, height - 28, MAP_W - 12, height - 18, strokeColor=INK, strokeWidth=1.2))
    return d


LABEL_SIZE = 6.5
LABEL_MAX_CHARS = 48
LABEL_GAP = 5.0
LABEL_MARGIN = 3.0


def _label_box(x: float, y: float, width: float, anchor: str) -> tuple[float, float, float, float]:
    left = x - width if anchor == "end" else x
    return left - 1, y - 2, left + width + 1, y + LABEL_SIZE


def _overlaps(box, boxes) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)


def _add_label(d: Drawing, x: float, y: float, label: str, taken: list) -> None:
    """Label the dot at (x, y) inside the frame, avoiding the labels already placed.

    Beside the dot on the side with more room (to the left, anchored at its end,
    when the dot is in the right half of the map), else the other side, then a
    line above or below; always clamped inside the frame.
    """
    if len(label) > LABEL_MAX_CHARS:
        label = label[:LABEL_MAX_CHARS - 1].rstrip() + "…"
    width = pdfmetrics.stringWidth(label, FONT, LABEL_SIZE)
    width = min(width, d.width - 2 * LABEL_MARGIN)
    sides = ("end", "start") if x > d.width / 2 else ("start", "end")
    candidates = []
    for dy in (-2.5, 5.5, -10.5):
        for anchor in sides:
            lx = x - LABEL_GAP if anchor == "end" else x + LABEL_GAP
            # keep the whole label inside the frame
            if anchor == "end":
                lx = min(max(lx, LABEL_MARGIN + width), d.width - LABEL_MARGIN)
            else:
                lx = max(min(lx, d.width - LABEL_MARGIN - width), LABEL_MARGIN)
            ly = min(max(y + dy, LABEL_MARGIN + 2), d.height - LABEL_MARGIN - LABEL_SIZE)
            candidates.append((lx, ly, anchor))
    lx, ly, anchor = next((c for c in candidates
                           if not _overlaps(_label_box(c[0], c[1], width, c[2]), taken)),
                          candidates[0])
    box = _label_box(lx, ly, width, anchor)
    taken.append(box)
    d.add(Rect(box[0], box[1], box[2] - box[0], box[3] - box[1], fillColor=colors.white,
               fillOpacity=0.75, strokeColor=None, strokeWidth=0))
    d.add(String(lx, ly, label, fontName=FONT, fontSize=LABEL_SIZE, fillColor=INK,
                 textAnchor=anchor))


def qr_drawing(url: str, size: float = QR_SIZE) -> Drawing:
    """A QR code holding ``url``, drawn as vector squares (quiet zone of 4 modules)."""
    qr = segno.make(url, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    n = len(matrix)
    border = 4
    module = size / (n + 2 * border)
    d = Drawing(size, size)
    d.add(Rect(0, 0, size, size, fillColor=colors.white, strokeColor=None))
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                d.add(Rect((c + border) * module, size - (r + border + 1) * module, module, module,
                           fillColor=colors.black, strokeColor=None, strokeWidth=0))
    return d


# --- documents ------------------------------------------------------------------

def _sheet_story(data, zone_id: str, lang: str, st, base: str | None = None) -> list:
    match = site_facts(data, zone_id)
    row = _zone_row(data, zone_id)
    url = site_url(zone_id, lang, base)
    story = [
        _p(t("sheet.org", lang) + " · " + t("sheet.title", lang), st["org"]),
        _p(match.nom, st["title"]),
    ]
    epci = epci_line(match.epci, lang)
    contact = row.get("contact") or t("sheet.contact_default", lang)
    facts = [
        (t("sheet.commune", lang), ", ".join(match.communes)),
        (t("sheet.epci", lang), epci),
        (t("sheet.vocation", lang), t(f"vocation.{match.vocation}", lang)),
        (t("sheet.status", lang), _choice("statut", row.get("statut"), lang)),
        (t("sheet.available", lang), _ha(match.available_ha, lang)),
        (t("sheet.total", lang), _ha(match.total_ha, lang)),
        (t("sheet.contact", lang), contact),
    ]
    access = [(t(f"access.{kind}", lang), access_text(match.distance(kind), lang))
              for kind in ACCESS_KINDS]
    qr = Table([[qr_drawing(url)], [_p(t("sheet.qr", lang), st["small"])], [_url_paragraph(url, st["small"])]],
               colWidths=[QR_SIZE + 8 * mm])
    qr.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    left = [_grid(facts, [40 * mm, 88 * mm], st), Spacer(1, 2 * mm),
            _p(t("sheet.access", lang), st["h2"]), _grid(access, [40 * mm, 88 * mm], st)]
    top = Table([[left, qr]], colWidths=[130 * mm, 40 * mm])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(top)
    story.append(_p(t("sheet.map", lang), st["h2"]))
    after = [_p(t("sheet.map_legend", lang), st["small"])]
    desc = _description(row, lang)
    if desc:
        after += [_p(t("sheet.description", lang), st["h2"]), _p(desc, st["body"])]
    context = _context_block(lang, st)
    source = [Spacer(1, 2 * mm),
              _p(t("sheet.source", lang, source=row.get("source"), date=row.get("source_date"),
                   precision=precision_text(row.get("precision") or "", lang)), st["small"])]
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


def _context_block(lang: str, st) -> list:
    rows = [[_p(label, st["cellb"]), _p(value, st["cell"]), _p(source, st["small"])]
            for label, value, source in context_figures(lang)]
    table = Table(rows, colWidths=[70 * mm, 30 * mm, 70 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cfd8dc"))]))
    return [_p(t("sheet.context", lang), st["h2"]), table]


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
    st = _styles()
    story = _sheet_story(data, zone_id, lang, st, base)
    return _build(story, site_facts(data, zone_id).nom, lang)


def handout(data: Mapping[str, gpd.GeoDataFrame], zone_ids, lang: str = "fr",
            base: str | None = None) -> bytes:
    """One PDF: the comparison of 2 to 5 sites, then the sheet of each."""
    lang = norm_lang(lang)
    ids = check_shortlist(zone_ids)
    for zid in ids:
        site_facts(data, zid)  # unknown ids raise a French ValueError
    st = _styles()
    matches = find_sites({**data, "zones_activite": data["zones_activite"][
        data["zones_activite"]["id"].astype(str).isin(ids)]}, _all_criteria())
    table = compare(matches, ids, lang)
    cell, bold = (st["cmp"], st["cmpb"]) if len(ids) > 3 else (st["cell"], st["cellb"])
    header = [""] + [str(c) for c in table.columns]
    rows = [[_p(h, bold) for h in header]]
    for label, values in table.iterrows():
        rows.append([_p(label, bold)] + [_p(v, cell) for v in values])
    width = 170 * mm
    first = 38 * mm if len(ids) <= 3 else 32 * mm
    comp = Table(rows, colWidths=[first] + [(width - first) / len(ids)] * len(ids), repeatRows=1)
    comp.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#cfd8dc")),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3e5f5")),
                              ("LEFTPADDING", (0, 0), (-1, -1), 4),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
    story = [
        _p(t("sheet.org", lang), st["org"]),
        _p(t("sheet.handout_title", lang), st["title"]),
        _p(t("sheet.handout_intro", lang, n=len(ids)), st["body"]),
        Spacer(1, 3 * mm), comp, *_context_block(lang, st),
    ]
    for zid in ids:
        story.append(PageBreak())
        story.extend(_sheet_story(data, zid, lang, st, base))
    return _build(story, t("sheet.handout_title", lang), lang)


def _all_criteria():
    from .finder import Criteria

    return Criteria()


def layer_title(lang: str) -> str:
    return LAYERS[ACCES.name].title(lang)
