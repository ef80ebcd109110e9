"""A WMTS-like tile server on loopback for the tests: generated PNGs, a request counter."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from PIL import Image


def png(z: int, x: int, y: int) -> bytes:
    """A 256 px tile whose colour depends on its coordinates."""
    img = Image.new("RGB", (256, 256), ((40 * z) % 256, (x * 7) % 256, (y * 13) % 256))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


class TileServer:
    """``url`` is a template with {z}/{x}/{y} in WMTS parameters; ``requests`` lists (z, x, y) asked."""

    def __init__(self, missing=(), not_images=()):
        self.requests: list[tuple[int, int, int]] = []
        self.missing = set(missing)
        self.not_images = set(not_images)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                try:
                    z, y, x = int(q["TILEMATRIX"]), int(q["TILEROW"]), int(q["TILECOL"])
                except (KeyError, ValueError):
                    self.send_error(400)
                    return
                server.requests.append((z, x, y))
                if (z, x, y) in server.missing:
                    self.send_error(404)
                    return
                body = b"<html>Wi-Fi login</html>" if (z, x, y) in server.not_images else png(z, x, y)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = self.httpd.server_address[1]
        self.url = (f"http://127.0.0.1:{port}/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=TEST&TILEMATRIXSET=PM"
                    "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}")
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
