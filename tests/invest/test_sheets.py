"""PDF site sheets and handouts, read back: text (pypdf), QR code (pypdfium2 + zxing-cpp).

Also the ``pma-map site-sheet``, ``handout`` and ``find`` commands.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from pma_map import cli
from pma_map.i18n import STRINGS
from pma_map.invest import sheetmap, sheets
from pma_map.invest.finder import ACCESS_KINDS, access_text, site_facts
from pma_map.layers import load_all

BASE_ENV = "https://carte.example.org/pma"
BASE_OPT = "https://atouts.example.net"


# --- helpers -----------------------------------------------------------------------

def norm(text: str) -> str:
    """Whitespace runs (line breaks, no-break spaces of French numbers) as one space."""
    return " ".join(text.split())


def pages_text(pdf: bytes) -> list[str]:
    return [norm(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def qr_codes(pdf: bytes, page: int = 0) -> list[str]:
    image = pdfium.PdfDocument(pdf)[page].render(scale=3).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)
            if r.format == zxingcpp.BarcodeFormat.QRCode]


def found(fragment: str, text: str) -> bool:
    """``fragment`` as whole words of ``text`` ("Industrie" is not in "Parc des Industries")."""
    return re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text) is not None


def french_fragments(prefixes: tuple[str, ...]) -> dict[str, list[str]]:
    """The fixed words of the French strings under ``prefixes`` that English does not share."""
    out = {}
    for key, value in STRINGS.items():
        if not key.startswith(prefixes) or value["fr"] == value["en"]:
            continue
        parts = [p.strip(" :;,.()") for p in re.split(r"\{[^}]*\}", value["fr"])]
        # a French fragment also in the English string (the hub's name given in
        # brackets) is not a French label left behind
        parts = [p for p in parts if len(p) >= 4 and p not in value["en"]]
        if parts:
            out[key] = parts
    return out


@pytest.fixture
def with_published_land(tiny_data):
    """The tiny layers, za-1 with 1 234.6 ha in total (a thousands separator)."""
    zones = tiny_data["zones_activite"].copy()
    zones.loc[zones["id"] == "za-1", "surface_totale_ha"] = 1234.6
    return {**tiny_data, "zones_activite": zones}


# --- contents -------------------------------------------------------------------------

CONTEXT = {
    "fr": ["Investissements industriels depuis 2020 2,5 Md€", "Emplois annoncés à l'horizon 2025 4 000",
           "Lauréats France 2030 des Hauts-de-France sur le territoire 80 sur 200",
           "Source : PMA, Rapport d'activité 2022, 2022"],
    "en": ["Industrial investment since 2020 EUR 2.5 bn", "Jobs announced by 2025 4,000",
           "Hauts-de-France France 2030 winners on the territory 80 of 200",
           "Source: PMA, Rapport d'activité 2022, 2022"],
}
LAND = {
    "fr": ["Surface disponible 12 ha", "Surface totale 1 235 ha"],
    "en": ["Available land 12 ha", "Total area 1,235 ha"],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sheet_reads_back_with_its_facts(with_published_land, lang):
    """Name, commune, land, distances and the sourced context figures are in the PDF, formatted in its language."""
    pdf = sheets.site_sheet(with_published_land, "za-1", lang)
    pages = pages_text(pdf)
    assert len(pages) == 1
    text = pages[0]
    assert "Zone 1" in text and "Bêta" in text
    for expected in LAND[lang] + CONTEXT[lang]:
        assert norm(expected) in text
    match = site_facts(with_published_land, "za-1")
    for kind in ACCESS_KINDS:
        assert norm(access_text(match.distance(kind), lang)) in text
    # the junction is 0.005° of longitude east of the zone's edge: 0.005 × 111.3 × cos(50.415°) ≈ 0.35 km
    assert ("0,4 km (Échangeur test)" if lang == "fr" else "0.4 km (Échangeur test)") in text


@pytest.mark.parametrize("lang, label", [("fr", "Surface disponible non publié"),
                                         ("en", "Available land not published")])
def test_unpublished_land_says_so(tiny_data, lang, label):
    """A null available land reads "non publié" / "not published", never 0."""
    text = pages_text(sheets.site_sheet(tiny_data, "za-2", lang))[0]
    assert label in text
    assert ("Surface totale 50 ha" if lang == "fr" else "Total area 50 ha") in text


def test_sheet_names_the_agglomeration_once():
    """The agglomeration line shows its code and one name, in each language (no repeated name)."""
    data = load_all()
    fr = pages_text(sheets.site_sheet(data, "zae-parc-des-industries", "fr"))[0]
    en = pages_text(sheets.site_sheet(data, "zae-parc-des-industries", "en"))[0]
    assert "CABBALR — CA de Béthune-Bruay, Artois-Lys Romane" in fr
    assert "CABBALR — Béthune-Bruay, Artois-Lys Romane conurbation" in en
    assert "CA de Béthune" not in en
    assert en.count("Béthune-Bruay, Artois-Lys Romane") == 1


def test_english_sheet_has_no_french_labels(tiny_data):
    """No fixed French wording of the sheet strings (sheet.*) is left on an English sheet."""
    fragments = french_fragments(("sheet.",))
    assert len(fragments) > 15
    for zid in ("za-1", "za-2"):
        text = pages_text(sheets.site_sheet(tiny_data, zid, "en"))[0]
        left = {k: [p for p in parts if found(p, text)] for k, parts in fragments.items()}
        assert not {k: v for k, v in left.items() if v}


def test_english_sheets_of_the_bundled_parks_stay_english():
    """On every bundled park, the English sheet has none of the French labels, values or figures."""
    fragments = french_fragments(("sheet.", "access.", "figure.", "value.", "precision.",
                                  "choice.statut.", "vocation."))
    data = load_all()
    for zid, nom in zip(data["zones_activite"]["id"], data["zones_activite"]["nom"]):
        pages = pages_text(sheets.site_sheet(data, zid, "en"))
        assert len(pages) == 1, zid  # a sheet is one page
        text = pages[0].replace(norm(nom), "")  # the park's proper name may be French
        left = {k: [p for p in parts if found(p, text)] for k, parts in fragments.items()}
        assert not {k: v for k, v in left.items() if v}, zid


def test_bundled_sheets_give_the_date_of_land_figures_and_no_builder_notes():
    """Delta 3's sheet gives its 115 ha with the year and source; no builder's note reaches a PDF."""
    data = load_all()
    fr = pages_text(sheets.site_sheet(data, "zae-delta3", "fr"))[0]
    assert "En 2018 : Zone logistique LD" in fr and "115 ha en cours d'aménagement" in fr
    assert "lagazettefrance.fr" in fr
    en = pages_text(sheets.site_sheet(data, "zae-delta3", "en"))[0]
    assert "In 2018: LD logistics zone" in en and "115 ha being developed" in en
    for text in (fr, en):
        assert "tombe à" not in text and "disque" not in text.lower() and "disc " not in text.lower()


def test_french_sheets_of_the_bundled_parks_fit_one_page():
    """Each bundled park's French sheet (longer texts) is one page, with its name and QR code."""
    data = load_all()
    for zid, nom in zip(data["zones_activite"]["id"], data["zones_activite"]["nom"]):
        pdf = sheets.site_sheet(data, zid, "fr")
        pages = pages_text(pdf)
        assert len(pages) == 1 and norm(nom) in pages[0], zid


