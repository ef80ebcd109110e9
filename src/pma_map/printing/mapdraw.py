"""The printed map: layers drawn from their geometries in Web Mercator (so that
seeded basemap tiles lie under them exactly), labels that never overlap nor
leave the frame, a scale bar with the scale, a north arrow.

Pure: GeoDataFrames and numbers in, a ReportLab ``Drawing`` out (the tiles are
read from disk by :func:`basemap_image`, at the edge).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

import shapely
from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.pdfbase import pdfmetrics

from pma_map.catalogue import ASSET_LAYERS, EPCI_COLORS, feature_name
from pma_map.invest.pdf import FONT, FONT_BOLD, INK, register_fonts
from pma_map.tiles import grid

MERCATOR = grid.WEB_MERCATOR
PAD = 0.04  # share of the frame left around the communes
LABEL_SIZE = 6.5
LABEL_MAX_CHARS = 40
MAX_LABELS = 80
#: Layers whose features get a name label, most important first.
LABELLED = ("parc_innovation", "zones_activite", "sites_solaires", "parcs", "acces")
DRAW_ORDER = ("parcs", "zones_activite", "voies_vertes", "sites_solaires", "parc_innovation", "acces")
PRINT_DPI = 200


@dataclass
class Frame:
    """The part of the world drawn: Web Mercator box and the drawing size (points)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    height: float

    @property
    def scale(self) -> float:
        """Points per Web Mercator metre."""
        return self.width / (self.x1 - self.x0)

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.scale, (y - self.y0) * self.scale

    @property
    def lat(self) -> float:
        """Latitude of the frame's centre (degrees)."""
        y = (self.y0 + self.y1) / 2
        return math.degrees(2 * math.atan(math.exp(y / 6378137.0)) - math.pi / 2)

    @property
    def ground_m_per_pt(self) -> float:
        """Metres on the ground per point of paper, at the centre (Mercator's scale factor undone)."""
        return math.cos(math.radians(self.lat)) / self.scale

    @property
    def scale_denominator(self) -> int:
        """N of the scale 1:N at the centre, rounded to three significant figures."""
        n = self.ground_m_per_pt * 72 / 0.0254
        digits = max(int(math.floor(math.log10(n))) - 2, 0)
        return int(round(n, -digits))


def fit_frame(bounds, width: float, height: float, pad: float = PAD, min_span_m: float = 3000.0) -> Frame:
    """The frame of ``width`` x ``height`` points showing Web Mercator ``bounds`` whole, centred."""
    minx, miny, maxx, maxy = bounds
    w, h = max(maxx - minx, min_span_m), max(maxy - miny, min_span_m)
    w, h = w * (1 + 2 * pad), h * (1 + 2 * pad)
    if w / h > width / height:
        h = w * height / width
    else:
        w = h * width / height
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return Frame(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, width, height)


class MapDrawing(Drawing):
    """The map's vector drawing, over its basemap when there is one.

    The basemap goes in as one JPEG image XObject (``drawImage``), drawn before
    the shapes: smaller than an inline image of raw pixels, and the shapes,
    lines and names stay vector above it.
    """

    _attrMap = AttrMap(BASE=Drawing, basemap_jpeg=AttrMapValue(None, desc="JPEG bytes of the basemap"))
    basemap_jpeg: bytes | None = None

    def draw(self, *args, **kwargs):
        if self.basemap_jpeg is not None:
            from reportlab.lib.utils import ImageReader

            self.canv.drawImage(ImageReader(io.BytesIO(self.basemap_jpeg)), 0, 0, self.width, self.height)
        super().draw(*args, **kwargs)


@dataclass
class Placed:
    """Where the labels went, for the tests: their boxes (points, in the drawing)."""

    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    dropped: int = 0


def _parts(geom):
    if geom is None or geom.is_empty:
        return []
    return list(getattr(geom, "geoms", [geom]))


def _flat(frame: Frame, coords) -> list[float]:
    out = []
    for x, y in coords:
        px, py = frame.xy(x, y)
        out += [px, py]
    return out


def _color(value, default="#607d8b"):
    return colors.HexColor(value or default)


