"""Login throttling: too many failed logins for one user name within a window are refused.

In memory, per process: enough to make online password guessing slow on a single-server
deployment (a failure already costs ~50 ms of scrypt).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

# Five wrong passwords within five minutes lock the name for the rest of the window.
MAX_FAILURES = 5
WINDOW_SECONDS = 300.0


class LoginThrottle:
    """Counts recent failures per user name (case-insensitive)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.max_failures, self.window = max_failures, window
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def blocked(self, name: str) -> bool:
        with self._lock:
            return len(self._recent(name)) >= self.max_failures

    def record_failure(self, name: str) -> None:
        with self._lock:
            self._recent(name).append(time.monotonic())

    def reset(self, name: str) -> None:
        with self._lock:
            self._failures.pop(_key(name), None)

    def _recent(self, name: str) -> deque[float]:
        failures = self._failures[_key(name)]
        cutoff = time.monotonic() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures


def _key(name: str) -> str:
    return name.strip().casefold()
