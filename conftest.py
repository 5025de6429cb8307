"""Test-run settings shared by the package tests and the notebooks (run through nbval).

- Every notebook kernel runs in fast mode (``LSTM_FAST=1``).
- Offline is enforced: ``tests/netguard`` goes on the kernels' PYTHONPATH, where its
  ``sitecustomize`` refuses connections to non-loopback addresses and logs each
  attempt; the run fails at the end if anything was logged, even when the code
  that tried caught the error.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
GUARD_DIR = ROOT / "tests" / "netguard"


def pytest_configure(config):
    os.environ["LSTM_FAST"] = "1"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    fd, log = tempfile.mkstemp(prefix="lstm-netguard-", suffix=".jsonl")
    os.close(fd)
    os.environ["LSTM_NET_GUARD"] = "1"
    os.environ["LSTM_NET_GUARD_LOG"] = log
    paths = [str(GUARD_DIR)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    # The guard also covers this pytest process.
    sys.path.insert(0, str(GUARD_DIR))
    import _netguard

    _netguard.install()


def pytest_sessionfinish(session, exitstatus):
    log = os.environ.get("LSTM_NET_GUARD_LOG")
    if not log or not os.path.exists(log):
        return
    with open(log, encoding="utf-8") as fh:
        attempts = [json.loads(line) for line in fh if line.strip()]
    os.unlink(log)
    if attempts:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = [f"OFFLINE GUARD: {len(attempts)} network connection attempt(s) to non-loopback addresses:"]
        for a in attempts[:10]:
            lines.append(f"  pid {a['pid']} -> {a['address']}\n{a['stack']}")
        text = "\n".join(lines)
        if reporter is not None:
            reporter.write_line(text, red=True)
        else:
            print(text)
        session.exitstatus = 1