def test_markup_in_values_is_shown_literally(tiny_data):
    """Values with <b>, & or <br/> are printed as typed (reportlab would parse them as markup)."""
    zones = tiny_data["zones_activite"].copy()
    i = zones.index[zones["id"] == "za-1"][0]
    zones.loc[i, "nom"] = "R&D <b>Park</b>"
    zones.loc[i, "contact"] = "Dupont & Fils <i>direction</i>"
    zones.loc[i, "description"] = "Quais <br/> & voies ferrées <font color='red'>x</font>"
    zones.loc[i, "source"] = "Étude A&B <u>2021</u>"
    communes = tiny_data["communes"].copy()
    communes.loc[communes["insee"] == "62002", "nom"] = "Bêta <strike>&amp;</strike>"
    data = {**tiny_data, "zones_activite": zones, "communes": communes}
    sheet = pages_text(sheets.site_sheet(data, "za-1", "fr"))[0]
    handout = " ".join(pages_text(sheets.handout(data, ["za-1", "za-2"], "fr")))
    for text in (sheet, handout):
        assert "R&D <b>Park</b>" in text
        assert "Dupont & Fils <i>direction</i>" in text
        assert norm("Quais <br/> & voies ferrées <font color='red'>x</font>") in text
        assert "Étude A&B <u>2021</u>" in text
        assert "Bêta <strike>&amp;</strike>" in text


