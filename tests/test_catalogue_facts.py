"""Every layer fact lives in the catalogue, and what reads it finds fields that exist."""

from __future__ import annotations

from pma_map import catalogue, exports
from pma_map.catalogue import ACCESS_KINDS, ACCESS_TYPES, LAYERS
from pma_map.i18n import STRINGS, t
from pma_map.invest import finder
from pma_map.publish import validation


def test_layer_facts_name_fields_of_their_layer():
    """Id field, key figure, tooltip and popup details of each layer are fields of that layer."""
    for spec in LAYERS.values():
        assert spec.id_field in spec.field_names, spec.name
        assert spec.field(spec.id_field).required and spec.field(spec.id_field).code, spec.name
        if spec.key_figure:
            field, unit = spec.key_figure
            assert spec.field(field).type in ("int", "float"), spec.name
            assert unit in STRINGS, unit
        if spec.tooltip_detail:
            assert spec.tooltip_detail in spec.field_names, spec.name
        for f in spec.fields:
            if f.popup_detail:
                assert f.popup_detail in spec.field_names, (spec.name, f.name)
    assert [s.name for s in LAYERS.values() if s.coverage] == ["communes"]
    assert validation.id_field(LAYERS["communes"]) == "insee"
    assert validation.id_field(LAYERS["parcs"]) == "id"


def test_no_copy_of_the_catalogue_facts():
    """The finder, the table and validation read the catalogue instead of keeping a copy."""
    assert finder.ACCESS_KINDS is catalogue.ACCESS_KINDS
    assert ACCESS_TYPES == ("jonction autoroutière", "gare TGV", "gare", "port fluvial")
    assert set(ACCESS_TYPES) == {v for types in ACCESS_KINDS.values() for v in types}
    assert LAYERS["acces"].field("type").choices == ACCESS_TYPES
    assert not hasattr(exports, "KEY_FIGURE")


def test_popup_rows_follow_the_catalogue():
    """The fields a popup leaves out are marked in the catalogue (names, codes, source, descriptions)."""
    hidden = {f.name for f in LAYERS["parcs"].fields if not f.in_popup}
    assert hidden == {"id", "nom", "insee", "insee_autres", "description", "description_en",
                      "source", "source_date", "precision"}
    assert {f.name for f in LAYERS["communes"].fields if not f.in_popup} == {
        "insee", "nom", "siren", "epci_nom", "epci_siren", "population_annee", "source", "source_date", "precision"}
    assert not LAYERS["acces"].field("nom_en").in_popup


def test_layer_titles_come_from_the_catalogue_through_i18n():
    """One translation system: i18n's layer and field titles are the catalogue's, in both languages."""
    for spec in LAYERS.values():
        for lang in ("fr", "en"):
            assert t(f"layer.{spec.name}", lang) == spec.title(lang)
            for f in spec.fields:
                assert t(f"field.{spec.name}.{f.name}", lang) == f.label(lang)
    assert t("layer.zones_activite", "en") == "Business parks"
