"""OAuth2 access tokens from an admin's command, and the SASL XOAUTH2 string they go in.

The large mail providers no longer accept passwords. Obtaining and refreshing a token
is provider business (client ids, refresh tokens, browser consent), so difbot leaves it
to a small program of the admin's choice and only runs it, fresh at every connect.
Neither the token nor the command's output ever appears in an error message or a log.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
from collections.abc import Sequence
from contextlib import suppress

log = logging.getLogger(__name__)

# Seconds a token command may take; read when a command runs, not bound at import, so
# that it can be changed at run time without threading it through every caller.
DEFAULT_TIMEOUT = 30.0


class TokenError(Exception):
    """The token command failed; str() names the command and why, never its output."""


def fetch_token(command: Sequence[str], timeout: float | None = None) -> str:
    """Run `command` (no shell) and return the access token it prints as its first line.

    A failing, hanging (past `timeout`, default DEFAULT_TIMEOUT seconds) or silent
    command raises TokenError, which callers treat like a server outage: the token
    provider being down is one. Its stderr is discarded, as it may hold secrets; an
    admin sees it by running the command by hand.
    """
    if timeout is None:
        timeout = DEFAULT_TIMEOUT
    argv = list(command)
    if not argv:
        raise ValueError("empty token command")
    name = argv[0]
    try:
        # A session of its own, so that a timeout kills the helpers it started too.
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as e:
        raise TokenError(f"token command {name!r} could not be started: "
                         f"{e.strerror or type(e).__name__}") from None
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise TokenError(f"token command {name!r} timed out after {timeout:g} s") from None
    except BaseException:
        _kill(proc)
        raise
    if proc.returncode != 0:
        status = (f"killed by signal {-proc.returncode}" if proc.returncode < 0
                  else f"exit status {proc.returncode}")
        raise TokenError(f"token command {name!r} failed ({status}); "
                         "run it by hand to see why")
    lines = out.strip().splitlines()
    token = lines[0].strip() if lines else b""
    if not token:
        raise TokenError(f"token command {name!r} printed no token")
    # RFC 6750 tokens are printable ASCII; anything else would corrupt the SASL string.
    if not all(0x21 <= byte <= 0x7E for byte in token):
        raise TokenError(f"token command {name!r} printed something that is not a token "
                         "(expected printable ASCII without spaces)")
    log.debug("token command %r printed a token", name)
    return token.decode("ascii")


def xoauth2(username: str, token: str) -> str:
    """The SASL XOAUTH2 initial client response, not yet base64-encoded.

    The format is Google's (also Microsoft's and Yahoo's): `user=U ^A auth=Bearer T ^A ^A`.
    """
    if "\x01" in username or "\x01" in token:
        raise ValueError("XOAUTH2 user name or token contains \\x01")
    return "user=" + username + "\x01auth=Bearer " + token + "\x01\x01"


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with suppress(ProcessLookupError):
        proc.kill()
    proc.wait()
    # Not read to its end: a helper that left the group could hold it open forever.
    if proc.stdout is not None:
        proc.stdout.close()
