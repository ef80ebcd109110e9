"""Every page, in French and in English, on a desktop and a phone, in headless Chromium:
no exception on screen and no word of the other language (Streamlit's own widget texts
included). Proper names (communes, agglomerations, sites, the sources' titles) are left
out of the check: they are French on English pages by nature."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pytest

from pma_map.catalogue import BUNDLED_LAYERS, EPCI, EPCI_GLOSS_EN, LAYERS

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]

PAGES = {
    "explorer": "/",
    "commune": "/commune?commune=62498",
    "investir": "/investir",
    "visite": "/visite",
    "agents": "/agents",
    "kiosk": "/?mode=kiosk",
}
MAP_PAGES = {"explorer", "commune", "investir", "kiosk"}
DEVICES = {"desktop": (1366, 900), "phone": (390, 844)}

#: Streamlit's own English texts (widgets, dataframe toolbar, uploader, menus).
STREAMLIT_ENGLISH = (
    "Select all", "No results", "Choose options", "Choose an option", "Upload", "Browse files",
    "Drag and drop", "per file", "Press Enter", "Download as CSV", "Search", "Fullscreen",
    "Show/hide columns", "Clear all", "Running...", "Skip to main content", "Page not found",
    "matches", "Add:", "MB per file",
)
#: English words that never belong on a French page (outside proper names).
ENGLISH_WORDS = re.compile(
    r"\b(the|and|of|with|to|for|from|Download|Select|Choose|Upload|Search|results|Browse|Drag|Limit|"
    r"Press|Enter|submit|file|files|Municipality|Municipalities|Business|Greenways|Published|published|"
    r"Available|available|Layers|Filters|Language|Staff|Invest|Explore|profile|Guided|tour|Sign|Login|"
    r"Password|inhab|Area|Key figures|Controls|Step|Stop)\b")
#: French words that never belong on an English page (outside proper names and quotes).
FRENCH_WORDS = re.compile(
    r"\b(le|la|les|des|du|une|et|avec|pour|dans|sur|aucun|aucune|publié|publiée|Publié|Télécharger|"
    r"Commune|Communes|Agglomération|Agglomérations|Couches|Filtres|Foncier|Sélection|Choisir|"
    r"Rechercher|Fiche|Langue|Entités|Précision|Adresse|Téléphone|Courriel|habitants|hab|Mairie|"
    r"Surface|Lieux|Superficie|Tout|Aucun|résultats|Glissez|Parcourir|Appuyez|Entrée|Limite|"
    r"Chiffres|Contrôles|Étape|Visite|Espace|agents|Identifiant|Mot de passe|Se connecter)\b")

#: Visible text of the page: text nodes and placeholders, icons (ligature names) and scripts left out.
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, [data-testid="stIconMaterial"], [data-testid="stCode"], code')) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || (box.width === 0 && box.height === 0)) continue;
    const text = n.nodeValue.trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll('[placeholder]')) out.push(el.getAttribute('placeholder'));
  return out.join('\\n');
}"""


def _proper_names() -> list[str]:
    """Names that stay French on English pages: places, agglomerations, sites, sources."""
    names = {"Français", "English", "Pôle Métropolitain de l'Artois", "Artois", "Hauts-de-France",
             "Pas-de-Calais", "Louvre-Lens", "Louvre Lens Vallée", "Lens-Liévin", "Béthune-Bruay",
             "Hénin-Carvin", "Artois-Lys Romane"}
    for code, (name, _, _) in EPCI.items():
        names |= {code, name, EPCI_GLOSS_EN[code]}
    for spec in LAYERS.values():
        for fig in spec.figures:
            names.add(fig.source)
    for spec in BUNDLED_LAYERS.values():
        path = REPO / "data" / "geo" / spec.filename
        frame = gpd.read_file(path, engine="pyogrio").drop(columns="geometry")
        for column in ("nom", "nom_en", "source", "disponible_source", "epci_nom", "adresse"):
            if column in frame.columns:
                names |= {str(v) for v in frame[column].dropna()}
    return sorted((n for n in names if n.strip()), key=len, reverse=True)


PROPER_NAMES = _proper_names()
URL = re.compile(r"\bhttps?://\S+")
QUOTED = re.compile(r"«[^»]*»")  # published quotes, kept word for word in French pages


def words_of_other_language(text: str, lang: str) -> list[str]:
    """The other language's words in ``text``, proper names and addresses left out."""
    if lang == "fr":
        found = [s for s in STREAMLIT_ENGLISH if s in text]
    else:
        found = []
    text = URL.sub(" ", text)
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    if lang == "en":
        text = QUOTED.sub(" ", text)
    pattern = ENGLISH_WORDS if lang == "fr" else FRENCH_WORDS
    for line in text.splitlines():
        found += [f"{m.group(0)!r} in {line.strip()[:120]!r}" for m in pattern.finditer(line)]
    return found


