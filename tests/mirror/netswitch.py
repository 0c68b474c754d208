"""A TCP relay in front of the live server whose "network" a test switches off: while off, every
connection (the page's and the service worker's alike) is refused and open ones are cut, which
Playwright's set_offline alone does not do for a service worker's own requests."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from collections.abc import Iterator


class NetSwitch:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.online = True
        self.refused = 0  # connections tried while off
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def off(self) -> None:
        with self._lock:
            self.online = False
            for sock in list(self._open):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def on(self) -> None:
        self.online = True

    def close(self) -> None:
        self._stop = True
        self.off()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self.online:
                self.refused += 1
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        sel = selectors.DefaultSelector()
        sel.register(a, selectors.EVENT_READ, b)
        sel.register(b, selectors.EVENT_READ, a)
        try:
            while True:
                for key, _ in sel.select(timeout=1):
                    data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):  # a socket cut by off()
            return
        finally:
            sel.close()
            with self._lock:
                self._open.discard(a)
                self._open.discard(b)
            a.close()
            b.close()


@contextlib.contextmanager
def net_switch(live_url: str) -> Iterator[NetSwitch]:
    host, port = live_url.split("//", 1)[1].rsplit(":", 1)
    switch = NetSwitch(host, int(port))
    try:
        yield switch
    finally:
        switch.close()
