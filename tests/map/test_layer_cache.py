"""Caches keyed by layer version: reused across reruns, replaced at once by a published version."""


from shapely.geometry import box

from pma_map.filters import Filters, apply_filters
from pma_map.indicators import compute_indicators
from pma_map.layers import load_all, load_layer
from pma_map.map import overlays, prepare


def map_html(data) -> str:
    m = overlays.full_map(apply_filters(data, Filters()), "fr", all_communes=data["communes"], data=data)
    return m.get_root().render()


def test_rerun_reuses_the_prepared_layer(tiny_geo_dir):
    """Two reruns on the same version share one preparation, filtered or not."""
    data = load_all()
    first = prepare.cached_layer("parcs", data["parcs"], "fr", data["communes"])
    again = load_all()
    assert again["parcs"] is data["parcs"], "the layer file is not read again"
    assert prepare.cached_layer("parcs", again["parcs"], "fr", again["communes"]) is first
    assert prepare.cached_layer("parcs", data["parcs"], "en", data["communes"]) is not first


def test_published_layer_replaces_the_cached_one(tiny_geo_dir, tmp_path, write_version):
    """After a publish the map and the indicators show the new version at once."""
    data = load_all()
    before = map_html(data)
    assert '"Parc A"' in before
    ha_before = compute_indicators(apply_filters(data, Filters()), data)["parcs_ha"]

    parcs = load_layer("parcs").copy()
    parcs.loc[0, "nom"] = "Parc Renommé"
    parcs.loc[0, "geometry"] = box(2.70, 50.40, 2.74, 50.44)
    write_version(tmp_path / "store_root", "parcs", 2, parcs)

    data = load_all()
    after = map_html(data)
    assert "Parc Renomm" in after and '"Parc A"' not in after
    ha_after = compute_indicators(apply_filters(data, Filters()), data)["parcs_ha"]
    assert ha_after > ha_before * 5
    assert ha_after == compute_indicators(apply_filters(data, Filters()))["parcs_ha"]


def test_indicators_from_cached_measures_equal_direct_ones(tiny_data):
    """Summing cached per-feature measures gives the same figures as measuring the filtered frames."""
    for f in (Filters(), Filters(epci=("CALL",)), Filters(communes=("62003",))):
        filtered = apply_filters(tiny_data, f)
        assert compute_indicators(filtered, tiny_data) == compute_indicators(filtered)


def test_frames_not_from_the_reference_are_measured_directly(tiny_data):
    """A frame that is not a filtered copy of the reference layer is measured, never mismatched."""
    parcs = tiny_data["parcs"].copy()
    parcs.loc[1, "geometry"] = box(2.75, 50.40, 2.80, 50.45)  # far larger than the first park
    tiny_data = {**tiny_data, "parcs": parcs}
    shifted = parcs.copy()
    shifted.index = shifted.index + 100
    reindexed = parcs.iloc[[1]].reset_index(drop=True)  # label 0, but the second park
    for frame in (shifted, reindexed):
        assert compute_indicators({"parcs": frame}, tiny_data) == compute_indicators({"parcs": frame})
    prep = prepare.prepare_layer("parcs", parcs, "fr", {})
    assert prep.covers(parcs.iloc[[1]]) and not prep.covers(reindexed)