def _polygon(group: Group, frame: Frame, geom, fill, stroke, width: float, fill_opacity: float = 1.0,
             dash=None) -> None:
    for part in _parts(geom):
        if part.geom_type == "Polygon":
            group.add(Polygon(_flat(frame, part.exterior.coords), fillColor=fill, fillOpacity=fill_opacity,
                              strokeColor=stroke, strokeWidth=width, strokeDashArray=dash))
            for hole in part.interiors:  # drawn over in white: holes are rare (enclaves)
                group.add(Polygon(_flat(frame, hole.coords), fillColor=colors.white, fillOpacity=0.6,
                                  strokeColor=stroke, strokeWidth=width * 0.6))
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            _polygon(group, frame, part, fill, stroke, width, fill_opacity, dash)


def _line(group: Group, frame: Frame, geom, stroke, width: float, dash=None) -> None:
    for part in _parts(geom):
        if part.geom_type == "LineString":
            group.add(PolyLine(_flat(frame, part.coords), strokeColor=stroke, strokeWidth=width,
                               strokeDashArray=dash, strokeLineCap=1, strokeLineJoin=1))
        elif part.geom_type in ("MultiLineString", "GeometryCollection"):
            _line(group, frame, part, stroke, width, dash)


def basemap_image(frame: Frame, info, dpi: int = PRINT_DPI):
    """The seeded tiles under ``frame`` as one PIL image cropped to it, or None.

    The zoom is the one giving about ``dpi`` on paper, capped to the seeded
    zooms; a tile missing on disk leaves a white square (nothing is downloaded).
    """
    from PIL import Image as PILImage

    from pma_map.tiles.local import read_tile

    if info is None:
        return None, None
    want_m_per_px = frame.ground_m_per_pt * 72 / dpi
    z = min(max(grid.zoom_for_resolution(want_m_per_px, frame.lat), info.min_zoom), info.max_zoom)
    x0, y0, x1, y1 = grid.tile_range((frame.x0, frame.y0, frame.x1, frame.y1), z)
    if (x1 - x0 + 1) * (y1 - y0 + 1) > 400:  # a very large print: step down to stay reasonable
        while z > info.min_zoom and (x1 - x0 + 1) * (y1 - y0 + 1) > 400:
            z -= 1
            x0, y0, x1, y1 = grid.tile_range((frame.x0, frame.y0, frame.x1, frame.y1), z)
    px = grid.TILE_PX
    mosaic = PILImage.new("RGB", ((x1 - x0 + 1) * px, (y1 - y0 + 1) * px), "white")
    found = 0
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            data = read_tile(info, z, x, y)
            if data is None:
                continue
            try:
                tile = PILImage.open(io.BytesIO(data)).convert("RGB")
            except OSError:
                continue
            mosaic.paste(tile, ((x - x0) * px, (y - y0) * px))
            found += 1
    if not found:
        return None, None
    size = grid.tile_size_m(z)
    left, top = -grid.ORIGIN + x0 * size, grid.ORIGIN - y0 * size
    m_per_px = size / px
    box = (round((frame.x0 - left) / m_per_px), round((top - frame.y1) / m_per_px),
           round((frame.x1 - left) / m_per_px), round((top - frame.y0) / m_per_px))
    return mosaic.crop(box), z


def nice_km(max_m: float) -> float:
    """The longest 1, 2 or 5 x 10^n metres not over ``max_m``."""
    exp = 10 ** math.floor(math.log10(max_m))
    return max(m for m in (exp, 2 * exp, 5 * exp) if m <= max_m)


def _box_overlaps(box, boxes) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)


