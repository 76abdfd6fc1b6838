"""Helpers of the production tests: the BFF under real gunicorn, a dead port, a silent server.

``Gunicorn`` starts ``gunicorn -c gunicorn.conf.py`` (the file operators use) on a free
loopback port and keeps its output, where the JSON logs go.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port() -> int:
    """A loopback port nothing listens on: connections are refused at once."""
    return free_port()


class SilentServer:
    """Accepts TCP connections and never answers: a hung Redis or database."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.connections.append(conn)
            except OSError:
                continue

    def close(self):
        self._stop = True
        self.thread.join(2)
        for conn in self.connections:
            conn.close()
        self.sock.close()


class Gunicorn:
    def __init__(self, env: dict, tmp_path: Path, workers: int = 2, threads: int = 4,
                 name: str = "gunicorn"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("BFF_", "DATABASE_", "REDIS_", "APPRENTISSAGE_"))}
        self.env.update(env)
        self.env.setdefault("BFF_INSTANCE_DIR", str(tmp_path / "instance"))
        self.log_path = tmp_path / f"{name}-{self.port}.log"
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None

    def start(self, wait: bool = True) -> "Gunicorn":
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--threads", str(self.threads)],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n"
                                   + self.output())
            try:
                if requests.get(self.url + "/healthz", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start:\n" + self.output())

    def output(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def json_logs(self) -> list[dict]:
        entries = []
        for line in self.output().splitlines():
            if line.startswith("{"):
                entries.append(json.loads(line))
        return entries

    def worker_pids(self) -> set[int]:
        pids = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.process.pid:
                pids.add(int(entry.name))
        return pids

    def stop(self, graceful: bool = False) -> None:
        """SIGTERM (graceful: in-flight requests finish) or SIGINT (quick, for tests)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM if graceful else signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class TcpProxy:
    """Forwards a loopback port to a real server; ``cut()`` drops every connection and
    refuses new ones (the server "goes down"), ``restore()`` brings it back."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._listener = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        try:
            # Wakes the thread blocked in accept(); close() alone leaves it listening.
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()


def migrate(url: str, production: bool = False) -> str:
    """Apply the migrations, as `flask --app bff db upgrade` does before a deployment
    (workers migrating a fresh database all at once would race); ``production`` as with
    BFF_ENV=production (no localhost origins among the seeded partners)."""
    import sqlalchemy as sa

    from bff.storage import upgrade

    engine = sa.create_engine(url)
    try:
        upgrade(engine, production=production)
    finally:
        engine.dispose()
    return url


def migrated_sqlite(directory: Path) -> str:
    return migrate(f"sqlite:///{directory / 'bff.sqlite3'}")
