"""The public address of links and QR codes: configured, else the visitor's, and local ones flagged."""

from __future__ import annotations

import pytest

from pma_map import config


def test_configured_address_wins_over_the_request():
    """PMA_MAP_BASE_URL is used as is (without its trailing slash), whatever the request says."""
    env = {"PMA_MAP_BASE_URL": "https://carte.example.fr/"}
    assert config.request_base_url({"Host": "10.0.0.5:8501"}, env) == "https://carte.example.fr"


def test_address_from_the_request_headers():
    """Without configuration the link uses the Host the browser used, or the proxy's forwarded host."""
    assert config.request_base_url({"Host": "localhost:8765"}, {}) == "http://localhost:8765"
    assert config.request_base_url({"host": "carte.example.fr", "x-forwarded-proto": "https"},
                                   {}) == "https://carte.example.fr"
    headers = {"Host": "127.0.0.1:8501", "X-Forwarded-Host": "carte.example.fr, proxy.lan",
               "X-Forwarded-Proto": "https", "X-Forwarded-Prefix": "/pma"}
    assert config.request_base_url(headers, {}) == "https://carte.example.fr/pma"


def test_missing_or_odd_host_falls_back_to_the_default():
    """No request, or a Host that is not a host name, gives the default address."""
    assert config.request_base_url(None, {}) == config.DEFAULT_BASE_URL
    assert config.request_base_url({"Host": "evil.example/x?y"}, {}) == config.DEFAULT_BASE_URL
    assert config.request_base_url({"Host": "a.fr", "X-Forwarded-Proto": "javascript"}, {}) == "http://a.fr"


@pytest.mark.parametrize("url", ["http://localhost:8501", "http://127.0.0.1:9000", "http://[::1]:8501",
                                 "http://192.168.1.20:8501", "http://10.2.3.4", "http://172.20.0.2:8501",
                                 "http://pma-server:8501", "http://stand.local", "http://0.0.0.0:8501"])
def test_local_addresses_are_flagged(url):
    """Loopback, private ranges and single-label names cannot be opened by a visitor's phone."""
    assert config.is_local_url(url)


@pytest.mark.parametrize("url", ["https://carte.pole-metropolitain-artois.fr", "http://8.8.8.8:8501",
                                 "https://pma.example.org/carte"])
def test_public_addresses_are_not_flagged(url):
    """A public name or address is not flagged."""
    assert not config.is_local_url(url)


def test_cli_warns_when_qr_codes_point_at_a_local_address(tiny_geo_dir, tmp_path, monkeypatch, capsys):
    """site-sheet and handout say on stderr when the QR code would open localhost; not for a public one."""
    from pma_map import cli

    monkeypatch.delenv("PMA_MAP_BASE_URL", raising=False)
    assert cli.main(["site-sheet", "za-1", "-o", str(tmp_path / "a.pdf")]) == 0
    assert "adresse locale" in capsys.readouterr().err
    assert cli.main(["handout", "za-1", "za-2", "-o", str(tmp_path / "b.pdf"),
                     "--base-url", "http://192.168.0.10:8501"]) == 0
    assert "192.168.0.10" in capsys.readouterr().err
    assert cli.main(["site-sheet", "za-1", "-o", str(tmp_path / "c.pdf"),
                     "--base-url", "https://carte.example.fr"]) == 0
    assert "adresse locale" not in capsys.readouterr().err


def test_kiosk_launcher_gives_no_fixed_localhost_8501_and_warns(monkeypatch, app_test):
    """The tour page warns the staff that the default local address cannot be opened by a phone."""
    monkeypatch.setenv("PMA_MAP_BASE_URL", "http://127.0.0.1:9999")
    at = app_test("pages/visite.py")
    assert not at.exception
    assert any("http://127.0.0.1:9999/?mode=kiosk" in c.value.replace("\\", "") for c in at.caption)
    assert any("adresse locale" in w.value.replace("\\", "") for w in at.warning)
    monkeypatch.setenv("PMA_MAP_BASE_URL", "https://carte.example.fr")
    at = app_test("pages/visite.py")
    assert not at.warning
    assert any("https://carte.example.fr/?mode=kiosk" in c.value.replace("\\", "") for c in at.caption)


def test_investor_page_names_the_qr_address_or_warns(monkeypatch, app_test):
    """The investor page says where its QR codes lead, and warns when that address is local."""
    monkeypatch.setenv("PMA_MAP_BASE_URL", "https://carte.example.fr")
    at = app_test("pages/investir.py")
    assert not at.warning
    assert any("https://carte.example.fr" in c.value.replace("\\", "") for c in at.caption)
    monkeypatch.setenv("PMA_MAP_BASE_URL", "http://192.168.1.5:8501")
    at = app_test("pages/investir.py")
    assert any("192.168.1.5" in w.value.replace("\\", "") for w in at.warning)


def test_app_served_under_a_path_keeps_it_in_links(monkeypatch):
    """With server.baseUrlPath set (app under /carte), links keep the path; a configured base wins."""
    from streamlit import config as st_config

    from pma_map.ui.links import public_base_url

    monkeypatch.delenv("PMA_MAP_BASE_URL", raising=False)
    old = st_config.get_option("server.baseUrlPath")
    st_config.set_option("server.baseUrlPath", "carte")
    try:
        assert public_base_url() == "http://localhost:8501/carte"
        monkeypatch.setenv("PMA_MAP_BASE_URL", "https://carte.example.fr")
        assert public_base_url() == "https://carte.example.fr"
    finally:
        st_config.set_option("server.baseUrlPath", old)
