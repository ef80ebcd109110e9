"""AppTest: the explorer and the commune page offer "Imprimer cette carte" (and the commune profile)."""

from streamlit.testing.v1 import AppTest


def labels(at: AppTest, kind: str) -> list[str]:
    """Labels of the expanders or download buttons on the page."""
    return [e.label if kind == "expander" else e.proto.label for e in at.get(kind)]


def test_explorer_offers_print_in_french(tmp_path, monkeypatch, app_test):
    """The explorer's print menu: paper sizes and one download, in French."""
    monkeypatch.setenv("PMA_MAP_TILES_DIR", str(tmp_path))
    at = app_test("pages/explorer.py", epci="CALL")
    assert not at.exception
    assert "Imprimer cette carte" in labels(at, "expander")
    assert labels(at, "download_button").count("Télécharger le PDF") == 1
    assert [r.label for r in at.radio if r.key == "explorer_print_format"] == ["Format"]
    assert "Fiche commune (PDF)" not in labels(at, "download_button")


def test_commune_page_offers_map_and_profile_in_english(tmp_path, monkeypatch, app_test):
    """The commune page's menu, in English: the map PDF and the municipality profile."""
    monkeypatch.setenv("PMA_MAP_TILES_DIR", str(tmp_path))
    at = app_test("pages/commune.py", commune="62498", lang="en")
    assert not at.exception
    assert "Print this map" in labels(at, "expander")
    assert set(labels(at, "download_button")) >= {"Download the PDF", "Municipality profile (PDF)"}


def test_explorer_run_imports_no_pdf_code():
    """The PDF code (reportlab, 0.7 s to import) is imported when a PDF is asked for, not by a page run."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = ("import sys\n"
            "from streamlit.testing.v1 import AppTest\n"
            f"at = AppTest.from_file({str(root / 'pages' / 'explorer.py')!r}, default_timeout=120).run()\n"
            "assert not at.exception, at.exception\n"
            "print('reportlab' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"