def place_label(text: str, x: float, y: float, width: float, height: float, taken: list,
                size: float = LABEL_SIZE, margin: float = 3.0, gap: float = 4.0):
    """A spot for ``text`` next to (x, y): (lx, ly, anchor, box) inside the frame and off
    every box of ``taken``, or None (the label is left out rather than overlap)."""
    w = pdfmetrics.stringWidth(text, FONT, size)
    candidates = []
    for dy in (-size / 3, size * 0.6, -size * 1.3, size * 1.5, -size * 2.3):
        for anchor in ("start", "end"):
            lx = x + gap if anchor == "start" else x - gap
            candidates.append((lx, y + dy, anchor))
    candidates += [(x, y + gap + 1, "middle"), (x, y - gap - size, "middle")]
    for lx, ly, anchor in candidates:
        left = {"start": lx, "end": lx - w, "middle": lx - w / 2}[anchor]
        box = (left - 1, ly - 2, left + w + 1, ly + size)
        if box[0] < margin or box[1] < margin or box[2] > width - margin or box[3] > height - margin:
            continue
        if _box_overlaps(box, taken):
            continue
        return lx, ly, anchor, box
    return None


def draw_map(filtered: dict, all_communes, width: float, height: float, lang: str, *,
             bounds=None, basemap=None, color_by_epci: bool = True, highlight: set | None = None):
    """The map of ``filtered`` (WGS84 layers as :func:`pma_map.filters.apply_filters` gives them).

    ``bounds``: Web Mercator box to show (default: the filtered communes).
    ``basemap``: a :class:`pma_map.tiles.local.Seeded` to draw under the layers, or None.
    ``highlight``: INSEE codes drawn stronger (the commune of a commune sheet).
    Returns (drawing, frame, placed labels, basemap zoom or None).
    """
    register_fonts()
    communes = filtered["communes"].to_crs(MERCATOR)
    every = all_communes.to_crs(MERCATOR)
    if bounds is None:
        bounds = communes.total_bounds if len(communes) else every.total_bounds
    frame = fit_frame(bounds, width, height)
    clip = shapely.box(frame.x0, frame.y0, frame.x1, frame.y1)
    d = MapDrawing(width, height, initialFontName=FONT)
    image, zoom = basemap_image(frame, basemap)
    if image is not None:
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=85, optimize=True)
        d.basemap_jpeg = buf.getvalue()
    else:
        d.add(Rect(0, 0, width, height, fillColor=colors.HexColor("#f5f7f8"), strokeColor=None))
    shapes = Group()
    kept = set(communes["insee"].astype(str))
    fill_opacity = 0.22 if image is not None else 0.35
    for insee, epci, geom in zip(every["insee"].astype(str), every["epci"], every.geometry):
        if not geom.intersects(clip):
            continue
        geom = geom.intersection(clip)
        if insee in kept:
            fill = _color(EPCI_COLORS.get(epci)) if color_by_epci else colors.white
            strong = highlight is not None and insee in highlight
            _polygon(shapes, frame, geom, fill, INK if strong else colors.HexColor("#455a64"),
                     1.6 if strong else 0.4, fill_opacity if not strong else fill_opacity + 0.15)
        else:
            _polygon(shapes, frame, geom, colors.white, colors.HexColor("#b0bec5"), 0.3,
                     0.15 if image is not None else 0.6)
    taken: list = []
    points = []
    for name in DRAW_ORDER:
        gdf = filtered.get(name)
        if gdf is None or not len(gdf):
            continue
        spec = ASSET_LAYERS[name]
        style = spec.style
        g = gdf.to_crs(MERCATOR)
        for geom in g.geometry:
            if geom is None or geom.is_empty or not geom.intersects(clip):
                continue
            if spec.geometry == "Polygon":
                _polygon(shapes, frame, geom.intersection(clip), _color(style.get("fillColor")),
                         _color(style.get("color")), float(style.get("weight", 1)) * 0.6,
                         float(style.get("fillOpacity", 0.45)))
            elif spec.geometry == "LineString":
                dash = [float(v) for v in str(style.get("dashArray", "")).split()] or None
                _line(shapes, frame, geom.intersection(clip), _color(style.get("color")),
                      float(style.get("weight", 2)) * 0.5, dash)
            else:
                p = geom if geom.geom_type == "Point" else geom.representative_point()
                if p.within(clip):
                    points.append((name, *frame.xy(p.x, p.y)))
    d.add(shapes)
    for name, x, y in points:
        style = ASSET_LAYERS[name].style
        r = float(style.get("radius", 7)) * 0.33
        d.add(Circle(x, y, r, fillColor=_color(style.get("fillColor")), strokeColor=_color(style.get("color")),
                     strokeWidth=0.7))
        taken.append((x - r, y - r, x + r, y + r))
    # scale bar (bottom left) and north arrow (top right): kept free of labels
    ground = frame.ground_m_per_pt
    bar_m = nice_km(width * 0.22 * ground)
    bar = bar_m / ground
    label = f"{bar_m / 1000:g} km" if bar_m >= 1000 else f"{bar_m:g} m"
    ratio = t_scale(frame.scale_denominator, lang)
    text_w = max(pdfmetrics.stringWidth(label, FONT, 7), pdfmetrics.stringWidth(ratio, FONT, 7))
    sb = Group()
    sb.add(Rect(4, 4, max(bar, text_w) + 12, 28, fillColor=colors.white, fillOpacity=0.85, strokeColor=None))
    sb.add(Rect(10, 10, bar / 2, 3, fillColor=INK, strokeColor=INK, strokeWidth=0.4))
    sb.add(Rect(10 + bar / 2, 10, bar / 2, 3, fillColor=colors.white, strokeColor=INK, strokeWidth=0.4))
    sb.add(String(10, 16, label, fontName=FONT, fontSize=7, fillColor=INK))
    sb.add(String(10, 24, ratio, fontName=FONT, fontSize=7, fillColor=INK))
    taken.append((0, 0, max(bar, text_w) + 20, 36))
    na = Group()
    nx, ny = width - 16, height - 34
    na.add(Rect(nx - 10, ny - 4, 20, 32, fillColor=colors.white, fillOpacity=0.85, strokeColor=None))
    na.add(Polygon([nx, ny + 16, nx - 5, ny, nx, ny + 4, nx + 5, ny], fillColor=INK, strokeColor=INK,
                   strokeWidth=0.5))
    na.add(String(nx, ny + 19, "N", fontName=FONT_BOLD, fontSize=9, fillColor=INK, textAnchor="middle"))
    taken.append((nx - 12, ny - 6, width, height))
    placed = _labels(d, frame, filtered, clip, lang, taken)
    d.add(sb)
    d.add(na)
    d.add(Rect(0, 0, width, height, fillColor=None, strokeColor=INK, strokeWidth=0.6))
    return d, frame, placed, zoom


