"""OAuth2 on 127.0.0.1 for the XOAUTH2 tests: a token endpoint and two servers that ask it.

`TokenEndpoint` plays the provider's token introspection service (RFC 7662): it knows
which token belongs to which user, can expire one, and records every question.
`OAuthDovecot` checks XOAUTH2/OAUTHBEARER logins with Dovecot's own oauth2 passdb
against it; `XOAuth2SmtpServer` is aiosmtpd with an AUTH XOAUTH2 that asks it too. So
a test sees the token travel from difbot's token command through a real server to the
provider, as with a real mail provider. Nothing here imports pytest.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import secrets
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from difbot.demo.servers import (
    HOST,
    SmtpServer,
)
from tests.testing.servers import Account, Dovecot

DOVECOT_PATH = "/dovecot"  # the endpoint's URL path per asking server, to tell them apart
SMTP_PATH = "/smtp"


@dataclasses.dataclass(frozen=True)
class Asked:
    """One introspection request: who asked (URL path), about which token, the answer."""

    path: str
    token: str
    active: bool


class TokenEndpoint:
    """Token introspection over HTTP in a thread: POST `token=...`, answer JSON.

    Answers `{"active": true, "username": U}` for a token granted to U and not expired,
    else `{"active": false}`, as RFC 7662 has it for expired, revoked and unknown tokens.
    """

    def __init__(self) -> None:
        self._users: dict[str, str] = {}  # token -> user
        self._expired: set[str] = set()
        self.asked: list[Asked] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def grant(self, user: str) -> str:
        """A new valid token for `user`."""
        token = "tok-" + secrets.token_urlsafe(12)
        with self._lock:
            self._users[token] = user
        return token

    def expire(self, token: str) -> None:
        """From now on `token` is inactive."""
        with self._lock:
            self._expired.add(token)

    def introspect(self, path: str, token: str) -> dict[str, Any]:
        """The answer for `token`, recorded with the asker's `path`."""
        with self._lock:
            user = self._users.get(token)
            active = user is not None and token not in self._expired
            self.asked.append(Asked(path, token, active))
        return {"active": True, "username": user} if active else {"active": False}

    def asked_about(self, token: str) -> list[Asked]:
        with self._lock:
            return [a for a in self.asked if a.token == token]

    def url(self, path: str) -> str:
        if self._httpd is None:
            raise RuntimeError("token endpoint not started")
        return f"http://{HOST}:{self._httpd.server_address[1]}{path}"

    def start(self) -> None:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode("ascii", "replace"))
                tokens = form.get("token", [])
                if len(tokens) != 1:
                    self.send_error(400, "one token= expected")
                    return
                body = json.dumps(endpoint.introspect(self.path, tokens[0])).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # would print tokens in request lines to stderr

        self._httpd = ThreadingHTTPServer((HOST, 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()

    def __enter__(self) -> TokenEndpoint:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def ask(url: str, token: str, timeout: float = 5.0) -> dict[str, Any]:
    """POST `token` to an introspection URL as Dovecot does; the JSON answer."""
    data = urllib.parse.urlencode({"token": token}).encode()
    with urllib.request.urlopen(url, data=data, timeout=timeout) as response:  # noqa: S310
        answer = json.load(response)
    return answer if isinstance(answer, dict) else {}


# -- Dovecot with the oauth2 passdb ------------------------------------------------------


class OAuthDovecot(Dovecot):
    """A private Dovecot whose XOAUTH2 and OAUTHBEARER logins ask `endpoint`.

    Dovecot's oauth2 passdb posts the token to the endpoint (introspection_mode = post)
    and lets the login in only if the answer says active and names the same user as the
    SASL string. PLAIN/LOGIN go to a static passdb with the instance's helper password,
    so the `Account` helpers can fill a mailbox; that passdb never sees an XOAUTH2 login.
    Everything else is the test Dovecot's (tests.testing.servers.Dovecot).
    """

    def __init__(self, endpoint: TokenEndpoint, binary: str | None = None) -> None:
        self.endpoint = endpoint
        super().__init__(binary)

    def _auth_settings(self) -> str:
        oauth2_conf = self.dir / "dovecot-oauth2.conf.ext"
        oauth2_conf.write_text(f"""\
introspection_mode = post
introspection_url = {self.endpoint.url(DOVECOT_PATH)}
# No tokeninfo_url: every login is checked by introspection.
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
""")
        return f"""\
auth_mechanisms = plain login xoauth2 oauthbearer
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {oauth2_conf}
}}
passdb {{
  driver = static
  mechanisms = plain login
  args = password={self.password}
}}"""

    def new_account(self) -> Account:
        """A new user with an empty mailbox; its `password` is the helpers' PLAIN one."""
        return Account(self.host, self.port, f"bot-{secrets.token_hex(4)}@difbot.example",
                       self.password)

    def token_logins(self, username: str) -> list[str]:
        """The mechanisms of the successful token logins of `username` (not the helpers'
        PLAIN ones), from Dovecot's log."""
        prefix = f"Login: user=<{username}>, method="
        found = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            _, hit, rest = line.partition(prefix)
            mechanism = rest.split(",", 1)[0]
            if hit and mechanism not in ("PLAIN", "LOGIN"):
                found.append(mechanism)
        return found

    def __enter__(self) -> OAuthDovecot:
        self.start()
        return self


# -- aiosmtpd with AUTH XOAUTH2 ----------------------------------------------------------


async def sasl_response(server: Any, args: list[str]) -> bytes | None:
    """The client's SASL response for `AUTH XOAUTH2`: the initial response on the AUTH
    line, or asked for with an empty challenge; None (answered already) when it is not
    base64 or the client gave up."""
    from aiosmtpd.smtp import MISSING

    if len(args) == 2:
        try:
            return base64.b64decode(args[1], validate=True)
        except ValueError:
            await server.push("501 5.5.2 Can't decode base64")
            return None
    answer = await server.challenge_auth("")
    return None if answer is MISSING else bytes(answer)


def parse_xoauth2(blob: bytes) -> tuple[str, str] | None:
    """(user, token) from an XOAUTH2 initial response `user=U^Aauth=Bearer T^A^A`."""
    try:
        text = blob.decode("ascii")
    except UnicodeDecodeError:
        return None
    if not text.endswith("\x01\x01"):
        return None
    fields = text[:-2].split("\x01")
    if len(fields) != 2 or not fields[0].startswith("user=") \
            or not fields[1].startswith("auth=Bearer "):
        return None
    user, token = fields[0][len("user="):], fields[1][len("auth=Bearer "):]
    return (user, token) if user and token else None


class XOAuth2SmtpServer(SmtpServer):
    """aiosmtpd that requires AUTH, offers only XOAUTH2, and asks `endpoint` per login.

    A login succeeds if the endpoint calls the token active for the user named in the
    SASL string. Otherwise the client gets XOAUTH2's error report (334 + base64 JSON),
    must answer it with an empty line, and then gets 535. `logins` lists the users let
    in; `senders` the user each accepted message was submitted as.
    """

    def __init__(self, endpoint: TokenEndpoint) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.logins: list[str] = []
        self.senders: list[str] = []
        self.refused = 0

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        if self._controller is not None:
            return
        # AUTH over plain SMTP is fine on loopback; aiosmtpd would want TLS first.
        controller = Controller(self, hostname=self.host, port=self.port,
                                enable_SMTPUTF8=True, auth_required=True,
                                auth_require_tls=False,
                                auth_exclude_mechanism=["PLAIN", "LOGIN"])
        controller.start()
        self._controller = controller

    def __enter__(self) -> XOAuth2SmtpServer:
        self.start()
        return self

    # aiosmtpd offers every auth_<MECHANISM> method of the handler in EHLO.
    async def auth_XOAUTH2(self, server: Any, args: list[str]) -> Any:  # noqa: N802
        from aiosmtpd.smtp import MISSING, AuthResult

        blob = await sasl_response(server, args)
        if blob is None:
            return AuthResult(success=False, handled=True)
        parsed = parse_xoauth2(blob)
        if parsed is not None:
            user, token = parsed
            said = await asyncio.to_thread(ask, self.endpoint.url(SMTP_PATH), token)
            if said.get("active") is True and said.get("username") == user:
                with self._changed:
                    self.logins.append(user)
                return AuthResult(success=True, auth_data=user)
        with self._changed:
            self.refused += 1
        report = json.dumps({"status": "401", "schemes": "bearer"})
        if await server.challenge_auth(report) is MISSING:
            return AuthResult(success=False, handled=True)
        return AuthResult(success=False, handled=False, message="535 5.7.8 token refused")

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        # The lock is re-entrant: the parent takes it too, so both lists change together.
        with self._changed:
            answer = await super().handle_DATA(server, session, envelope)
            if answer.startswith("250"):
                self.senders.append(str(session.auth_data))
        return answer
