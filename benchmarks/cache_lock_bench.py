"""The OCR page cache against diskcache, and the lease table against PostgreSQL advisory locks.

Reproduce::

    python benchmarks/cache_lock_bench.py [--entries 2000] [--postgres URL] [--prefect]

* OCR page cache: ``extractors.ocr.cache.OcrCache`` (one JSON file per page, pruned by
  ``bukti cache prune`` on last use) against ``diskcache.Cache`` (one SQLite index plus files)
  with its default eviction (``least-recently-stored``) and with ``least-recently-used`` (the
  policy that prunes on last use, as ours does: every hit then writes its access time).
  Measured: microseconds per put, per hit and per miss over ``--entries`` page readings of
  corpus size (3 kB of text), and the time to find and delete the unused half (ours: the
  ``ocr_entries`` survey + ``remove_entries``; diskcache: ``cull`` to half the size limit).
* Leases: ``store.locks`` try_acquire + release (one short transaction each, as
  ``pipeline.lock`` runs them) on SQLite and, with ``--postgres``, on PostgreSQL, against
  ``pg_try_advisory_lock`` + ``pg_advisory_unlock`` on one held connection.
* ``--prefect``: a Prefect global concurrency limit (``prefect.concurrency.sync.concurrency``)
  against a temporary Prefect server (what a run without ``PREFECT_API_URL`` would start),
  reported as server start-up plus the median acquire + release.

Everything runs in temporary folders; nothing of the user's home is read or written. diskcache is
not a dependency of bukti (docs/operations.md says why): ``pip install diskcache`` to run this.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.ocr.cache import OcrCache  # noqa: E402
from extractors.ocr.engine import Recognition  # noqa: E402

TEXT = ("Pasal 8 Tim Koordinasi SPBE melaksanakan evaluasi penerapan Sistem Pemerintahan Berbasis "
        "Elektronik secara berkala. ") * 28  # ~3 kB, a typical OCR'd decree page
LEASE_ROUNDS = 200


def _per_op_us(fn: Callable[[int], object], count: int) -> float:
    start = time.perf_counter()
    for n in range(count):
        fn(n)
    return (time.perf_counter() - start) / count * 1e6


def _keys(count: int, salt: str) -> list[str]:
    import hashlib

    return [hashlib.sha256(f"{salt}{n}".encode()).hexdigest() for n in range(count)]


def bench_ocr_cache(root: Path, count: int) -> dict[str, float]:
    from pipeline.cache_files import ocr_entries, remove_entries

    cache = OcrCache(root, languages="ind", tesseract_version="5")
    keys, absent = _keys(count, "page"), _keys(count, "absent")
    result = Recognition(text=TEXT, confidence=91.0, words=420)
    out = {
        "put": _per_op_us(lambda n: cache.put(keys[n], result), count),
        "hit": _per_op_us(lambda n: cache.get(keys[n]), count),
        "miss": _per_op_us(lambda n: cache.get(absent[n]), count),
    }
    old = time.time() - 40 * 86_400
    for key in keys[: count // 2]:  # half unused for 40 days
        os.utime(root / key[:2] / f"{key}.json", (old, old))
    start = time.perf_counter()
    entries = ocr_entries(root, unused_days=30)
    removed, _ = remove_entries(root, entries)
    out["prune half"] = (time.perf_counter() - start) * 1e3
    out["pruned"] = removed
    return out


def bench_diskcache(root: Path, count: int, policy: str) -> dict[str, float]:
    import diskcache

    size = count * len(TEXT.encode()) * 2
    keys, absent = _keys(count, "page"), _keys(count, "absent")
    record = {"text": TEXT, "confidence": 91.0, "words": 420, "rotated": 0, "steps": []}
    with diskcache.Cache(str(root), eviction_policy=policy, size_limit=size, cull_limit=0) as cache:
        out = {
            "put": _per_op_us(lambda n: cache.set(keys[n], record), count),
            "hit": _per_op_us(lambda n: cache.get(keys[n]), count),
            "miss": _per_op_us(lambda n: cache.get(absent[n]), count),
        }
        before = len(cache)
        start = time.perf_counter()
        cache.reset("size_limit", size // 4)  # the stored half of the entries is over this limit
        cache.cull()
        out["prune half"] = (time.perf_counter() - start) * 1e3
        out["pruned"] = before - len(cache)
    return out


def bench_leases(url: str) -> float:
    """Median milliseconds of try_acquire + release, each committed, on the database at ``url``."""
    from store.db import session_scope, upgrade_database
    from store.engines import writer_engine
    from store.locks import release, try_acquire

    upgrade_database(url)
    engine = writer_engine(url)
    times = []
    for n in range(LEASE_ROUNDS):
        start = time.perf_counter()
        with session_scope(engine) as session:
            assert try_acquire(session, f"bench:{n % 4}", "bench-holder", timedelta(seconds=60))
        with session_scope(engine) as session:
            assert release(session, f"bench:{n % 4}", "bench-holder")
        times.append(time.perf_counter() - start)
    engine.dispose()
    return statistics.median(times) * 1e3


def bench_advisory(url: str) -> float:
    """Median milliseconds of pg_try_advisory_lock + pg_advisory_unlock on one connection."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    times = []
    with engine.connect() as connection:
        for n in range(LEASE_ROUNDS):
            start = time.perf_counter()
            assert connection.execute(text("select pg_try_advisory_lock(:k)"), {"k": n % 4}).scalar()
            assert connection.execute(text("select pg_advisory_unlock(:k)"), {"k": n % 4}).scalar()
            times.append(time.perf_counter() - start)
    engine.dispose()
    return statistics.median(times) * 1e3


