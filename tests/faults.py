"""A TCP proxy on loopback between Baton and the real PostgreSQL server, that can fail on cue.

It forwards bytes both ways and understands just enough of them to misbehave the way networks
and servers do:

- ``lose_next_commit_answer()``: the next COMMIT reaches the server and commits, and its answer
  is dropped with the connection, so the client cannot know whether it committed;
- ``hold_next_commit()``: the next COMMIT is swallowed and the connection left hanging (the
  server never sees it; killing the client then rolls the transaction back);
- ``down()`` / ``up()``: every connection is cut and new ones are refused, then allowed again.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

CHUNK = 65536


class PostgresProxy:
    def __init__(self, server_url: str) -> None:
        parts = urlsplit(server_url)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._server_url = parts
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self._lock = threading.Lock()
        self._mode = "pass"
        self._sockets: list[socket.socket] = []
        self.commits_lost = 0
        self._closed = False
        threading.Thread(target=self._accept, name="pg-proxy", daemon=True).start()

    def url(self, dbname: str) -> str:
        """The URL of ``dbname`` through this proxy (plain TCP, so the bytes can be read)."""
        netloc = f"{self._server_url.username or 'postgres'}@127.0.0.1:{self.port}"
        return urlunsplit(("postgresql", netloc, f"/{dbname}", "sslmode=disable", ""))

    def lose_next_commit_answer(self) -> None:
        self._mode = "lose-commit-answer"

    def hold_next_commit(self) -> None:
        self._mode = "hold-commit"

    def down(self) -> None:
        self._mode = "down"
        with self._lock:
            for sock in self._sockets:
                _close(sock)
            self._sockets.clear()

    def up(self) -> None:
        self._mode = "pass"

    def close(self) -> None:
        self._closed = True
        self.down()
        _close(self.listener)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self._mode == "down":
                _close(client)
                continue
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._sockets += [client, server]
            link = _Link(self, client, server)
            threading.Thread(target=link.client_to_server, daemon=True).start()
            threading.Thread(target=link.server_to_client, daemon=True).start()

    def _take(self, mode: str) -> bool:
        """True (once) if the proxy was armed with ``mode``; it then passes traffic again."""
        with self._lock:
            if self._mode == mode:
                self._mode = "pass"
                return True
            return False


class _Link:
    def __init__(self, proxy: PostgresProxy, client: socket.socket, server: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.server = server
        self.drop_answer = threading.Event()

    def client_to_server(self) -> None:
        while data := _recv(self.client):
            if b"COMMIT" in data:
                if self.proxy._take("hold-commit"):
                    return  # swallowed: the server waits, the client waits
                if self.proxy._take("lose-commit-answer"):
                    self.drop_answer.set()
            if not _send(self.server, data):
                break
        _close(self.server)

    def server_to_client(self) -> None:
        while data := _recv(self.server):
            if self.drop_answer.is_set():
                # The server has answered COMMIT, so it has committed; the client never hears.
                self.proxy.commits_lost += 1
                _close(self.client)
                _close(self.server)
                return
            if not _send(self.client, data):
                break
        _close(self.client)


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(CHUNK)
    except OSError:
        return b""


def _send(sock: socket.socket, data: bytes) -> bool:
    try:
        sock.sendall(data)
    except OSError:
        return False
    return True


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
