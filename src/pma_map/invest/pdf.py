"""The PDF toolkit of the investor documents: embedded fonts, paragraph styles,
escaped paragraphs, two-column grids and vector QR codes (ReportLab, segno).

No folium, no Streamlit: documents are drawn from geometries and text alone.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Table, TableStyle

from pma_map.catalogue import ZONES_ACTIVITE

FONT, FONT_BOLD = "PmaSans", "PmaSans-Bold"
#: Fonts with the glyphs of French names (œ, É, €, ², curly quotes): DejaVu from
#: the Debian package fonts-dejavu-core when present, else the Bitstream Vera
#: fonts that the reportlab wheel ships (same design, fewer scripts).
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
QR_SIZE = 34 * mm
INK = colors.HexColor("#263238")
#: Headings and the organisation line take the colour of the activity zones.
ACCENT = colors.HexColor(ZONES_ACTIVITE.style["color"])


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


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = font_files()
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))


def paragraph_styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK,
                          alignment=TA_LEFT)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5,
                                textColor=colors.HexColor("#546e7a")),
        "org": ParagraphStyle("org", parent=body, fontSize=9, textColor=ACCENT),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=20, leading=24,
                                spaceAfter=2 * mm),
        "h2": ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=11.5, leading=14,
                             spaceBefore=3 * mm, spaceAfter=1.5 * mm, textColor=ACCENT),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11),
        "cellb": ParagraphStyle("cellb", parent=body, fontName=FONT_BOLD, fontSize=9, leading=11),
        # comparison of 4 or 5 sites: narrow columns, words break at their hyphens
        "cmp": ParagraphStyle("cmp", parent=body, fontSize=7.5, leading=9.5, embeddedHyphenation=1),
        "cmpb": ParagraphStyle("cmpb", parent=body, fontName=FONT_BOLD, fontSize=7.5, leading=9.5,
                               embeddedHyphenation=1),
    }


def para(text, style) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)), style)


def url_paragraph(url: str, style) -> Paragraph:
    """A link on several lines, broken before ``?`` and ``&`` (escaped like every value)."""
    parts = re.split(r"(?=[?&])", url)
    return Paragraph("<br/>".join(escape(part) for part in parts if part), style)


def grid(rows, widths, styles) -> Table:
    table = Table([[para(a, styles["cellb"]), para(b, styles["cell"])] for a, b in rows], colWidths=widths)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cfd8dc")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


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
