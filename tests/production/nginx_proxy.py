"""Debian's nginx in front of a test server, configured with the `location` block that
docs/production.md documents (so the documentation and the test cannot drift apart).

nginx is found at ``NGINX_PATH``, on ``PATH``, at ``/usr/sbin/nginx``, or where ``.ci/run``
unpacks Debian's package (``.ci/cache/nginx/usr/sbin/nginx``, nothing installed on the
machine). It runs in the foreground as one process on a free loopback port, with every
path under the test's own folder, and stops with the test.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from production_helpers import ROOT, free_port

DOCS = ROOT / "docs" / "production.md"
CACHED = ROOT / ".ci" / "cache" / "nginx" / "usr" / "sbin" / "nginx"


def nginx_binary() -> str:
    for candidate in (os.environ.get("NGINX_PATH"), shutil.which("nginx"), "/usr/sbin/nginx",
                      str(CACHED)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("nginx not found: run `bash .ci/run` once (it unpacks Debian's nginx "
                       "into .ci/cache/), `apt-get install nginx`, or set NGINX_PATH")


def documented_location() -> str:
    """The ``location / { ... }`` block of docs/production.md's nginx example."""
    block = re.search(r"```nginx\n(location / \{\n.*?\n\})\n```", DOCS.read_text(), re.DOTALL)
    if block is None:
        raise RuntimeError("docs/production.md has no ```nginx location / { ... } block")
    return block.group(1)


class Nginx:
    def __init__(self, upstream_port: int, folder: Path, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi",
                                                 "cache")}
        self.config = folder / "nginx.conf"
        self.config.write_text(f"""
daemon off;
master_process off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp['body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    proxy_cache_path {temp['cache']} keys_zone=widgets:1m max_size=10m;
    upstream bff_instances {{ server 127.0.0.1:{upstream_port}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{self.port};
{documented_location()}
    }}
}}
""")
        self.process: subprocess.Popen | None = None

    def start(self) -> "Nginx":
        binary = nginx_binary()
        self.process = subprocess.Popen(
            [binary, "-p", str(self.folder), "-c", str(self.config), "-e",
             str(self.folder / "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited:\n" + self.errors())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start:\n" + self.errors())

    def errors(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client_from(address: str) -> requests.Session:
    """A requests session whose connections leave from ``address`` (any 127.x.y.z is this
    machine's loopback on Linux): a distinct client address as nginx sees it."""
    session = requests.Session()
    session.mount("http://", _FromAddress(address))
    return session
