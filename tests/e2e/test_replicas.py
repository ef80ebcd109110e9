"""Two replicas of the app sharing one PostGIS, behind Debian's nginx with deploy/nginx/pma-map.conf.

Through the proxy the map draws and a filter change works (websocket upgraded,
one replica per browser); a layer published through one replica's page shows
on the other at its next rerun, without a restart.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
from conftest import pick_agglomeration, wait_for_communes_metric
from servers import app_env, free_port, launch, stop, wait_healthy

from pma_map.layers import read_layer_file
from pma_map.publish import auth, pgstore, pgtemp

pytestmark = [pytest.mark.e2e, pytest.mark.postgis]
REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 120
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_MAIN = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format replica '$request_uri $upstream_addr $cookie_pma_route';
    access_log {prefix}/access.log replica;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/pma-map.conf;
}}
"""


def render_site_conf(ports: list[int], listen: int) -> str:
    """deploy/nginx/pma-map.conf with the replicas' ports and a loopback listen address."""
    text = (REPO / "deploy" / "nginx" / "pma-map.conf").read_text(encoding="utf-8")
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+ .*$", text, flags=re.M)
    assert len(servers) == 2, "the shipped configuration names two replicas"
    for line, port in zip(servers, ports):
        text = text.replace(line, re.sub(r":\d+", f":{port}", line, count=1))
    assert "listen 80;" in text
    return text.replace("listen 80;", f"listen 127.0.0.1:{listen};")


@pytest.fixture(scope="module")
def replicas(pg_cluster, tmp_path_factory):
    """nginx on loopback in front of two replicas sharing one database; yields addresses and staff password."""
    if not Path(NGINX).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true : nginx absent (apt-get install nginx, see .ci/run)")
        pytest.skip("nginx absent : apt-get install nginx (ou bash .ci/run) pour ce test.")
    url = pgtemp.create_database(pg_cluster, f"replicas_{os.getpid()}", template="pma_template")
    pgstore.seed_bundled(url, REPO / "data" / "geo")
    password = secrets.token_urlsafe(16)
    root = tmp_path_factory.mktemp("replicas")
    ports = [free_port(), free_port()]
    procs = []
    for i, port in enumerate(ports):
        env = app_env(PMA_MAP_DATABASE_URL=url, PMA_MAP_DATA_DIR=str(root / f"replica{i}"),
                      PMA_MAP_STAFF_E2E=auth.hash_password(password))
        env.pop("PMA_MAP_GEO_DIR", None)
        procs.append(launch("app.py", port, env, root / f"replica{i}.log"))
    prefix = root / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True)
    os.chmod(prefix, 0o777)
    for sub in prefix.iterdir():
        os.chmod(sub, 0o777)
    listen = free_port()
    (prefix / "pma-map.conf").write_text(render_site_conf(ports, listen), encoding="utf-8")
    (prefix / "nginx.conf").write_text(NGINX_MAIN.format(prefix=prefix), encoding="utf-8")
    nginx = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                             stdout=(prefix / "nginx.out").open("wb"), stderr=subprocess.STDOUT)
    try:
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        proxy = f"http://127.0.0.1:{listen}"
        wait_healthy(bases + [proxy], procs + [nginx],
                     [root / "replica0.log", root / "replica1.log", prefix / "error.log", prefix / "nginx.out"],
                     "the replicas or nginx")
        yield {"proxy": proxy, "replicas": bases, "ports": ports, "password": password, "url": url,
               "log": prefix / "access.log"}
    finally:
        stop(procs + [nginx])
        pgstore.close_pools()


def upstreams(log: Path, route: str | None = None) -> set[str]:
    out = set()
    for line in log.read_text().splitlines():
        parts = line.split(" ")
        if len(parts) >= 3 and parts[1] != "-" and (route is None or parts[2] == route):
            out.add(parts[1])
    return out


def test_map_and_filter_through_nginx_one_replica_per_browser(replicas, page, traffic, map_frame,
                                                              communes_drawn, screenshot):
    """Through nginx: 150 communes drawn, CAHC leaves 14; every request of the browser went to one replica."""
    page.goto(replicas["proxy"], wait_until="domcontentloaded")
    frame = map_frame(page)
    communes_drawn(frame, 150)
    screenshot(page, "replicas_proxy_initial")
    pick_agglomeration(page, "CAHC")
    wait_for_communes_metric(page, 14)
    communes_drawn(map_frame(page), 14)
    screenshot(page, "replicas_proxy_cahc")
    route = next(c["value"] for c in page.context.cookies() if c["name"] == "pma_route")
    assert len(upstreams(replicas["log"], route)) == 1, "a browser's requests were spread over replicas"
    assert traffic.external == [] and traffic.local_failures == [], (traffic.external, traffic.local_failures)
    # New browsers (no cookie yet) are spread over both replicas.
    for _ in range(16):
        urllib.request.urlopen(replicas["proxy"] + "/_stcore/health", timeout=10).read()
    assert upstreams(replicas["log"]) == {f"127.0.0.1:{p}" for p in replicas["ports"]}


