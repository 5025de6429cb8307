"""Refuse network connections to anything but this machine, and log every attempt.

Installed in every notebook kernel by ``sitecustomize.py`` (this folder is put
on the kernels' ``PYTHONPATH`` by the repository's ``conftest.py``) and in the
pytest process itself. Loopback addresses (127.0.0.0/8, ::1, localhost) and
Unix sockets keep working, so Jupyter's kernel channels are untouched.
A refused attempt raises :class:`NetworkBlockedError` and is appended to the
file named by ``LSTM_NET_GUARD_LOG``, so the run fails even if the caller
swallows the exception.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import traceback

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
_installed = False


class NetworkBlockedError(ConnectionRefusedError):
    """A connection to a non-loopback address was attempted while the guard is on."""


def is_loopback(address) -> bool:
    """True for Unix-socket paths and loopback host addresses."""
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).split("%", 1)[0].lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name that is not loopback: refused without a DNS lookup


def _record(address) -> None:
    log = os.environ.get("LSTM_NET_GUARD_LOG")
    if not log:
        return
    stack = "".join(traceback.format_stack(limit=8)[:-2])
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"pid": os.getpid(), "address": repr(address), "stack": stack}) + "\n")


def _refuse(address):
    _record(address)
    raise NetworkBlockedError(
        f"network access to {address!r} refused: the notebooks must run offline "
        "(only loopback connections are allowed under the test suite)"
    )


def install() -> None:
    """Patch ``socket.socket`` so non-loopback connects and sends are refused (idempotent)."""
    global _installed
    if _installed:
        return
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_sendto = socket.socket.sendto
    original_getaddrinfo = socket.getaddrinfo
    own_names = {socket.gethostname().lower()}

    def getaddrinfo(host, *args, **kwargs):
        # A name lookup may itself go out to a DNS server: refuse it for names that
        # are not loopback; numeric addresses pass here and meet connect() below.
        if host is not None and host != "":
            name = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
            try:
                numeric = ipaddress.ip_address(name.split("%", 1)[0]) is not None
            except ValueError:
                numeric = False
            if not numeric and name.lower() not in own_names and not is_loopback((name, 0)):
                _refuse((name, args[0] if args else None))
        return original_getaddrinfo(host, *args, **kwargs)

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address):
            _refuse(address)
        return original_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address):
            _refuse(address)
        return original_connect_ex(self, address)

    def sendto(self, data, *args):
        address = args[-1]
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address):
            _refuse(address)
        return original_sendto(self, data, *args)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
    _installed = True
