"""Real local receivers for alert tests: an HTTP webhook server and an SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback port nothing listens on (connections to it are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _ReusableServer(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True


class WebhookReceiver:
    """Collects JSON POSTs on 127.0.0.1:port; answers `fail_with` for the first `failures` posts."""

    def __init__(self, port: int | None = None, *, failures: int = 0, fail_with: int = 500):
        self.port = port or free_port()
        self.posts: list[dict[str, Any]] = []
        self.failures = failures
        self.fail_with = fail_with
        self.refused = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def url(self, path: str = "/hook", userinfo: str = "", query: str = "") -> str:
        """The apprise `json://` URL of this receiver."""
        auth = f"{userinfo}@" if userinfo else ""
        return f"json://{auth}127.0.0.1:{self.port}{path}" + (f"?{query}" if query else "")

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if receiver.failures > 0:
                    receiver.failures -= 1
                    receiver.refused += 1
                    self.send_response(receiver.fail_with)
                    self.end_headers()
                    return
                receiver.posts.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = _ReusableServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def messages(self, path: str | None = None) -> list[dict[str, Any]]:
        """Bodies received (apprise JSON: title, message, type), optionally for one path."""
        return [p["json"] for p in self.posts if path is None or p["path"].split("?")[0] == path]


class SmtpReceiver:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) collecting messages."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        receiver = self

        class Handler:
            async def handle_DATA(self, server, session, envelope) -> str:
                receiver.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
                receiver.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
                return "250 OK"

        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def url(self, to: str = "team@example.org") -> str:
        """An apprise `mailto://` URL that delivers to this server without TLS."""
        return f"mailto://127.0.0.1:{self.port}?from=alerts@example.org&to={to}&mode=insecure"

    def __enter__(self) -> SmtpReceiver:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()

    def texts(self) -> list[str]:
        """The plain-text part of every message received."""
        out = []
        for msg in self.messages:
            part = msg.get_body(preferencelist=("plain", "html"))
            out.append(part.get_content() if part is not None else "")
        return out
