"""The pool's end (``pipeline.workers.shutdown``): its fork server is stopped without its orderly
exit, reaped, and every worker's CPU still counts in the run's own accounting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from processes import alive

REPO = Path(__file__).resolve().parents[2]

_SCRIPT = """
import json, os, resource, time
from multiprocessing import forkserver
from pipeline import workers
cpu = [workers.run_job(time.process_time) for _ in range(4)]  # each worker's own CPU so far
server = forkserver._forkserver._forkserver_pid
workers.shutdown()
try:
    os.waitpid(server, os.WNOHANG)
    reaped = False
except ChildProcessError:  # not our child any more: shutdown reaped it
    reaped = True
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([server, reaped, max(cpu), usage.ru_utime + usage.ru_stime]))
"""


def test_shutdown_stops_and_reaps_the_fork_server_and_counts_the_workers_cpu() -> None:
    env = {**os.environ, "BUKTI_WORKERS": "2"}
    out = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=REPO, env=env, capture_output=True, text=True,
                         check=True, timeout=300).stdout
    server, reaped, worker_cpu, children_cpu = json.loads(out)
    assert reaped and not alive(server)
    assert worker_cpu > 0
    assert children_cpu >= worker_cpu  # the server reaped its workers before it was stopped
