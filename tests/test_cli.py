"""The pma-map command line, run as a real subprocess on the bundled data."""

import json
import subprocess
import sys


def pma(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pma_map.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_indicators_json_whole_territory():
    """The whole territory: 150 communes, about 645,000 inhabitants, about 1,000 km²."""
    out = pma("indicators", "--json")
    assert out.returncode == 0, out.stderr
    ind = json.loads(out.stdout)["indicators"]
    assert ind["communes"]["value"] == 150
    assert 640_000 < ind["population"]["value"] < 650_000
    assert 900 < ind["superficie_km2"]["value"] < 1100
    assert ind["foncier_disponible_ha"]["published"][0]["value"] == 317


def test_indicators_for_an_epci_and_a_commune():
    """--epci CALL gives 36 communes; --commune gives one, and they agree with the app's code."""
    call = json.loads(pma("indicators", "--epci", "CALL", "--json").stdout)["indicators"]
    assert call["communes"]["value"] == 36
    lens = json.loads(pma("indicators", "--commune", "62498", "--json").stdout)["indicators"]
    assert lens["communes"]["value"] == 1
    assert lens["population"]["value"] < call["population"]["value"]


def test_unknown_commune_is_a_clear_error():
    """An INSEE code outside the PMA is refused with a French message and exit 2."""
    out = pma("indicators", "--commune", "75056", "--json")
    assert out.returncode == 2
    assert "Code INSEE inconnu" in out.stderr


def test_text_output_in_english():
    """--lang en prints English labels and English number formats."""
    out = pma("indicators", "--lang", "en")
    assert out.returncode == 0
    assert "Municipalities: 150\n" in out.stdout and "inhab." in out.stdout
    assert " : " not in out.stdout  # no French spacing before colons


def test_unpublished_value_has_no_unit(tiny_geo_dir):
    """A value nobody published reads "non publié", never "non publié ha"; an empty selection reads 0."""
    out = pma("indicators", "--commune", "62001")
    assert out.returncode == 0, out.stderr
    assert "Production solaire : non publié\n" in out.stdout
    assert "non publié " not in out.stdout and "Surface totale des zones : 0 ha" in out.stdout


def test_output_cut_short_by_the_reader_is_not_an_error():
    """``pma-map indicators --json | head`` ends quietly, without a traceback."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte: every write fails
    try:
        done = subprocess.run([sys.executable, "-m", "pma_map.cli", "indicators", "--json"],
                              stdout=write_end, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write_end)
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    assert done.returncode == 0
