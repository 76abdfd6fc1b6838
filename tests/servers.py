"""Serving an app on a real loopback socket, for tests that need one."""
from __future__ import annotations

import threading
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def serving(wsgi_app, host="127.0.0.1"):
    """Serve a WSGI app on a free loopback port in a thread, threaded like production
    workers; yields its base URL."""
    server = make_server(host, 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
