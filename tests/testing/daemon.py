"""`difbot run` as systemd runs it: a subprocess with a notify socket, for the tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path

DIFBOT = Path(sys.executable).with_name("difbot")
# Linux's SO_TIMESTAMPNS (Python does not name it): the kernel stamps each datagram when
# it is queued, so when the daemon sent it is known however late it is read.
SO_TIMESTAMPNS = 35


class Running:
    """`difbot run` as a subprocess, with a NOTIFY_SOCKET and stderr in a file.

    (stderr goes to a file, not a pipe: 200 messages log more than a pipe buffer holds,
    and a daemon blocked on a full pipe would look like a hang.) As systemd does, a reader
    takes in every datagram at once: a notify socket nobody reads fills up (10 datagrams,
    net.unix.max_dgram_qlen) and then blocks the daemon's next sd_notify. `received`
    holds each datagram with when it was sent (wall-clock seconds).

    `env` adds to the environment, or removes a variable given as None (WATCHDOG_USEC,
    say); `own_pid` names a variable set to the daemon's own process id, as systemd
    sets WATCHDOG_PID.
    """

    def __init__(self, cfg: Path, log: Path, env: Mapping[str, str | None] | None = None,
                 own_pid: str = "") -> None:
        self.dir = tempfile.mkdtemp(prefix="dn-")  # AF_UNIX paths must stay short
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(os.path.join(self.dir, "notify"))
        self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.sock.settimeout(0.05)
        self.received: list[tuple[float, str]] = []
        self._idle_reads = 0  # how often the reader found nothing waiting
        self._closing = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.log = log
        environ = {**os.environ, "NOTIFY_SOCKET": os.path.join(self.dir, "notify"),
                   **(env or {})}
        argv = [str(DIFBOT), "--config", str(cfg), "run"]
        if own_pid:
            # exec keeps the shell's process id, which is then the daemon's.
            argv = ["/bin/sh", "-c", f'{own_pid}=$$; export {own_pid}; exec "$@"', "sh", *argv]
        with open(log, "wb") as err:
            self.proc = subprocess.Popen(
                argv, stdout=subprocess.DEVNULL, stderr=err,
                env={k: v for k, v in environ.items() if v is not None})

    @property
    def messages(self) -> list[str]:
        return [message for _at, message in self.received]

    @property
    def sent(self) -> list[float]:
        return [at for at, _message in self.received]

    def notified(self, what: str, timeout: float = 15) -> bool:
        end = time.monotonic() + timeout
        while not any(what in m for m in self.messages):
            if time.monotonic() >= end:
                return False
            if self.proc.poll() is not None:
                self.drain()
                return any(what in m for m in self.messages)
            time.sleep(0.02)
        return True

    def listen(self, seconds: float) -> None:
        """Let the daemon run for `seconds`, then take in what it sent meanwhile."""
        time.sleep(seconds)
        self.drain()

    def drain(self) -> None:
        """Return once every datagram sent before the call is in `received`."""
        before = self._idle_reads
        end = time.monotonic() + 5
        while self._idle_reads < before + 2 and self._reader.is_alive() \
                and time.monotonic() < end:
            time.sleep(0.01)

    def _read(self) -> None:
        while not self._closing.is_set():
            try:
                data, ancillary, _flags, _addr = self.sock.recvmsg(4096,
                                                                   socket.CMSG_SPACE(16))
            except TimeoutError:
                self._idle_reads += 1
                continue
            except OSError:
                return
            stamps = [struct.unpack("qq", d[:16]) for level, kind, d in ancillary
                      if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS]
            at = stamps[0][0] + stamps[0][1] / 1e9 if stamps else time.time()
            self.received.append((at, data.decode()))

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> int:
        try:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return -9
        finally:
            self.drain()
            self._closing.set()
            self._reader.join(timeout=5)
            self.sock.close()
            shutil.rmtree(self.dir, ignore_errors=True)