def t_scale(denominator: int, lang: str) -> str:
    from pma_map.i18n import fmt_num, t

    return t("print.scale", lang, n=fmt_num(denominator, lang))


def _labels(d: Drawing, frame: Frame, filtered: dict, clip, lang: str, taken: list) -> Placed:
    placed = Placed()
    wanted = []
    for name in LABELLED:
        gdf = filtered.get(name)
        if gdf is None or not len(gdf):
            continue
        g = gdf.to_crs(MERCATOR)
        g = g.assign(_area=g.geometry.area).sort_values("_area", ascending=False)
        for _, row in g.iterrows():
            geom = row.geometry
            if geom is None or geom.is_empty or not geom.intersects(clip):
                continue
            p = geom.intersection(clip).representative_point() if geom.geom_type != "Point" else geom
            text = str(feature_name(row, lang) or "").strip()
            if not text:
                continue
            if len(text) > LABEL_MAX_CHARS:
                text = text[:LABEL_MAX_CHARS - 1].rstrip() + "…"
            wanted.append((text, *frame.xy(p.x, p.y)))
    for text, x, y in wanted[:MAX_LABELS]:
        spot = place_label(text, x, y, frame.width, frame.height, taken)
        if spot is None:
            placed.dropped += 1
            continue
        lx, ly, anchor, box = spot
        taken.append(box)
        placed.boxes.append(box)
        placed.texts.append(text)
        d.add(Rect(box[0], box[1], box[2] - box[0], box[3] - box[1], fillColor=colors.white, fillOpacity=0.8,
                   strokeColor=None, strokeWidth=0))
        d.add(String(lx, ly, text, fontName=FONT, fontSize=LABEL_SIZE, fillColor=INK, textAnchor=anchor))
    placed.dropped += max(len(wanted) - MAX_LABELS, 0)
    return placed
