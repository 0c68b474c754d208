"""A throw-away server process for one test (a private redis-server, moto's S3 API): on a free port,
started, waited for, killed -9 and restarted by the test itself, never a shared service."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PrivateServer:
    """Subclasses say how to spawn the process and when it answers; the base owns its lifecycle."""

    port: int
    proc: subprocess.Popen | None = field(default=None, kw_only=True)

    name = "server"
    start_timeout = 15.0
    poll_seconds = 0.1

    def spawn(self) -> subprocess.Popen:
        raise NotImplementedError

    def answers(self) -> bool:
        raise NotImplementedError

    def exited(self) -> str:
        """What to say when the process died while starting (its log, where it keeps one)."""
        return f"{self.name} exited"

    def start(self, timeout: float | None = None) -> None:
        self.proc = self.spawn()
        deadline = time.monotonic() + (timeout or self.start_timeout)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.exited())
            if self.answers():
                return
            time.sleep(self.poll_seconds)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def restart(self) -> None:
        """Kill -9 and start again on the same port: whatever it held in memory is gone."""
        self.stop()
        self.start()


S = TypeVar("S", bound=PrivateServer)


@contextmanager
def running(server: S) -> Iterator[S]:
    server.start()
    try:
        yield server
    finally:
        server.stop()
