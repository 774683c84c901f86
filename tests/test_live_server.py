"""The tests' live server (tests/live.py) leaves nothing to the garbage collector.

A browser that resets its connection once it has a static file (Chromium does, moving on
to the next page) made werkzeug's server skip the response's ``close()``; the open file
was closed by the garbage collector, and its ResourceWarning failed whichever test ran
then (a CI run failed so). Reset connections are made here on purpose, many times.
"""

from __future__ import annotations

import socket
import struct
import sys
import time

RESETS = 20


def get_then_reset(port: int, path: str) -> None:
    """GET ``path``, read the start of the answer, then close with a reset (linger 0)."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_a_reset_connection_leaves_no_open_file(live: str) -> None:
    unraisable: list[str] = []
    previous_hook = sys.unraisablehook
    sys.unraisablehook = lambda event: unraisable.append(repr(event.exc_value))
    try:
        port = int(live.rsplit(":", 1)[1])
        for _ in range(RESETS):
            get_then_reset(port, "/static/img/logo.svg")
        time.sleep(0.5)  # the server's threads finish with each connection
    finally:
        sys.unraisablehook = previous_hook
    assert unraisable == []