def bench_prefect(home: Path) -> tuple[float, float]:
    """(seconds to a usable temporary server, median ms of acquire + release of one slot)."""
    os.environ.update({"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                       "PREFECT_SERVER_UI_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
                       "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"})
    os.environ.pop("PREFECT_API_URL", None)
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.concurrency.sync import concurrency

    start = time.perf_counter()
    with get_client(sync_client=True) as client:
        client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name="bench", limit=1))
    ready = time.perf_counter() - start
    times = []
    for _ in range(LEASE_ROUNDS // 4):
        began = time.perf_counter()
        with concurrency("bench", occupy=1, strict=True):
            pass
        times.append(time.perf_counter() - began)
    return ready, statistics.median(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--postgres", help="a PostgreSQL URL (a scratch database: a leases table is made)")
    parser.add_argument("--prefect", action="store_true", help="also time a Prefect concurrency limit")
    args = parser.parse_args()
    print(f"load avg before {'/'.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bukti-cachebench-") as tmp_name:
        tmp = Path(tmp_name)
        rows = {"OcrCache (JSON files)": bench_ocr_cache(tmp / "ocr", args.entries),
                "diskcache, least-recently-stored": bench_diskcache(tmp / "dc1", args.entries,
                                                                    "least-recently-stored"),
                "diskcache, least-recently-used": bench_diskcache(tmp / "dc2", args.entries,
                                                                  "least-recently-used")}
        print(f"\nOCR page cache, {args.entries} entries of {len(TEXT)} characters")
        print("| cache | put µs | hit µs | miss µs | prune the unused half, ms (entries) |")
        print("|---|---|---|---|---|")
        for name, r in rows.items():
            print(f"| {name} | {r['put']:.0f} | {r['hit']:.0f} | {r['miss']:.0f} | "
                  f"{r['prune half']:.0f} ({r['pruned']:.0f}) |")
        print(f"\nLocks, median of {LEASE_ROUNDS} acquire + release")
        print("| mechanism | ms |\n|---|---|")
        sqlite_url = f"sqlite:///{tmp / 'leases.db'}"
        print(f"| lease table, SQLite | {bench_leases(sqlite_url):.2f} |", flush=True)
        if args.postgres:
            print(f"| lease table, PostgreSQL | {bench_leases(args.postgres):.2f} |")
            print(f"| pg_try_advisory_lock + unlock, PostgreSQL | {bench_advisory(args.postgres):.2f} |")
        if args.prefect:
            ready, slot = bench_prefect(tmp / "prefect")
            print(f"| Prefect global concurrency limit (temporary server up in {ready:.1f} s) | {slot:.2f} |")
    print(f"\nload avg after {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
