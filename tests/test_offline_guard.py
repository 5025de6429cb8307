"""The offline guard that notebook kernels run under: it refuses, logs, and spares loopback."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GUARD_DIR = Path(__file__).resolve().parent / "netguard"

PROBE = textwrap.dedent(
    """
    import socket, threading
    # Loopback keeps working: a tiny echo server on 127.0.0.1.
    server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
    port = server.getsockname()[1]
    def echo():
        conn, _ = server.accept(); conn.sendall(conn.recv(4)); conn.close()
    threading.Thread(target=echo, daemon=True).start()
    client = socket.create_connection(("127.0.0.1", port), timeout=5)
    client.sendall(b"ping"); assert client.recv(4) == b"ping"; client.close()
    print("loopback ok")
    # Anything else is refused before a packet leaves, even when the caller catches it.
    for target in [("192.0.2.1", 80), ("example.org", 443)]:
        try:
            socket.create_connection(target, timeout=2)
        except ConnectionRefusedError as exc:
            print("refused", type(exc).__name__, target[0])
    """
)


def _env(log):
    env = dict(os.environ)
    env.update({"LSTM_NET_GUARD": "1", "LSTM_NET_GUARD_LOG": str(log), "PYTHONPATH": str(GUARD_DIR)})
    return env


def test_guard_refuses_and_logs_but_keeps_loopback(tmp_path):
    log = tmp_path / "guard.jsonl"
    out = subprocess.run([sys.executable, "-c", PROBE], env=_env(log), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "loopback ok" in out.stdout
    assert "refused NetworkBlockedError 192.0.2.1" in out.stdout
    assert "refused NetworkBlockedError example.org" in out.stdout
    attempts = [json.loads(line) for line in log.read_text().splitlines()]
    assert [a["address"] for a in attempts] == ["('192.0.2.1', 80)", "('example.org', 443)"]


def test_guard_is_off_without_the_switch(tmp_path):
    env = _env(tmp_path / "guard.jsonl")
    env.pop("LSTM_NET_GUARD")
    code = "import socket; print(socket.socket.connect.__qualname__)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "socket.connect"


def test_notebook_kernels_run_under_the_guard(tmp_path):
    """A Jupyter kernel started the way nbval starts them has the guard; its own channels still work."""
    jupyter_client = pytest.importorskip("jupyter_client")
    log = tmp_path / "guard.jsonl"
    saved = {k: os.environ.get(k) for k in ("LSTM_NET_GUARD_LOG",)}
    os.environ["LSTM_NET_GUARD_LOG"] = str(log)  # this kernel's attempts go to our own log
    try:
        km, kc = jupyter_client.manager.start_new_kernel(kernel_name="python3")
        try:
            reply = kc.execute_interactive(
                "import socket\n"
                "try:\n    socket.create_connection(('198.51.100.7', 443), timeout=2)\n"
                "except ConnectionRefusedError as e:\n    print(type(e).__name__)\n",
                timeout=60,
            )
            assert reply["content"]["status"] == "ok"
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    finally:
        for k, v in saved.items():
            os.environ[k] = v
    attempts = [json.loads(line) for line in log.read_text().splitlines()]
    assert [a["address"] for a in attempts] == ["('198.51.100.7', 443)"]
