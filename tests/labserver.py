"""Start JupyterLab headless on 127.0.0.1 for a test, and always stop it afterwards."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_lab(root_dir, workdir: Path, extra_args=(), env=None, cwd=None, timeout_s: float = 90):
    """Run ``jupyter lab`` serving ``root_dir`` with a free port and a random token.

    The arguments are the ones `make lab` uses (``--ServerApp.root_dir``, plus
    ``--allow-root`` as root) and headless settings: loopback only, no browser,
    no news or update checks. Yields ``{"url", "token"}`` once ``/api/status``
    answers; the server log is in ``workdir/server.log``.
    """
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={root_dir}",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        *extra_args,
    ]
    if os.geteuid() == 0:  # as the Makefile does: JupyterLab refuses root without it
        cmd.append("--allow-root")
    workdir.mkdir(parents=True, exist_ok=True)
    server_env = dict(os.environ if env is None else env, JUPYTER_RUNTIME_DIR=str(workdir / "runtime"))
    log_path = workdir / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(cmd, cwd=cwd, env=server_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout_s
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError("JupyterLab did not start:\n" + log_path.read_text(errors="replace")[-3000:])
                time.sleep(0.5)
            yield {"url": url, "token": token}
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
