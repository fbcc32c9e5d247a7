"""The login throttle counts per client address and name: an attacker locks out only themselves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from review_support import PASSWORD, SECRET, ReviewDb, csrf_of

from review.app import create_app

ATTACKER = ("203.0.113.9", 40000)
ASSESSOR = ("198.51.100.7", 40001)


def _attempt(client: TestClient | httpx.Client, name: str, password: str, **headers: str) -> int:
    token = csrf_of(client.get("/login", headers=headers).text)
    form = {"name": name, "password": password, "csrf_token": token, "next": "/"}
    return client.post("/login", data=form, headers=headers, follow_redirects=False).status_code


def test_failures_from_one_client_do_not_lock_the_user_out_elsewhere(review_db: ReviewDb) -> None:
    app = create_app(review_db.url, secret_key=SECRET)
    with TestClient(app, client=ATTACKER) as attacker, TestClient(app, client=ASSESSOR) as assessor:
        assert [_attempt(attacker, "ani", "tebakan-salah") for _ in range(5)] == [401] * 5
        assert _attempt(attacker, "Ani ", PASSWORD) == 429  # the attacker's pair stays locked
        assert _attempt(assessor, "ani", PASSWORD) == 303  # the assessor at their desk gets in
    app.state.engine.dispose()


def test_one_client_spraying_many_names_is_stopped(review_db: ReviewDb) -> None:
    app = create_app(review_db.url, secret_key=SECRET)
    with TestClient(app, client=ATTACKER) as attacker, TestClient(app, client=ASSESSOR) as assessor:
        for i in range(20):
            assert _attempt(attacker, f"tebak{i}", "tebakan-salah") == 401
        assert _attempt(attacker, "vina", PASSWORD) == 429  # a name it never tried before
        assert _attempt(assessor, "vina", PASSWORD) == 303
    app.state.engine.dispose()


@pytest.mark.slow
def test_bukti_serve_behind_a_proxy_throttles_per_forwarded_client(review_db: ReviewDb) -> None:
    """uvicorn trusts X-Forwarded-For from the configured proxy (here: loopback) only."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "import typer; from cli.serve import serve; typer.run(serve)",
               "--port", str(port), "--db", review_db.url, "--forwarded-allow-ips", "127.0.0.1"]
    env = {**os.environ, "BUKTI_SECRET_KEY": SECRET}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base, process)
        with httpx.Client(base_url=base) as attacker, httpx.Client(base_url=base) as assessor:
            forged = {"x-forwarded-for": ATTACKER[0]}
            assert [_attempt(attacker, "ani", "salah-lagi", **forged) for _ in range(5)] == [401] * 5
            assert _attempt(attacker, "ani", PASSWORD, **forged) == 429
            assert _attempt(assessor, "ani", PASSWORD, **{"x-forwarded-for": ASSESSOR[0]}) == 303
    finally:
        process.terminate()
        process.wait(timeout=15)


def _wait(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"bukti serve exited with {process.returncode}: {output}")
        try:
            httpx.get(f"{base}/health")
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("bukti serve did not answer within 30 s")
