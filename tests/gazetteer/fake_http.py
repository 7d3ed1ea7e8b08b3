"""A tiny HTTP server on 127.0.0.1 (http.server in a thread) for download and geocoding tests."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeServer:
    """routes: path -> handler(query: dict, headers) -> (status, body bytes, content_type).
    A handler may return a 4th item "truncate" (announce the full length, send half and close)
    or "slow" (sleep before answering)."""

    def __init__(self, routes: dict):
        self.routes = routes
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                outer.requests.append({"path": parts.path, "query": parse_qs(parts.query),
                                       "user_agent": self.headers.get("User-Agent"), "time": time.monotonic()})
                handler = outer.routes.get(parts.path)
                if handler is None:
                    self.send_error(404)
                    return
                status, body, ctype, *mode = handler(parse_qs(parts.query), self.headers)
                if mode and mode[0] == "slow":
                    time.sleep(3)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if mode and mode[0] == "truncate":
                        self.wfile.write(body[: len(body) // 2])
                        self.wfile.flush()
                        self.close_connection = True
                        return
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
