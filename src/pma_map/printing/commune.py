"""The commune profile ("Fiche commune") for mayors: one A4 page with the
commune's map, its figures with their source and date, its assets by layer,
the town-hall contact, the sources, and a QR code to its page in the app.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Mapping
from urllib.parse import urlencode

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, KeepInFrame, PageTemplate, Spacer, Table, TableStyle

from pma_map import config, population
from pma_map.catalogue import ASSET_LAYERS, EPCI, EPCI_GLOSS_EN, feature_name
from pma_map.filters import ALL_ASSET_LAYERS, Filters, apply_filters
from pma_map.i18n import fmt_num, norm_lang, t
from pma_map.invest.pdf import FONT, grid, para, paragraph_styles, url_paragraph
from pma_map.printing import mapdraw
from pma_map.printing.document import EMBEDDED, layer_sources, print_basemap, qr, today_text
from pma_map.text import is_missing

MARGINS = {"leftMargin": 18 * mm, "rightMargin": 18 * mm, "topMargin": 14 * mm, "bottomMargin": 16 * mm}
WIDTH = A4[0] - 36 * mm
MAP_H = 110 * mm
QR = 28 * mm
NEIGHBOUR_PAD_M = 2500.0


def _embedded(table: Table) -> Table:
    table.setStyle(TableStyle([EMBEDDED]))
    return table


def commune_url(insee: str, lang: str = "fr", base: str | None = None) -> str:
    """The commune's page in the app: ``{base}/commune?commune=62498&lang=en``."""
    base = (base or config.base_url()).rstrip("/")
    query = {"commune": insee, **({"lang": "en"} if norm_lang(lang) == "en" else {})}
    return f"{base}/commune?{urlencode(query)}"


def _commune_row(data: Mapping, insee: str, lang: str) -> dict:
    communes = data["communes"]
    hit = communes[communes["insee"].astype(str) == str(insee)]
    if hit.empty:
        raise ValueError(t("csheet.unknown", lang, code=insee))
    return hit.iloc[0].to_dict()


def _facts(row, name: str, lang: str) -> str:
    """A few published facts of an asset, in words ("Surface totale (ha) : 120 · ...")."""
    parts = []
    if name == "zones_activite":
        for field in ("surface_totale_ha", "surface_disponible_ha"):
            spec = ASSET_LAYERS[name].field(field)
            label = spec.label_fr if lang == "fr" else spec.label_en
            v = row.get(field)
            value = t("csheet.unpublished", lang) if is_missing(v) else fmt_num(v, lang)
            parts.append(f"{label} : {value}" if lang == "fr" else f"{label}: {value}")
    if name == "sites_solaires":
        v = row.get("production_gwh_an")
        if not is_missing(v):
            parts.append(f"{fmt_num(v, lang, 1)} {t('unit.gwh_year', lang)}")
    return " · ".join(parts)


def asset_rows(filtered: Mapping, lang: str) -> list[tuple[str, str]]:
    """(layer title and count, the names of its features with a few facts) for each layer with some."""
    out = []
    for name in ALL_ASSET_LAYERS:
        gdf = filtered.get(name)
        if gdf is None or not len(gdf):
            continue
        items = []
        for _, row in gdf.sort_values("nom").iterrows():
            facts = _facts(row, name, lang)
            items.append(str(feature_name(row, lang)) + (f" ({facts})" if facts else ""))
        out.append((f"{ASSET_LAYERS[name].title(lang)} ({len(gdf)})", " ; ".join(items)))
    return out


def commune_sheet(data: Mapping, insee: str, lang: str = "fr", *, base: str | None = None,
                  today: _dt.date | None = None, basemaps=None) -> bytes:
    """The PDF profile of commune ``insee`` in ``lang``."""
    pdf, _ = render_commune(data, insee, lang, base=base, today=today, basemaps=basemaps)
    return pdf


