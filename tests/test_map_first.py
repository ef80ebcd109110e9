"""The explorer draws its map before the widgets that drive it, from their values read first."""

from __future__ import annotations

import pytest

from pma_map.ui import map as ui_map
from pma_map.ui import state


@pytest.fixture
def drawn_maps(monkeypatch) -> list[dict]:
    """What each run of the explorer gave its map: communes, colour mode, layers with features."""
    calls: list[dict] = []
    real = ui_map.show_map

    def spy(filtered, lang, **kwargs):
        calls.append({"communes": len(filtered["communes"]), "color_mode": kwargs["color_mode"],
                      "layers": sorted(k for k, v in filtered.items() if k != "communes" and len(v)),
                      "marks": len(kwargs.get("extra_groups") or [])})
        return real(filtered, lang, **kwargs)

    monkeypatch.setattr(ui_map, "show_map", spy)
    return calls


def test_map_follows_the_widgets_of_a_shared_link(app_test, drawn_maps):
    """A link with epci, colour mode and place: the map drawn first shows what the widgets then show."""
    at = app_test("pages/explorer.py", epci="CAHC", color="density", place="62498")
    assert not at.exception
    assert at.multiselect(key="f_epci").value == ["CAHC"]
    assert at.radio(key="color_mode").value == "density"
    assert drawn_maps[-1]["communes"] == 14
    assert drawn_maps[-1]["color_mode"] == "density"
    assert drawn_maps[-1]["marks"] == 1  # the searched place's outline
    assert len(drawn_maps) == 1, "the page ran twice: what it read differed from its widgets"


def test_map_follows_each_widget_change(app_test, drawn_maps):
    """Agglomeration, colour mode and a layer switched off: each run's map shows the new choice."""
    at = app_test("pages/explorer.py")
    assert drawn_maps[-1]["communes"] == 150 and "parcs" in drawn_maps[-1]["layers"]
    at.multiselect(key="f_epci").set_value(["CALL"]).run()
    assert drawn_maps[-1]["communes"] == 36
    at.radio(key="color_mode").set_value("density").run()
    assert drawn_maps[-1]["color_mode"] == "density"
    at.toggle(key="f_layer_parcs").set_value(False).run()
    assert "parcs" not in drawn_maps[-1]["layers"]
    at.multiselect(key="f_epci").set_value([]).run()
    assert drawn_maps[-1]["communes"] == 150
    assert not at.exception
    assert len(drawn_maps) == 5


def test_widgets_differing_from_what_was_read_run_the_page_again_once(monkeypatch):
    """A widget returning another value than the one read makes one more run, never a loop."""
    session: dict = {}
    reruns: list[int] = []
    monkeypatch.setattr(state.st, "session_state", session)
    monkeypatch.setattr(state.st, "rerun", lambda: reruns.append(1))
    state.drawn_as_read(("a",), ("a",))
    assert reruns == []
    state.drawn_as_read(("a",), ("b",))
    assert reruns == [1]
    state.drawn_as_read(("a",), ("b",))  # the same difference again: no second rerun
    assert reruns == [1]
    state.drawn_as_read(("b",), ("b",))
    assert session == {}
