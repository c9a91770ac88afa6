"""`kamervragen site OUT --serve`: look at the built site locally, on 127.0.0.1 only.

Python's `http.server`, one thread per request. It serves the path `OUT` (the link that atomic
publish switches, publish/publisher.py), so a request after a rebuild sees the new build.
"""

from __future__ import annotations

from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def site_server(out: Path, port: int = 8000) -> ThreadingHTTPServer:
    """A server for `out` on 127.0.0.1:`port` (0: any free port), bound but not yet serving."""
    return ThreadingHTTPServer((HOST, port), partial(_Quiet, directory=str(out)))


def url_of(server: ThreadingHTTPServer) -> str:
    return f"http://{HOST}:{server.server_address[1]}/"
