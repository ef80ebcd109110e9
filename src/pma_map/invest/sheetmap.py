"""The map of a site sheet, drawn from the geometries alone (no tile download):
the communes around the site, the site, the access points with labels that
never overlap nor leave the frame, a scale bar and a north arrow.
"""

from __future__ import annotations

import shapely
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from pma_map.catalogue import ZONES_ACTIVITE
from pma_map.geo import LAMBERT93
from pma_map.invest.finder import ACCESS_KINDS, Match
from pma_map.invest.pdf import FONT, FONT_BOLD, INK, register_fonts

#: The map is as tall as the page allows, between these two heights, so that a
#: sheet fits on one page.
MAP_W, MAP_H, MAP_MIN_H = 170 * mm, 80 * mm, 45 * mm
MAP_PAD_M = 1500.0
MAP_MIN_SPAN_M = 12_000.0
ZONE_FILL = colors.HexColor(ZONES_ACTIVITE.style["fillColor"])
ZONE_LINE = colors.HexColor(ZONES_ACTIVITE.style["color"])
ACCESS_COLORS = {"motorway": colors.HexColor("#c62828"), "station": colors.HexColor("#1565c0"),
                 "port": colors.HexColor("#00838f")}


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
    register_fonts()
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
    site_names = set(match.communes)
    names = []
    for nom, geom in zip(communes["nom"], communes.geometry):
        if not geom.intersects(frame):
            continue
        clipped = geom.intersection(frame)
        fill = colors.HexColor("#e3e8eb") if nom in site_names else colors.white
        for ring in _rings(clipped):
            d.add(Polygon(xy(ring), fillColor=fill, strokeColor=colors.HexColor("#90a4ae"),
                          strokeWidth=0.4))
        if nom in site_names and clipped.area > 0:
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
            english = row.get("nom_en")  # NaN when missing: truthy, so test the type
            label = english if lang == "en" and isinstance(english, str) and english else row["nom"]
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
