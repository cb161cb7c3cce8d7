"""Certificates made at test time: a private CA (trustme) and server certificates from it.

Nothing secret or dated is kept in the repository: every run makes a fresh authority, so
verification is tested for real (chain, host name, dates) and no certificate in the tree
expires. Nothing here imports pytest; tests/conftest.py builds fixtures from it.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import trustme

# What a good server certificate is issued for: difbot's tests connect to 127.0.0.1.
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
# A name that is not the host the tests connect to.
OTHER_HOST = "mail.example.net"
# Long past: the validity of the expired certificate.
EXPIRED_FROM = datetime(2020, 1, 1, tzinfo=UTC)
EXPIRED_UNTIL = datetime(2020, 1, 2, tzinfo=UTC)


class CertKind(StrEnum):
    """Which server certificate a test server presents."""

    GOOD = "good"                # for 127.0.0.1 and localhost, valid now
    WRONG_HOST = "wrong-host"    # for mail.example.net only
    EXPIRED = "expired"          # for 127.0.0.1 and localhost, expired in 2020


@dataclass(frozen=True)
class ServerCert:
    """A server certificate as files: its key followed by its chain, in one PEM."""

    kind: CertKind
    pem: Path

    def server_context(self) -> ssl.SSLContext:
        """A server-side context presenting this certificate (for aiosmtpd)."""
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(self.pem)
        return ctx


class Authority:
    """A throwaway certificate authority whose certificate is the file `ca_file`."""

    def __init__(self, directory: Path, name: str = "test-ca") -> None:
        self.directory = directory
        self._ca = trustme.CA(organization_name=f"difbot {name}")
        self.ca_file = directory / f"{name}.pem"
        self._ca.cert_pem.write_to_path(str(self.ca_file))
        self._issued: dict[CertKind, ServerCert] = {}

    def cert(self, kind: CertKind = CertKind.GOOD) -> ServerCert:
        """The server certificate of `kind`, issued (and written) on first use."""
        if kind not in self._issued:
            if kind is CertKind.WRONG_HOST:
                leaf = self._ca.issue_cert(OTHER_HOST)
            elif kind is CertKind.EXPIRED:
                leaf = self._ca.issue_cert(*LOOPBACK_NAMES, not_before=EXPIRED_FROM,
                                           not_after=EXPIRED_UNTIL)
            else:
                leaf = self._ca.issue_cert(*LOOPBACK_NAMES)
            pem = self.directory / f"{self.ca_file.stem}-{kind}.pem"
            leaf.private_key_and_cert_chain_pem.write_to_path(str(pem))
            pem.chmod(0o600)
            self._issued[kind] = ServerCert(kind, pem)
        return self._issued[kind]

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts this authority only (test helpers)."""
        return ssl.create_default_context(cafile=str(self.ca_file))