def settle(page, lang: str) -> None:
    """Wait until the script has run (status widget gone) and the widget texts are translated."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=60_000)
    page.wait_for_function(f"() => window.__pmaWidgetTexts && window.__pmaWidgetTexts.lang === '{lang}'",
                           timeout=60_000)
    for _ in range(2):  # a rerun (URL written back) may follow the first run
        page.wait_for_timeout(1200)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                               timeout=60_000)


def page_text(page, name: str, map_frame) -> str:
    text = page.evaluate(VISIBLE_TEXT)
    if name in MAP_PAGES:
        frame = map_frame(page)
        text += "\n" + frame.evaluate(VISIBLE_TEXT)
    return text


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_speaks_one_language(streamlit_server, browser, map_frame, screenshot, name, lang, device):
    """The page shows no exception and no word of the other language, Streamlit's texts included."""
    width, height = DEVICES[device]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        path = PAGES[name]
        if lang == "en":
            path += ("&" if "?" in path else "?") + "lang=en"
        page.goto(streamlit_server + path, wait_until="domcontentloaded")
        settle(page, lang)
        text = page_text(page, name, map_frame)
        screenshot(page, f"lang_{name}_{lang}_{device}")
        assert page.locator('[data-testid="stException"]').count() == 0, f"exception on {name} ({lang})"
        found = words_of_other_language(text, lang)
        assert not found, "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dropdown_texts_follow_the_language(streamlit_server, page, screenshot, lang):
    """The agglomeration picker's "No results" is in the page's language (the pickers have no
    "Select all": Enter picks one match), and so is the commune picker's "Add: ..." line."""
    page.goto(streamlit_server + ("/" if lang == "fr" else "/?lang=en"), wait_until="domcontentloaded")
    settle(page, lang)
    label = "Commune(s)" if lang == "fr" else "Municipality(ies)"
    picker = page.locator('[data-testid="stMultiSelect"]', has_text=label).first
    picker.locator("input").click()
    page.keyboard.type("zzqx")
    add = "Ajouter : zzqx" if lang == "fr" else "Add: zzqx"
    page.get_by_text(add, exact=True).wait_for(timeout=15_000)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    label = "Agglomération(s)" if lang == "fr" else "Conurbation(s)"
    picker = page.locator('[data-testid="stMultiSelect"]', has_text=label).first
    picker.locator("input").click()
    page.get_by_text("CABBALR", exact=False).first.wait_for(timeout=15_000)
    page.keyboard.type("zzqx")
    none = "Aucun résultat" if lang == "fr" else "No results"
    page.get_by_text(none, exact=True).wait_for(timeout=15_000)
    screenshot(page, f"lang_dropdown_{lang}")
    found = words_of_other_language(page.evaluate(VISIBLE_TEXT), lang)
    assert not found, "\n".join(found)


def test_table_toolbar_in_french(streamlit_server, page):
    """The table's toolbar (search, CSV download, fullscreen, columns) is labelled in French."""
    page.goto(streamlit_server + "/", wait_until="domcontentloaded")
    settle(page, "fr")
    page.get_by_text("Entités de la sélection").click()  # the table runs once its expander is open
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for(timeout=30_000)
    table.scroll_into_view_if_needed()
    table.hover()
    buttons = page.locator('[data-testid="stElementToolbar"] button')
    buttons.first.wait_for(timeout=15_000)
    labels = buttons.evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    assert "Télécharger en CSV" in labels and "Rechercher" in labels, labels
    assert not [label for label in labels if label in STREAMLIT_ENGLISH], labels


def test_form_hint_in_french(streamlit_server, page, screenshot):
    """Typing in the staff sign-in form shows Streamlit's "Press Enter" hint in French."""
    page.goto(streamlit_server + "/agents", wait_until="domcontentloaded")
    settle(page, "fr")
    page.locator('[data-testid="stTextInput"] input').first.fill("agent")
    page.locator('[data-testid="stTextInput"] input').first.press("a")
    page.get_by_text(re.compile("Appuyez sur Entrée")).first.wait_for(timeout=15_000)
    screenshot(page, "lang_agents_form_fr")
    found = words_of_other_language(page.evaluate(VISIBLE_TEXT), "fr")
    assert not found, "\n".join(found)


def test_file_uploader_in_french(start_streamlit, tmp_path_factory, page, screenshot):
    """The publishing page's file uploader reads "Choisir un fichier", "25 Mo par fichier"."""
    import secrets

    from pma_map.publish import auth

    password = secrets.token_urlsafe(16)
    mp = pytest.MonkeyPatch()
    mp.setenv("PMA_MAP_STAFF_LANGS", auth.hash_password(password))
    mp.setenv("PMA_MAP_E2E_STAFF_DATA", str(tmp_path_factory.mktemp("lang_staff_data")))
    try:
        url = start_streamlit(Path(__file__).parent / "apps" / "staff_lang_app.py")
    finally:
        mp.undo()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_label("Identifiant").fill("langs")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Connecté(e) : langs").wait_for(timeout=30_000)
    page.get_by_role("link", name="Publier une couche").click()
    page.get_by_text("Couche", exact=True).wait_for(timeout=30_000)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Sites solaires").click()
    page.wait_for_timeout(2000)
    screenshot(page, "lang_publish_uploader_fr")
    page.get_by_text("Choisir un fichier").wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"25 Mo par fichier")).first.wait_for(timeout=10_000)
    text = page.evaluate(VISIBLE_TEXT)
    screenshot(page, "lang_publish_uploader_fr")
    found = [s for s in STREAMLIT_ENGLISH if s in text]
    assert not found, found