def versions_text(page) -> str:
    """The explorer's caption of layer versions (in a closed expander: attached, not visible)."""
    return page.get_by_text("Versions des couches").first.text_content()


def test_publish_on_one_replica_shows_on_the_other(replicas, browser, tmp_path, screenshot):
    """A version published through replica A's page is on replica B's map at its next rerun (no restart)."""
    a, b = replicas["replicas"]
    ctx_b = browser.new_context(viewport={"width": 1366, "height": 900})
    page_b = ctx_b.new_page()
    page_b.goto(b, wait_until="domcontentloaded")
    page_b.get_by_text("Versions des couches").first.wait_for(state="attached", timeout=60_000)
    assert "Sites solaires v1" in versions_text(page_b)

    sites = read_layer_file(REPO / "data" / "geo" / "sites_solaires.geojson").copy()
    sites.loc[sites.index[0], "nom"] = "Site renommé par la réplique A"
    upload = tmp_path / "sites_solaires.geojson"
    sites.to_file(upload, driver="GeoJSON", engine="pyogrio")

    ctx_a = browser.new_context(viewport={"width": 1366, "height": 900})
    page_a = ctx_a.new_page()
    page_a.goto(a + "/agents", wait_until="domcontentloaded")
    page_a.get_by_label("Identifiant").fill("e2e")
    page_a.get_by_label("Mot de passe").fill(replicas["password"])
    page_a.get_by_role("button", name="Se connecter").click()
    page_a.get_by_text("Connecté(e) : e2e").wait_for(timeout=30_000)
    page_a.get_by_role("link", name="Publier une couche").click()
    page_a.get_by_text("Couche", exact=True).wait_for(timeout=30_000)
    page_a.locator('[data-testid="stSelectbox"]').first.click()
    page_a.get_by_role("option", name="Sites solaires").click()
    page_a.locator('input[type="file"]').set_input_files(str(upload))
    page_a.get_by_text("1 modifiée(s)").wait_for(timeout=60_000)
    page_a.get_by_label("Note de version").fill("Publié par la réplique A")
    page_a.get_by_role("button", name="Publier cette version").click()
    page_a.get_by_text("Version 2").first.wait_for(timeout=30_000)
    screenshot(page_a, "replicas_published_on_a")

    # Replica B: its next rerun (a filter change) shows version 2, without reload or restart.
    pick_agglomeration(page_b, "CALL")
    page_b.wait_for_function(
        "() => document.body.textContent.includes('Sites solaires v2')", timeout=45_000)
    screenshot(page_b, "replicas_b_sees_v2")
    ctx_a.close()
    ctx_b.close()


def test_english_phone_through_nginx(replicas, browser, map_frame, communes_drawn, screenshot):
    """On a phone (390x844), in English, through the proxy: the map draws its 150 communes."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(replicas["proxy"] + "/?lang=en", wait_until="domcontentloaded")
    communes_drawn(map_frame(page), 150)
    page.get_by_text("The territory's assets").first.wait_for(timeout=30_000)
    screenshot(page, "replicas_proxy_phone_en")
    ctx.close()


def test_sign_in_through_nginx_counts_the_browser_address(replicas, page):
    """A failed sign-in through nginx is recorded with the browser's address from X-Forwarded-For, not
    as "unknown" (every visitor behind the proxy shared one address, so one outsider could block all)."""
    before = len(pgstore.audit_read(replicas["url"], "signin_failed"))
    page.goto(replicas["proxy"] + "/agents", wait_until="domcontentloaded")
    page.get_by_label("Identifiant").fill("e2e")
    page.get_by_label("Mot de passe").fill("not-the-password")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Identifiant ou mot de passe incorrect").first.wait_for(timeout=30_000)
    events = pgstore.audit_read(replicas["url"], "signin_failed")[before:]
    assert [e.get("address") for e in events] == ["127.0.0.1"], events


def test_scripts_come_compressed_through_nginx(replicas):
    """Streamlit's page, its largest scripts and the map's Leaflet arrive gzip-compressed through nginx."""
    import gzip
    import re

    def get(path: str):
        req = urllib.request.Request(replicas["proxy"] + path, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            encoding, body = resp.headers.get("Content-Encoding"), resp.read()
        return encoding, gzip.decompress(body) if encoding == "gzip" else body

    encoding, index = get("/")
    assert encoding == "gzip"
    scripts = re.findall(rb'src="\.?/?(static/js/[^"]+\.js)"', index)
    assert scripts, index[:500]
    for path in [s.decode() for s in scripts] + ["app/static/vendor/leaflet/dist/leaflet.js"]:
        encoding, body = get("/" + path)
        assert encoding == "gzip", f"{path} came uncompressed ({len(body)} bytes)"
