"""TLS for both mail edges: the verifying client context, and the line a refused
certificate becomes.

Verification is always full: the chain up to a trusted CA, the host name (or IP
address) the config names, and the dates. `ca_file` replaces the system trust store
with an admin's PEM file (a private CA); nothing turns verification off.
"""

from __future__ import annotations

import ssl
from pathlib import Path


class TlsSetupError(Exception):
    """The configured `ca_file` cannot be loaded now; str() names the section and file."""


# OpenSSL verify codes (X509_V_ERR_*) -> what an admin should read.
_UNKNOWN_ISSUER = frozenset({2, 18, 19, 20, 21})  # no trusted CA signed this chain
_WRONG_HOST = frozenset({62, 64})                 # host name or IP address mismatch
_EXPIRED = frozenset({10})
_NOT_YET_VALID = frozenset({9})


def client_context(ca_file: Path | None, section: str) -> ssl.SSLContext:
    """A client context that verifies everything, trusting `ca_file` or the system store.

    Built afresh for each connection, so a renewed CA file is read at the next connect.
    """
    try:
        return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    except (OSError, ValueError) as e:  # ssl.SSLError is an OSError
        why = getattr(e, "reason", None) or getattr(e, "strerror", None) or type(e).__name__
        raise TlsSetupError(f"[{section}] ca_file {ca_file} cannot be loaded: {why}") from e


def describe(e: ssl.SSLError, section: str) -> str:
    """One line for a TLS failure: which certificate check failed, and what to look at.

    OpenSSL's own verify message is kept in brackets; it names at most the configured
    host, never anything from mail.
    """
    if not isinstance(e, ssl.SSLCertVerificationError):
        return f"TLS error ({getattr(e, 'reason', None) or type(e).__name__})"
    code = e.verify_code
    detail = (e.verify_message or getattr(e, "reason", None) or "verification failed").rstrip(".")
    if code in _UNKNOWN_ISSUER:
        what = f"unknown certificate authority ({detail}); set [{section}] ca_file for a private CA"
    elif code in _WRONG_HOST:
        what = f"wrong host name ({detail})"
    elif code in _EXPIRED:
        what = f"expired ({detail})"
    elif code in _NOT_YET_VALID:
        what = f"not valid yet ({detail}); check this machine's clock"
    else:
        what = detail
    return f"[{section}] server certificate refused: {what}"
