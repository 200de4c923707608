"""`extractor serve` started as a real process on a free loopback port, for tests and the benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

#: Seconds a server may take to have every worker ready (the model loads once per worker; slow on a busy machine).
READY_SECONDS = 600.0


def free_port() -> int:
    """A port nothing listens on now, on the loopback address."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveServer:
    process: subprocess.Popen[bytes]
    url: str
    token: str | None
    log: Path

    def client(self, token: str | None = "") -> httpx.Client:
        """A client of this server; with the server's token unless another (None: none) is given."""
        token = self.token if token == "" else token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=httpx.Timeout(300.0),
                            limits=httpx.Limits(max_connections=32))

    def status(self) -> dict:
        return httpx.get(f"{self.url}/readyz", timeout=30).json()

    def wait_until(self, check: Callable[[dict], bool], what: str, seconds: float = READY_SECONDS) -> dict:
        """Poll /readyz until ``check(status)`` holds; fail with the server's log after ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited ({self.process.returncode}): {self.tail()}")
            try:
                status = self.status()
            except httpx.HTTPError:
                status = None
            if status is not None and check(status):
                return status
            time.sleep(0.2)
        raise AssertionError(f"the server never got {what}: {self.tail()}")

    def wait_ready(self) -> dict:
        return self.wait_until(lambda s: all(w["ready"] for w in s["workers"]), "all its workers ready")

    def tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def launch(folder: Path, *options: str, token: str | None = None,
           environment: dict[str, str] | None = None) -> LiveServer:
    """Start `extractor serve` on a free port with ``options``; return at once (see ``LiveServer.wait_ready``)."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    env = {**os.environ, **(environment or {})}
    env.pop("EXTRACTOR_TOKEN", None)
    if token is not None:
        env["EXTRACTOR_TOKEN"] = token  # the token through the environment, as a service manager sets it
    with log.open("wb") as handle:
        process = subprocess.Popen([sys.executable, "-m", "extractor", "serve", "--host", "127.0.0.1",
                                    "--port", str(port), *options], stdout=handle, stderr=subprocess.STDOUT,
                                   env=env)
    return LiveServer(process, f"http://127.0.0.1:{port}", token, log)


def start(folder: Path, *options: str, token: str | None = None,
          environment: dict[str, str] | None = None) -> LiveServer:
    """Start `extractor serve` on a free port with ``options``; return once every worker is ready."""
    server = launch(folder, *options, token=token, environment=environment)
    server.wait_ready()
    return server
