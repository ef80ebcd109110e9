"""A deep link on a freshly started server goes through the router."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_first_request_to_a_page_uses_the_router(cold_server, page, screenshot):
    """The commune page opened first on a new server has the router's navigation and layout."""
    page.goto(cold_server + "/commune?commune=62498", wait_until="domcontentloaded")
    page.get_by_text("Population municipale").first.wait_for(timeout=45_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("Fiche commune").wait_for(timeout=15_000)
    assert nav.get_by_text("Explorer le territoire").count() == 1
    assert page.get_by_text("Français").count() >= 1  # the router's language switch
    screenshot(page, "deep_link_commune")


def test_first_visitor_of_a_new_server_sees_the_map(cold_server, page, map_frame, communes_drawn):
    """The first visitor, arriving as soon as the server answers (while `make run`'s warm-up may
    still run), gets the explorer's map with its 150 communes."""
    page.goto(cold_server + "/", wait_until="commit")
    communes_drawn(map_frame(page), 150)


def test_shared_link_of_the_explorer_opens_without_a_dialog(cold_server, page, map_frame, communes_drawn):
    """The explorer's shared link (at the root: the router's default page) opens its view, with no
    "page not found" dialog, on a server started either way."""
    page.goto(cold_server + "/?epci=CALL&place=62498", wait_until="commit")
    communes_drawn(map_frame(page), 36)
    page.wait_for_timeout(1_500)
    assert page.locator('[role="dialog"]').count() == 0, page.locator('[role="dialog"]').first.inner_text()
