"""Prefect's temporary server for ``bukti assess --prefect``, started at the command's first line.

Without ``PREFECT_API_URL``, Prefect starts a temporary server (``SubprocessASGIServer``) when a
flow first asks for an API client: after the command has imported Prefect and the pipeline,
and only after importing Prefect's whole server package into the command's own process just
to launch it (~2-3 s of one core on this box). Then the flow waits for the server to create or
migrate its database and answer. Started here as soon as the command knows it will run a flow,
the server's start overlaps the command's imports and the worker pool's start, and the
command never imports the server package.

It is the same server: Prefect's application, launched by the command line and environment
``SubprocessASGIServer`` uses (``tests/flows/test_temporary_server.py`` compares them, so a
Prefect upgrade that changes them fails there). The flow run, its task runs, states, logs and
artifacts go through it exactly as through Prefect's own; it stops when the command ends, after
Prefect has sent what it still held, as Prefect's does.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from core.errors import BuktiError

PORT_IN_USE = 3  # uvicorn's exit code when the port was taken meanwhile: start again elsewhere
POLL_SECONDS = 0.1
# Run before the server on Linux, in a process of its own that then becomes the server (exec):
# ask for SIGTERM (15) when the command's process ends, also when it is killed (SIGKILL, the OOM
# killer) and its exit hook cannot stop the server, which would otherwise keep its port, memory
# and database open with nobody to use them. Not a ``preexec_fn``: that runs Python between fork
# and exec, unsafe once the command has threads (a server relaunched on a taken port). The
# request survives exec; Linux sends the signal when the launching thread ends (the main one).
_DIE_WITH_PARENT = (
    "import ctypes, os, sys; ctypes.CDLL(None).prctl(1, 15); "  # PR_SET_PDEATHSIG, SIGTERM
    "os.getppid() == int(sys.argv[1]) or sys.exit(0); "  # the command died before the request
    "os.execv(sys.argv[2], sys.argv[2:])"
)


class TemporaryServerError(BuktiError):
    """Prefect's temporary server did not start."""


class TemporaryServer:
    """One ``prefect.server.api.server:create_app`` process on a free loopback port."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.process = self._launch()
        atexit.register(self.stop)  # after Prefect's own exit hooks have sent queued logs and events

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> subprocess.Popen[bytes]:
        self.port = _free_port()
        command = server_command(self.port)
        if sys.platform == "linux":
            command = [sys.executable, "-I", "-S", "-c", _DIE_WITH_PARENT, str(os.getpid()), *command]
        return subprocess.Popen(command, env=server_environment())

    def wait_ready(self) -> str:
        """Block until the server answers its health check; its API URL."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code == PORT_IN_USE:
                self.process = self._launch()
            elif code is not None:
                raise TemporaryServerError(f"server sementara Prefect berhenti (kode {code}) sebelum siap")
            elif _healthy(self.api_url):
                return self.api_url
            time.sleep(POLL_SECONDS)
        self.stop()
        raise TemporaryServerError(
            f"server sementara Prefect tidak siap dalam {self.timeout:.0f} detik; jalankan "
            "`prefect server start` dan tetapkan PREFECT_API_URL, atau naikkan "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_temporary_server() -> TemporaryServer | None:
    """Start the server now when Prefect would start one for a flow: no API URL configured and
    temporary servers allowed (Prefect's settings, from the environment and the profile)."""
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:
        return None
    return TemporaryServer(settings.server.ephemeral.startup_timeout_seconds)


@contextmanager
def serving(server: TemporaryServer | None) -> Iterator[None]:
    """Within: this process's Prefect talks to ``server`` (once it answers); None changes nothing."""
    if server is None:
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: server.wait_ready()}):
        yield


def server_command(port: int) -> list[str]:
    """The command line of Prefect's ``SubprocessASGIServer`` (prefect.server.api.server)."""
    import prefect

    return [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on"]


def server_environment() -> dict[str, str]:
    """The environment ``SubprocessASGIServer`` gives its server: no UI, ephemeral services."""
    from prefect.settings import get_current_settings

    return {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            **get_current_settings().to_environment_variables(exclude_unset=True)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False
