"""Filters on tiny data."""

import pytest

from pma_map.filters import Filters, apply_filters, commune_codes, communes_for_epci, in_communes


def test_epci_filter_keeps_its_communes_and_their_assets(tiny_data):
    """Picking an agglomeration keeps only its communes and the assets located in them."""
    out = apply_filters(tiny_data, Filters(epci=("CAHC",)))
    assert out["communes"]["insee"].tolist() == ["62003"]
    assert out["zones_activite"]["id"].tolist() == ["za-2"]
    assert out["parcs"].empty


def test_asset_spanning_communes_is_kept_for_each(tiny_data):
    """A feature counts for its main commune and for its other communes."""
    out = apply_filters(tiny_data, Filters(communes=("62001",)))
    assert sorted(out["parcs"]["id"]) == ["parc-a", "parc-ab"]
    assert in_communes(tiny_data["voies_vertes"], ["62002"]).tolist() == [True]


def test_layer_toggle_empties_the_layer(tiny_data):
    """A layer switched off is empty, the others untouched."""
    out = apply_filters(tiny_data, Filters(layers=("parcs",)))
    assert len(out["parcs"]) == 2
    assert out["zones_activite"].empty and out["sites_solaires"].empty


def test_min_available_excludes_unpublished(tiny_data):
    """A minimum of available land keeps zones whose published figure reaches it, not unknown ones."""
    out = apply_filters(tiny_data, Filters(min_available_ha=10))
    assert out["zones_activite"]["id"].tolist() == ["za-1"]
    out = apply_filters(tiny_data, Filters(min_available_ha=13))
    assert out["zones_activite"].empty


def test_vocation_and_solar_status(tiny_data):
    """Vocation filters zones, status filters solar sites."""
    out = apply_filters(tiny_data, Filters(vocations=("industrie",), solar_statuses=("en projet",)))
    assert out["zones_activite"]["id"].tolist() == ["za-2"]
    assert out["sites_solaires"]["id"].tolist() == ["sol-2"]


def test_filters_do_not_mutate_input(tiny_data):
    """Pure functions: the input frames are left as they were."""
    before = {k: v.copy() for k, v in tiny_data.items()}
    apply_filters(tiny_data, Filters(epci=("CALL",), min_available_ha=5))
    for k in before:
        assert before[k].equals(tiny_data[k])


def test_commune_list_limited_to_epci(tiny_data):
    """The commune list offered after picking an agglomeration holds only its communes."""
    assert communes_for_epci(tiny_data["communes"], ["CALL"])["nom"].tolist() == ["Alpha", "Bêta"]
    assert len(communes_for_epci(tiny_data["communes"], [])) == 3


def test_query_round_trip():
    """A filter written to the URL reads back the same."""
    f = Filters(epci=("CALL", "CAHC"), communes=("62498",), layers=("parcs", "zones_activite"),
                vocations=("logistique",), min_available_ha=12.5, solar_statuses=("en service",))
    assert Filters.from_query(f.to_query()) == f
    assert Filters().to_query() == {}
    assert Filters.from_query(Filters(layers=()).to_query()).layers == ()


def test_query_ignores_unknown_values():
    """A stale or hand-edited link still opens: unknown values are dropped."""
    f = Filters.from_query({"epci": "CALL,XXX", "layers": "parcs,<script>", "min_available_ha": "abc",
                            "communes": "62498,../../etc"})
    assert f.epci == ("CALL",) and f.layers == ("parcs",) and f.min_available_ha == 0
    assert f.communes == ("62498",)


def test_invalid_filter_message_is_french():
    """Programmatic misuse gets a French message naming the allowed values."""
    with pytest.raises(ValueError, match="Valeurs possibles"):
        Filters(epci=("LILLE",))
    with pytest.raises(ValueError, match="négative"):
        Filters(min_available_ha=-1)


def test_commune_codes_ignore_missing_others():
    """A feature with no other commune (None or NaN from a file) lists only its own."""
    assert commune_codes({"insee": "62498", "insee_autres": float("nan")}) == ["62498"]
    assert commune_codes({"insee": "62498", "insee_autres": None}) == ["62498"]
    assert commune_codes({"insee": "62498", "insee_autres": "62001; 62002"}) == ["62498", "62001", "62002"]
