"""Place search and pickers as officials type: no accents, no ligatures, spaces for hyphens."""

from __future__ import annotations

import unicodedata

from pma_map import search
from pma_map.search import Place


def _place(name: str, layer: str = "communes", key: str = "1") -> Place:
    return Place(f"{name} (CALL)", layer, key, 50.4, 2.8, 13, name)


def test_fold_ignores_case_accents_ligatures_and_hyphens():
    """"Nœux-les-Mines", "Béthune", "Saint-Venant" fold to what an official types."""
    assert search.fold("Nœux-les-Mines") == search.fold("noeux les mines") == "noeux les mines"
    assert search.fold("BÉTHUNE") == "bethune"
    assert search.fold("Lætitia") == "laetitia"
    assert search.fold("Saint-Laurent-Blangy") == search.fold("saint laurent  blangy")
    assert search.fold("L’Île  d'Aire") == "l ile d aire"


def test_find_matches_without_accents_and_with_spaces():
    """"noeux", "bethune", "saint venant" find the communes written with accents and hyphens."""
    places = [_place("Nœux-les-Mines", key="a"), _place("Béthune", key="b"), _place("Saint-Venant", key="c")]
    assert [p.key for p in search.find("Noeux", places)] == ["a"]
    assert [p.key for p in search.find("bethune", places)] == ["b"]
    assert [p.key for p in search.find("saint venant", places)] == ["c"]
    assert search.find("   ", places) == []


def test_find_puts_the_exact_name_first():
    """"Lens" lists Lens before Loison-sous-Lens and Courcelles-lès-Lens, whatever their order."""
    places = [_place("Courcelles-lès-Lens", key="x"), _place("Loison-sous-Lens", key="y"),
              _place("Lens", key="z"), _place("Lensoir", key="w")]
    assert [p.key for p in search.find("lens", places)] == ["z", "w", "x", "y"]
    assert search.resolve("Lens", places) == (places[2], 4)


def test_best_key_picks_one_commune_exact_first():
    """Typed text in the Commune(s) filter picks one commune: the exact name, not every match."""
    names = {"62001": "Loison-sous-Lens", "62002": "Lens", "62003": "Nœux-les-Mines"}
    assert search.best_key("lens", names) == "62002"
    assert search.best_key("noeux les mines", names) == "62003"
    assert search.best_key("loison", names) == "62001"
    assert search.best_key("62003", names) == "62003"
    assert search.best_key("arras", names) is None
    assert search.best_key("", names) is None


def test_menu_label_lets_the_browser_filter_match_without_accents():
    """The picker's label keeps its look but a lower-case subsequence filter finds "bethune" and "noeux"."""
    label = search.menu_label("Béthune (CABBALR)")
    assert unicodedata.normalize("NFC", label) == "Béthune (CABBALR)"
    assert "bethune" in label.lower().replace("\u0301", "")
    noeux = search.menu_label("Nœux-les-Mines (CABBALR)")
    assert noeux == "Nœux-les-Mines / Noeux-les-Mines (CABBALR)"
    assert search.menu_label("Lens (CALL)") == "Lens (CALL)"


def test_commune_filter_turns_typed_text_into_one_commune(app_test):
    """Typed "noeux" in the Commune(s) filter selects Nœux-les-Mines alone; Enter never bulk-selects."""
    at = app_test("pages/explorer.py")
    box = at.multiselect(key="f_communes")
    assert box.proto.select_all == 0 and at.multiselect(key="f_epci").proto.select_all == 0
    box.set_value(["noeux"]).run()
    assert not at.exception
    assert at.multiselect(key="f_communes").value == ["62617"]


def test_every_filter_picker_selects_one_per_enter(app_test):
    """No multiselect of the explorer or investor pages offers "Select all" / "Select N matches"."""
    for page in ("pages/explorer.py", "pages/investir.py"):
        at = app_test(page)
        for box in at.multiselect:
            assert box.proto.select_all == 0, (page, box.key)
