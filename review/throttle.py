"""Login throttling per client address and user name, plus a looser cap per client address.

In memory, per process: enough to make online password guessing slow on a single-server
deployment (a failure already costs ~50 ms of scrypt). Counting per (client, name) rather than
per name alone means an attacker who fails five times on an assessor's name locks out only
themselves, not the assessor logging in from their own desk. The client address is what
uvicorn reports: behind a reverse proxy, uvicorn must be told to trust the proxy's
``X-Forwarded-For`` (``bukti serve --forwarded-allow-ips``, see docs/reliability.md), or every
user shares the proxy's address.
"""

from __future__ import annotations

import threading
import time
from collections import deque

# Five wrong passwords for one name from one client within five minutes lock that pair.
MAX_FAILURES = 5
# One client trying many names (password spraying) is stopped after this many failures.
MAX_FAILURES_PER_CLIENT = 20
WINDOW_SECONDS = 300.0
# Past this many tracked keys, keys without recent failures are dropped (memory stays bounded).
SWEEP_ABOVE = 10_000


class LoginThrottle:
    """Counts recent failures per (client, user name) and per client."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        max_per_client: int = MAX_FAILURES_PER_CLIENT,
    ) -> None:
        self.max_failures, self.window, self.max_per_client = max_failures, window, max_per_client
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, client: str, name: str) -> bool:
        with self._lock:
            return (len(self._recent((client, _name_key(name)))) >= self.max_failures
                    or len(self._recent((client, ""))) >= self.max_per_client)

    def record_failure(self, client: str, name: str) -> None:
        with self._lock:
            now = time.monotonic()
            if len(self._failures) > SWEEP_ABOVE:
                self._sweep(now)
            for key in ((client, _name_key(name)), (client, "")):
                self._failures.setdefault(key, deque()).append(now)

    def reset(self, client: str, name: str) -> None:
        """A successful login clears that pair (not the client's count: spraying still counts)."""
        with self._lock:
            self._failures.pop((client, _name_key(name)), None)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures.get(key, deque())
        cutoff = time.monotonic() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures

    def _sweep(self, now: float) -> None:
        cutoff = now - self.window
        for key in [k for k, v in self._failures.items() if not v or v[-1] < cutoff]:
            del self._failures[key]


def _name_key(name: str) -> str:
    # "\x00" keeps a user called "" from sharing the per-client counter's key
    return "\x00" + name.strip().casefold()
