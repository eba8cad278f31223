"""The tests' threaded server closes every response, even one whose client reset the connection.

A browser that drops a static file just after its last byte makes werkzeug's own server skip the
response's ``close()`` (``tests/threaded_server.py`` says why). The file then surfaced as a
``ResourceWarning`` at the teardown of an unrelated browser test. Here the same reset is played
twenty times against werkzeug's server as it is and against ``threaded_server``, side by side.
"""

from __future__ import annotations

import gc
import socket
import struct
import threading
import time
import warnings
from pathlib import Path

import pytest
from flask import Flask, send_file
from werkzeug.serving import make_server

from .threaded_server import threaded_server

pytestmark = pytest.mark.engine_independent

SIZE = 20_000
RESETS = 20


def _file_app(path: Path) -> Flask:
    app = Flask(__name__)
    app.add_url_rule("/file", "file", lambda: send_file(path))
    return app


def _unclosed_files_after_resets(server) -> int:  # noqa: ANN001 - werkzeug's server classes
    """How many served files were left to the garbage collector after ``RESETS`` resets."""
    baseline = threading.active_count()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        try:
            for _ in range(RESETS):
                with socket.create_connection(("127.0.0.1", server.server_port)) as client:
                    client.sendall(b"GET /file HTTP/1.1\r\nHost: test\r\n\r\n")
                    received = b""
                    while len(received) < SIZE:  # headers and the whole body: the last byte
                        chunk = client.recv(65536)
                        assert chunk, "the server closed before the whole file"
                        received += chunk
                    # SO_LINGER 0: close sends a reset, as a browser dropping the download does
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            deadline = time.monotonic() + 10
            while threading.active_count() > baseline + 1 and time.monotonic() < deadline:
                time.sleep(0.02)  # the request threads finish, dropping what they held
        finally:
            server.shutdown()
            thread.join(timeout=5)
            server.server_close()
        gc.collect()
    leaks = [w for w in caught if issubclass(w.category, ResourceWarning)]
    return sum(1 for w in leaks if "unclosed file" in str(w.message))


def test_a_reset_after_the_last_byte_leaves_no_file_open(tmp_path: Path) -> None:
    path = tmp_path / "popper.min.js"
    path.write_bytes(b"x" * SIZE)
    app = _file_app(path)
    plain = _unclosed_files_after_resets(make_server("127.0.0.1", 0, app, threaded=True))
    ours = _unclosed_files_after_resets(threaded_server(app))
    assert plain > 0, "the reset did not reproduce werkzeug's skipped close: this proves nothing"
    assert ours == 0, f"{ours} of {RESETS} files left unclosed (werkzeug alone: {plain})"
