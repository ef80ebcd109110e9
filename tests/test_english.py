"""English pages show no French interface text (labels, messages, legends, options)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from streamlit.testing.v1 import AppTest

from pma_map.catalogue import LAYERS
from pma_map.i18n import STRINGS


def french_only_fragments() -> set[str]:
    """Literal parts of the French strings that differ from English (long enough to be telling)."""
    out = set()
    values = [(v["fr"], v["en"]) for v in STRINGS.values()]
    values += [(f.label_fr, f.label_en) for spec in LAYERS.values() for f in spec.fields]
    values += [(spec.title_fr, spec.title_en) for spec in LAYERS.values()]
    for fr, en in values:
        if fr == en:
            continue
        for part in re.split(r"\{[^}]*\}", fr):
            part = part.strip(" :;,.·()«»\n")
            if len(part) >= 8 and part not in en:
                out.add(part)
    return out


FRENCH = french_only_fragments()


def texts(at: AppTest) -> list[str]:
    """Every piece of interface text AppTest can see on the page."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error",
                 "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    # Legends are st.html: their text without the tags (script snippets are not interface text).
    out += [re.sub(r"<[^>]+>", " ", e.proto.body) for e in at.get("html") if "<script" not in e.proto.body]
    out += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    out += [str(m.proto.help) for m in at.metric if m.proto.help]
    for kind in ("selectbox", "multiselect", "number_input", "toggle", "radio", "text_input",
                 "checkbox", "button", "slider"):
        for e in getattr(at, kind):
            out.append(str(e.label))
            if getattr(e.proto, "help", ""):
                out.append(str(e.proto.help))
            if getattr(e.proto, "placeholder", ""):
                out.append(str(e.proto.placeholder))
            for option in getattr(e, "options", []) or []:
                out.append(str(option))
    out += [e.label for e in at.expander]
    for df in at.dataframe:
        out += [str(c) for c in df.value.columns] + [str(i) for i in df.value.index]
    return [o.replace("\\", "") for o in out]


def proper_names() -> list[str]:
    """Names of places and features: proper nouns, the same in both languages.

    A feature with an English name (``nom_en``) must show it: its French name is not exempt.
    """
    from pma_map.layers import load_all

    names = []
    for gdf in load_all().values():
        english = gdf["nom_en"] if "nom_en" in gdf.columns else [None] * len(gdf)
        names += [n for n, e in zip(gdf["nom"], english) if not (isinstance(e, str) and e)]
    return sorted(set(map(str, names)), key=len, reverse=True)


NAMES = proper_names()
_PATTERNS = {frag: re.compile(rf"(?<!\w){re.escape(frag)}(?!\w)") for frag in FRENCH}


def french_in(at: AppTest) -> list[tuple[str, str]]:
    found = []
    for text in texts(at):
        text = unicodedata.normalize("NFC", text)  # picker labels are sent decomposed (search.menu_label)
        for name in NAMES:
            text = text.replace(name, " ")
        found += [(frag, text) for frag, pattern in _PATTERNS.items() if pattern.search(text)]
    return found


def test_the_french_fragments_are_found_in_french(app_test):
    """The check is not empty: the French explorer shows many French-only fragments."""
    at = app_test("pages/explorer.py")
    assert len(FRENCH) > 100
    assert len(french_in(at)) > 10


@pytest.mark.parametrize("page, params", [
    ("app.py", {}),
    ("pages/explorer.py", {}),
    ("pages/explorer.py", {"epci": "CALL", "layers": "zones_activite,sites_solaires,acces",
                           "site": "zae-delta3"}),
    ("pages/commune.py", {"commune": "62498"}),
    ("pages/investir.py", {"min_available_ha": "10"}),
    ("pages/investir.py", {"shortlist": "zae-delta3,zae-alouette"}),
    ("pages/visite.py", {}),
    ("pages/visite.py", {"mode": "kiosk"}),
])
def test_english_page_has_no_french_text(page, params, app_test):
    """With lang=en no French label, message, option or column is left on the page."""
    # The explorer's table runs only once opened: open it, its texts are checked too.
    at = app_test(page, lang="en", session={"explorer_table": True}, **params)
    assert not at.exception
    assert french_in(at) == []


def test_english_popups_have_no_french_labels_or_values():
    """Popups in English: field labels, coded values and layer titles are English."""
    from pma_map.layers import load_all
    from pma_map.map import popups
    from pma_map.text import esc

    data = load_all()
    names = dict(zip(data["communes"]["insee"].astype(str), data["communes"]["nom"]))
    found = []
    for layer, gdf in data.items():
        for row in gdf.drop(columns="geometry").to_dict("records"):
            parts = popups.popup_parts(LAYERS[layer], row, "en", names)
            source = f"{esc(row.get('source'))} ({esc(row.get('source_date'))})"
            for text in parts[1:]:
                text = text.replace(source, " ")
                for name in NAMES:
                    text = text.replace(esc(name), " ")
                found += [(frag, layer, text) for frag, p in _PATTERNS.items()
                          if p.search(text.replace("&#x27;", "'"))]
    assert found == []
