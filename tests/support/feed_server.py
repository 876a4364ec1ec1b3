"""A real HTTP server on loopback serving one feed that tests can grow, fail or answer
304 for (it honours If-None-Match), recording the conditional headers it was sent."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ENTRY = """  <entry>
    <title>{title}</title>
    <link href="https://wire.example/{slug}"/>
    <id>https://wire.example/{slug}</id>
    <published>{day}T08:00:00Z</published>
    <content type="html">&lt;p&gt;{body}&lt;/p&gt;</content>
  </entry>
"""


def atom(title: str, entries: list[dict[str, str]]) -> bytes:
    body = "".join(ENTRY.format(**e) for e in entries)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{title}</title>\n  <id>https://wire.example/feed</id>\n"
        f"  <updated>2024-06-01T00:00:00Z</updated>\n{body}</feed>\n"
    ).encode()


class FeedServer:
    def __init__(self) -> None:
        self.body = b""
        self.failing = False
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append({k.lower(): v for k, v in self.headers.items()})
                if server.failing:
                    self.send_response(503)
                    self.end_headers()
                    return
                etag = f'"{hash(server.body) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *_: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/feed.atom"

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