def render_commune(data: Mapping, insee: str, lang: str = "fr", *, base: str | None = None,
                   today: _dt.date | None = None, basemaps=None):
    """(PDF bytes, placed map labels)."""
    lang = norm_lang(lang)
    insee = str(insee).strip()
    row = _commune_row(data, insee, lang)
    styles = paragraph_styles()
    f = Filters(communes=(insee,), layers=ALL_ASSET_LAYERS)
    filtered = apply_filters(data, f)
    # the map shows the commune and a little of its neighbours, all drawn, the commune outlined
    shown = {**filtered, "communes": data["communes"]}
    bounds = filtered["communes"].to_crs(mapdraw.MERCATOR).total_bounds
    bounds = (bounds[0] - NEIGHBOUR_PAD_M, bounds[1] - NEIGHBOUR_PAD_M, bounds[2] + NEIGHBOUR_PAD_M,
              bounds[3] + NEIGHBOUR_PAD_M)
    drawing, _, placed, _ = mapdraw.draw_map(shown, data["communes"], WIDTH, MAP_H, lang, bounds=bounds,
                                             basemap=print_basemap(basemaps), highlight={insee})
    epci = row["epci"]
    epci_text = f"{epci} — {EPCI_GLOSS_EN[epci] if lang == 'en' else EPCI[epci][0]}"
    pop, area = row.get("population"), row.get("superficie_km2")
    density = pop / area if not is_missing(pop) and not is_missing(area) and area else None
    pop_text = f"{fmt_num(pop, lang)} {t('unit.inhabitants', lang)}"
    since = population.change_text(pop, row.get("population_2017"), lang)
    figures = [
        (population.label(row.get("population_annee"), lang), f"{pop_text} ({since})" if since else pop_text),
        (t("csheet.area", lang), f"{fmt_num(area, lang, 2)} km²"),
        (t("csheet.density", lang), f"{fmt_num(density, lang)} {t('csheet.density_unit', lang)}"),
        (t("csheet.epci", lang), epci_text),
    ]
    contact = []
    for field, key in (("mairie_adresse", "csheet.address"), ("mairie_telephone", "csheet.phone"),
                       ("mairie_email", "csheet.email"), ("mairie_site", "csheet.website")):
        value = row.get(field)
        contact.append((t(key, lang), t("csheet.unpublished", lang) if is_missing(value) or not str(value).strip()
                        else str(value)))
    url = commune_url(insee, lang, base)
    h2 = styles["h2"]
    story = [
        para(f"{t('print.org', lang)} · {t('csheet.title', lang)}", styles["org"]),
        para(row["nom"], styles["title"]),
        drawing,
        Spacer(1, 2 * mm),
    ]
    left = [para(t("csheet.figures", lang), h2.clone("h2a", spaceBefore=0)),
            _embedded(grid(figures, [38 * mm, 72 * mm], styles)),
            para(" ".join(p for p in (population.caption(row, lang),
                                      population.earlier_text(row.get("population_2017"), lang)) if p),
                 styles["small"]),
            para(t("csheet.contact", lang), h2), _embedded(grid(contact, [38 * mm, 72 * mm], styles))]
    right = [qr(url, QR), para(t("csheet.link", lang), styles["small"]), url_paragraph(url, styles["small"])]
    top = Table([[left, right]], colWidths=[WIDTH - QR - 26 * mm, QR + 26 * mm])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), EMBEDDED]))
    story.append(top)
    story.append(para(t("csheet.assets", lang), h2))
    assets = asset_rows(filtered, lang)
    if assets:
        table = Table([[para(a, styles["cellb"]), para(b, styles["cell"])] for a, b in assets],
                      colWidths=[50 * mm, WIDTH - 50 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), EMBEDDED,
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cfd8dc")),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story.append(table)
    else:
        story.append(para(t("csheet.no_assets", lang), styles["body"]))
    story.append(para(t("print.sources", lang), h2))
    with_features = Filters(layers=tuple(n for n in ALL_ASSET_LAYERS if len(filtered[n])))
    for layer, text in layer_sources(filtered, with_features, lang):
        story.append(para(t("print.layer_sources", lang, layer=layer, sources=text), styles["small"]))
    basemap = print_basemap(basemaps)
    credit = (t("print.basemap", lang, name=t(f"basemap.{basemap.key}", lang), attr="© IGN – Géoplateforme",
                date=basemap.seeded_at[:10]) if basemap is not None else t("print.no_basemap", lang))
    story.append(para(credit, styles["small"]))

    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, title=f"{t('csheet.title', lang)} — {row['nom']}",
                          author=t("print.org", lang), lang=lang,
                          initialFontName=FONT, **MARGINS)  # no Helvetica (not embedded) in the file
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    printed = t("print.printed", lang, date=today_text(lang, today))

    def footer(canvas, _doc):
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#78909c"))
        canvas.drawString(MARGINS["leftMargin"], 9 * mm, f"{t('print.org', lang)} · {printed}")
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPage=footer)])
    doc.build([KeepInFrame(doc.width, doc.height, story, mode="shrink")])
    return buf.getvalue(), placed
