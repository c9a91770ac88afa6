"""The suite's network guard (pytest-socket, `--allow-hosts` in pyproject.toml): loopback only.

Every test talks to local servers (the replay server, a local Prefect server, SMTP and webhook
receivers); none may reach the internet, even by accident through a default URL.
"""

from __future__ import annotations

import socket

import httpx
import pytest
from pytest_socket import SocketConnectBlockedError

from replay.server import ReplayServer


def test_a_non_loopback_connect_is_refused() -> None:
    blocked = pytest.warns(UserWarning, match=r'host "192\.0\.2\.1"')  # the plugin also warns
    with blocked, pytest.raises(SocketConnectBlockedError, match=r"192\.0\.2\.1"):  # TEST-NET-1 (RFC 5737)
        socket.create_connection(("192.0.2.1", 80))
    with blocked, pytest.raises(SocketConnectBlockedError):
        httpx.get("http://192.0.2.1/sru")


def test_loopback_is_allowed() -> None:
    with ReplayServer() as server:
        server.add_file("/ok", b"ok", "text/plain")
        assert httpx.get(f"{server.base_url}/ok").content == b"ok"
