"""The explorer in headless Chromium: communes drawn, a filter changes map and indicators."""

from __future__ import annotations

import re

import pytest
from conftest import pick_agglomeration, wait_for_communes_metric

pytestmark = pytest.mark.e2e


def metric_value(page, label: str) -> str:
    """The figure of the indicator tile whose label starts with ``label``."""
    tile = page.locator(".pma-indicator").filter(has=page.locator(".pma-ind-label", has_text=label)).first
    return tile.locator(".pma-ind-value").inner_text()


def test_explorer_draws_communes_and_follows_a_filter(streamlit_server, page, traffic, map_frame, communes_drawn,
                                                      screenshot):
    """150 commune polygons are drawn; picking CAHC leaves 14 and the indicator follows, same iframe."""
    page.goto(streamlit_server, wait_until="domcontentloaded")
    frame = map_frame(page)
    communes_drawn(frame, 150)
    assert re.match(r"150\b", metric_value(page, "Communes"))
    frame.evaluate("() => { window.__pma_marker = 'first mount'; }")
    screenshot(page, "explorer_initial")

    pick_agglomeration(page, "CAHC")
    wait_for_communes_metric(page, 14)
    frame = map_frame(page)
    communes_drawn(frame, 14)
    assert frame.evaluate("() => window.__pma_marker") == "first mount", "the map iframe was remounted"
    assert "epci=CAHC" in page.url
    screenshot(page, "explorer_cahc")
    assert traffic.external == [], f"requests left the machine: {traffic.external}"
    assert traffic.local_failures == [], traffic.local_failures


def test_clicking_a_commune_opens_its_details(streamlit_server, page, map_frame, communes_drawn, screenshot,
                                              clicked_popup):
    """A click on a commune opens a popup with its name, agglomeration and source."""
    page.goto(streamlit_server + "/?communes=62498", wait_until="domcontentloaded")
    frame = map_frame(page)
    communes_drawn(frame, 1)
    popup = clicked_popup(page, frame, "62498")
    text = popup.inner_text()
    assert "Lens" in text and "CALL" in text and "IGN ADMIN EXPRESS" in text
    screenshot(page, "explorer_popup")


def _deltas_in_order(page) -> list[str]:
    """The element types the page receives over its websocket, in the order they arrive."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    seen: list[str] = []

    def received(payload) -> None:
        msg = ForwardMsg.FromString(payload.encode("latin-1") if isinstance(payload, str) else payload)
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            seen.append(msg.delta.new_element.WhichOneof("type"))

    page.on("websocket", lambda ws: ws.on("framereceived", received))
    return seen


def test_map_is_sent_before_the_widgets_that_drive_it(streamlit_server, page, map_frame, communes_drawn):
    """The map reaches the browser before the filters and the search box (its frame loads meanwhile),
    and a filter change sends it first again, with the widgets still showing the filter."""
    seen = _deltas_in_order(page)
    page.goto(streamlit_server, wait_until="domcontentloaded")
    frame = map_frame(page)
    communes_drawn(frame, 150)
    first_run = list(seen)
    assert "component_instance" in first_run
    assert first_run.index("component_instance") < first_run.index("multiselect"), first_run
    assert first_run.index("component_instance") < first_run.index("selectbox"), first_run

    seen.clear()
    pick_agglomeration(page, "CAHC")
    wait_for_communes_metric(page, 14)
    communes_drawn(map_frame(page), 14)
    assert seen.index("component_instance") < seen.index("multiselect"), seen
    chip = page.locator('[data-testid="stMultiSelect"]', has_text="Agglomération").first
    assert "CAHC" in chip.inner_text()