# --- QR code ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_qr_code_links_to_the_site_with_the_configured_base(tiny_data, monkeypatch, lang):
    """The QR code decodes to site_url(id, lang, base) with the base from PMA_MAP_BASE_URL."""
    monkeypatch.setenv("PMA_MAP_BASE_URL", BASE_ENV + "/")
    pdf = sheets.site_sheet(tiny_data, "za-1", lang)
    expected = sheets.site_url("za-1", lang, BASE_ENV)
    assert expected == f"{BASE_ENV}/?lang={lang}&site=za-1"
    assert qr_codes(pdf) == [expected]
    assert expected in "".join(pages_text(pdf)[0].split())  # printed under the code too


def test_qr_code_default_base(tiny_data, monkeypatch):
    """Without configuration the link points at the local app."""
    monkeypatch.delenv("PMA_MAP_BASE_URL", raising=False)
    assert qr_codes(sheets.site_sheet(tiny_data, "za-2", "fr")) == [
        "http://localhost:8501/?lang=fr&site=za-2"]


# --- handout ----------------------------------------------------------------------------

def test_handout_is_a_comparison_then_one_sheet_per_site(tiny_data, monkeypatch):
    """Page 1 compares the sites; then one page per site, each with its own QR link."""
    monkeypatch.setenv("PMA_MAP_BASE_URL", BASE_ENV)
    pdf = sheets.handout(tiny_data, ["za-2", "za-1"], "en")
    pages = pages_text(pdf)
    assert len(pages) == 3
    assert "Sites selected for you" in pages[0] and "Nearest railway station" in pages[0]
    assert pages[0].index("Zone 2") < pages[0].index("Zone 1")  # columns in the order asked
    assert qr_codes(pdf, 0) == []
    for page, zid, name in ((1, "za-2", "Zone 2"), (2, "za-1", "Zone 1")):
        assert name in pages[page] and "Site sheet" in pages[page]
        assert qr_codes(pdf, page) == [sheets.site_url(zid, "en", BASE_ENV)]


def test_handout_of_five_bundled_parks():
    """Five bundled parks: six pages, each sheet on its own page."""
    data = load_all()
    ids = list(data["zones_activite"]["id"][:5])
    pages = pages_text(sheets.handout(data, ids, "fr"))
    assert len(pages) == 6
    for page, zid in zip(pages[1:], ids):
        assert "Fiche site" in page and f"site={zid}" in "".join(page.split())


@pytest.mark.parametrize("ids", [["za-1"], ["za-1", "za-1"], [f"z{i}" for i in range(6)]])
def test_handout_refuses_wrong_sizes(tiny_data, ids):
    """Fewer than 2 or more than 5 sites: a French message saying how many to pick."""
    with pytest.raises(ValueError, match="Une comparaison porte sur 2 à 5 sites"):
        sheets.handout(tiny_data, ids, "fr")


# --- map --------------------------------------------------------------------------------

