"""`difbot run` as systemd runs it: a subprocess with a notify socket, for the tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DIFBOT = Path(sys.executable).with_name("difbot")


class Running:
    """`difbot run` as a subprocess, with a NOTIFY_SOCKET and stderr in a file.

    (stderr goes to a file, not a pipe: 200 messages log more than a pipe buffer holds,
    and a daemon blocked on a full pipe would look like a hang.)
    """

    def __init__(self, cfg: Path, log: Path) -> None:
        self.dir = tempfile.mkdtemp(prefix="dn-")  # AF_UNIX paths must stay short
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(os.path.join(self.dir, "notify"))
        self.sock.settimeout(0.2)
        self.messages: list[str] = []
        self.log = log
        env = {**os.environ, "NOTIFY_SOCKET": os.path.join(self.dir, "notify")}
        with open(log, "wb") as err:
            self.proc = subprocess.Popen([str(DIFBOT), "--config", str(cfg), "run"], env=env,
                                         stdout=subprocess.DEVNULL, stderr=err)

    def notified(self, what: str, timeout: float = 15) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(what in m for m in self.messages):
                return True
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except TimeoutError:
                if self.proc.poll() is not None:
                    return False
        return any(what in m for m in self.messages)

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
            self.sock.close()
            shutil.rmtree(self.dir, ignore_errors=True)
