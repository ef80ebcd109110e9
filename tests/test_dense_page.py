"""Dense layers on the explorer page: the table shows its first rows, the search menu leaves
dense layers out (typed text finds them), and the downloads keep every row."""

from __future__ import annotations

from pma_map import search
from pma_map.exports import features_table, head_of_layers
from pma_map.ui import widgets


def test_head_of_layers_cuts_in_catalogue_order(tiny_data):
    """The first ``limit`` assets in all, layer after layer; the total counts every one."""
    head, total = head_of_layers(tiny_data, 3)
    assert total == 2 + 1 + 2 + 2 + 1 + 3  # parcs, voies, zones, solaires, innovation, acces
    assert [len(head[n]) for n in ("parcs", "voies_vertes", "zones_activite", "sites_solaires")] == [2, 1, 0, 0]
    assert len(head["communes"]) == 3  # not an asset layer: untouched
    assert len(features_table(head, tiny_data["communes"])) == 3
    same, total = head_of_layers(tiny_data, 100)
    assert total == 11 and all(len(same[n]) == len(tiny_data[n]) for n in tiny_data)


def test_search_menu_leaves_out_dense_layers(tiny_data, monkeypatch):
    """Above the threshold a layer's features are not listed; communes always are."""
    places = search.places(tiny_data)
    assert search.menu(places, tiny_data) == places
    monkeypatch.setattr(search, "MENU_LAYER_MAX", 2)
    listed = search.menu(places, tiny_data)
    assert {p.layer for p in places} - {p.layer for p in listed} == {"acces"}
    assert sum(p.layer == "communes" for p in listed) == 3


def test_typed_search_finds_by_id_or_words(tiny_data):
    """Typed text: an exact id first, then every word of the name (accents ignored); none says so."""
    places = search.places(tiny_data)
    assert search.resolve(None, places) == (None, 0)
    place, n = search.resolve("ac-gare", places)
    assert (place.key, n) == ("ac-gare", 1)
    place, n = search.resolve("echangeur", places)
    assert (place.name, n) == ("Échangeur test", 1)
    place, n = search.resolve("zone", places)
    assert place.key == "za-1" and n == 2
    assert search.resolve("introuvable", places) == (None, 0)
    listed = places[0]
    assert search.resolve(listed, places) == (listed, 1)


def test_explorer_table_shows_first_rows_and_says_so(monkeypatch, app_test):
    """With more features than the table's limit, the page shows that many rows and a note."""
    monkeypatch.setattr(widgets, "TABLE_MAX_ROWS", 5)
    monkeypatch.setattr(search, "MENU_LAYER_MAX", 5)
    at = app_test("pages/explorer.py", session={"explorer_table": True})
    assert not at.exception
    assert len(at.dataframe[0].value) == 5
    notes = [c.value for c in at.caption if "premières lignes" in c.value]
    assert notes and "5 premières lignes sur 35" in notes[0]
    box = at.selectbox(key="search_place")
    assert box.proto.accept_new_options is True
    assert not any("Chaîne des parcs" in o for o in box.options)  # 12 parks > 5
    assert any(o.startswith("Lens (CALL)") for o in box.options)


def test_explorer_small_layers_keep_the_full_table_and_menu(app_test):
    """On the bundled layers every row and every place is there, and no note."""
    at = app_test("pages/explorer.py", session={"explorer_table": True})
    assert len(at.dataframe[0].value) == 35
    assert not [c.value for c in at.caption if "premières lignes" in c.value]
    assert at.selectbox(key="search_place").proto.accept_new_options is True  # typed "noeux" reaches the server


def test_listed_places_never_build_a_dense_layers_places(tiny_data, monkeypatch):
    """The menu's places are built without the dense layers (a cadastre's 500,000 places took ~8 s of
    the first visit after a publish); typed text still finds a dense layer's feature."""
    monkeypatch.setattr(search, "MENU_LAYER_MAX", 2)
    built = []
    real = search._places
    monkeypatch.setattr(search, "_places", lambda data, lang: built.append(sorted(data)) or real(data, lang))
    listed = search.listed_places(tiny_data)
    assert built == [sorted(set(tiny_data) - {"acces"})]
    assert listed == search.menu(search.places(tiny_data), tiny_data)
    assert "acces" in built[-1]  # places() is what builds them, only when asked
    place, n = search.resolve("echangeur", search.places(tiny_data))
    assert place.layer == "acces" and n == 1


def test_explorer_finds_a_dense_feature_typed_or_linked(monkeypatch, app_test):
    """With the parks above the menu's threshold: typed text and a shared `place=` link still find a park."""
    from pma_map.layers import load_all

    monkeypatch.setattr(search, "MENU_LAYER_MAX", 5)
    at = app_test("pages/explorer.py")
    assert not at.exception
    assert not any("Chaîne des parcs" in o for o in at.selectbox(key="search_place").options)
    park = next(p for p in search.places(load_all()) if p.layer == "parcs")
    typed = app_test("pages/explorer.py", session={"search_place": park.name.lower()})
    assert not typed.exception
    assert typed.query_params.get("place") in ([park.key], park.key)
    linked = app_test("pages/explorer.py", place=park.key)
    assert not linked.exception and linked.session_state["search_place"] == park.key