def test_access_labels_stay_inside_the_map(tiny_data):
    """Every label of the site map lies within the frame; right-half dots are labelled to their left."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    acces = tiny_data["acces"].copy()
    acces.loc[acces["id"] == "ac-port", "nom"] = "Port fluvial au nom très long, quai nord, darse 3"
    data = {**tiny_data, "acces": acces}
    match = site_facts(data, "za-1")
    d = sheetmap.site_map(data, "za-1", match, "fr")
    labels = [s for s in d.contents if isinstance(s, String) and s.fontSize == sheetmap.LABEL_SIZE]
    assert len(labels) == 3
    for s in labels:
        w = stringWidth(s.text, s.fontName, s.fontSize)
        left = s.x - w if s.textAnchor == "end" else s.x
        assert 0 <= left and left + w <= d.width, s.text
        assert 0 <= s.y <= d.height - s.fontSize
    port = next(s for s in labels if s.text.startswith("Port fluvial"))
    assert port.textAnchor == "end"  # the port is east of the zone, in the right half


# --- command line --------------------------------------------------------------------------

def test_cli_site_sheet_writes_the_pdf(tiny_geo_dir, tmp_path, monkeypatch, capsys):
    """pma-map site-sheet writes the same sheet; --base-url wins over PMA_MAP_BASE_URL."""
    monkeypatch.setenv("PMA_MAP_BASE_URL", BASE_ENV)
    out = tmp_path / "out" / "fiche.pdf"
    out.parent.mkdir()
    rc = cli.main(["site-sheet", "za-1", "--lang", "en", "-o", str(out), "--base-url", BASE_OPT + "/"])
    assert rc == 0
    assert str(out) in capsys.readouterr().out
    pdf = out.read_bytes()
    assert "Zone 1" in pages_text(pdf)[0] and "Available land 12 ha" in pages_text(pdf)[0]
    assert qr_codes(pdf) == [sheets.site_url("za-1", "en", BASE_OPT)]
    assert sorted(p.name for p in out.parent.iterdir()) == ["fiche.pdf"]  # no temporary file left


def test_cli_site_sheet_uses_the_environment_base(tiny_geo_dir, tmp_path, monkeypatch):
    """Without --base-url the QR link starts with PMA_MAP_BASE_URL."""
    monkeypatch.setenv("PMA_MAP_BASE_URL", BASE_ENV)
    out = tmp_path / "fiche.pdf"
    assert cli.main(["site-sheet", "za-2", "-o", str(out)]) == 0
    assert qr_codes(out.read_bytes()) == [sheets.site_url("za-2", "fr", BASE_ENV)]


def test_cli_handout(tiny_geo_dir, tmp_path):
    """pma-map handout writes the comparison plus one sheet per site."""
    out = tmp_path / "dossier.pdf"
    assert cli.main(["handout", "za-1", "za-2", "--lang", "fr", "-o", str(out)]) == 0
    pages = pages_text(out.read_bytes())
    assert len(pages) == 3 and "Sites sélectionnés pour vous" in pages[0]


@pytest.mark.parametrize("args, message", [
    (["site-sheet", "nope"], "Zone d'activité inconnue : « nope »"),
    (["handout", "za-1"], "Une comparaison porte sur 2 à 5 sites (1 choisi(s))"),
    (["handout", "za-1", "za-2", "a", "b", "c", "d"], "Une comparaison porte sur 2 à 5 sites (6 choisi(s))"),
    (["handout", "za-1", "nope"], "Zone d'activité inconnue : « nope »"),
    (["site-sheet", "za-1", "--base-url", "carte.example.org"], "Adresse de base invalide (--base-url)"),
])
def test_cli_errors_leave_no_file(tiny_geo_dir, tmp_path, capsys, args, message):
    """Usage errors: French message on stderr, exit 2, the existing output untouched, nothing else written."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "x.pdf"
    out.write_bytes(b"previous")
    assert cli.main([*args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("Erreur : ")
    assert out.read_bytes() == b"previous"
    assert [p.name for p in folder.iterdir()] == ["x.pdf"]


def test_cli_unwritable_output(tiny_geo_dir, tmp_path, capsys):
    """A missing folder, a folder as output or no -o: exit 2 with the fix, nothing written."""
    assert cli.main(["site-sheet", "za-1", "-o", str(tmp_path / "missing" / "x.pdf")]) == 2
    assert "n'existe pas : créez-le" in capsys.readouterr().err
    assert cli.main(["site-sheet", "za-1", "-o", str(tmp_path)]) == 2
    assert "est un dossier : indiquez un nom de fichier" in capsys.readouterr().err
    assert cli.main(["site-sheet", "za-1"]) == 2
    assert "Indiquez le fichier PDF à écrire avec -o" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [tmp_path / "geo"]  # only the fixture's layers


def test_cli_failed_write_removes_the_temporary_file(tiny_geo_dir, tmp_path, monkeypatch, capsys):
    """If the final move fails, the temporary file is removed and exit is 2."""
    def refuse(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    folder = tmp_path / "out"
    folder.mkdir()
    assert cli.main(["site-sheet", "za-1", "-o", str(folder / "x.pdf")]) == 2
    assert "Impossible d'écrire" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_cli_find_json(tiny_geo_dir, capsys):
    """find --json: the criteria and the ranked matches as Match.to_dict(lang)."""
    assert cli.main(["find", "--min-available-ha", "5", "--include-unpublished", "--json",
                     "--lang", "en"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["criteria"]["min_available_ha"] == 5 and out["criteria"]["include_unpublished"]
    assert [(m["id"], m["rank"]) for m in out["matches"]] == [("za-1", 1), ("za-2", 2)]
    assert out["matches"][1]["available_published"] is False
    assert out["matches"][0]["access"]["motorway"]["name"] == "Échangeur test"
    assert "12.0 ha available (minimum asked: 5.0 ha)" in out["matches"][0]["reasons"]


def test_cli_find_text_and_exit_codes(tiny_geo_dir, capsys):
    """find prints a ranked list with reasons; no match is exit 1; a bad value exit 2."""
    assert cli.main(["find", "--vocation", "logistique", "--max-motorway-km", "2,5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 site(s) correspondant(s)")
    assert "n° 1  Zone 1 (za-1)" in out and "Vocation : logistique" in out
    assert "Surface disponible : 12,0 ha" in out and "(maximum 2,5 km)" in out
    assert cli.main(["find", "--min-available-ha", "50"]) == 1
    assert "Aucun site ne correspond" in capsys.readouterr().out
    assert cli.main(["find", "--vocation", "usine"]) == 2
    assert "Vocation inconnue : usine" in capsys.readouterr().err


def test_installed_script_writes_an_english_sheet(tmp_path):
    """The installed pma-map script, on the bundled data: exit 0 and an English sheet with its QR link."""
    script = Path(sys.executable).parent / "pma-map"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMA_MAP_")}
    env["PMA_MAP_DATA_DIR"] = str(tmp_path / "store")
    out = tmp_path / "delta3.pdf"
    run = subprocess.run([str(script), "site-sheet", "zae-delta3", "--lang", "en", "-o", str(out),
                          "--base-url", BASE_OPT], capture_output=True, text=True, env=env,
                         timeout=180)
    assert run.returncode == 0, run.stderr
    pdf = out.read_bytes()
    text = pages_text(pdf)[0]
    assert "Delta 3 (Euralogistic)" in text and "Total area 400 ha" in text
    assert qr_codes(pdf) == [sheets.site_url("zae-delta3", "en", BASE_OPT)]
    bad = subprocess.run([str(script), "handout", "zae-delta3", "-o", str(tmp_path / "h.pdf")],
                         capture_output=True, text=True, env=env, timeout=180)
    assert bad.returncode == 2 and "2 à 5 sites" in bad.stderr
    assert not (tmp_path / "h.pdf").exists()
