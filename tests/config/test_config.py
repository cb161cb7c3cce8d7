"""Config: every mistake is one line naming the file and the key."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from difbot import config
from difbot.cli.command import main
from difbot.config.schema import DEFAULT_PORTS, SECTIONS, DeadlineSettings, defaults
from tests.testing import paths
from tests.testing.configs import GOOD, write
from tests.testing.tls import Authority


def test_good_config_loads_typed_with_defaults(tmp_path: Path) -> None:
    s = config.load(write(tmp_path, GOOD))
    assert s.imap.port == 143 and s.imap.password == "pw"
    assert s.smtp.port == 2525
    assert s.identity.address == "privacy@example.org"
    assert s.identity.domain == "example.org"
    assert s.storage.state_dir == tmp_path / "state"
    assert s.deadlines.reply_months == 1 and s.deadlines.reply_days == 0
    assert s.dataset.index == tmp_path / "state" / "dataset.sqlite3"


def test_example_config_documents_every_key(tmp_path: Path) -> None:
    example = paths.ROOT / "difbot.example.toml"
    text = example.read_text()
    for section, cls in [("imap", config.ImapSettings), ("smtp", config.SmtpSettings),
                         ("retention", config.RetentionSettings),
                         ("deadlines", config.DeadlineSettings), ("run", config.RunSettings),
                         ("paths", config.PathSettings)]:
        assert f"[{section}]" in text
        for key in cls.__dataclass_fields__:
            key = {"password": "password_file"}.get(key, key)
            assert key in text, f"[{section}] {key} is not documented"
    for key in ("address", "name", "staff", "staff_notify", "secret_file",
                "trusted_authserv_id", "state_dir", "index", "sunset"):
        assert key in text


# Keys whose value in the example is a placeholder for the admin's own, not a default:
# required keys, and those whose default depends on another key (port, index).
PLACEHOLDERS = {"host", "port", "username", "password_file", "address", "staff",
                "staff_notify", "secret_file", "state_dir", "index", "sunset",
                "download_url"}


def test_example_config_shows_the_declared_defaults() -> None:
    """Each default is declared once (config/schema.py); the example must not drift."""
    raw = tomllib.loads((paths.ROOT / "difbot.example.toml").read_text())
    checked = 0
    for section, values in raw.items():
        declared = defaults(SECTIONS[section])
        for key, value in values.items():
            if key in PLACEHOLDERS:
                continue
            assert key in declared, f"[{section}] {key}: shown in the example, not declared"
            assert value == declared[key], (
                f"[{section}] {key}: the example says {value!r}, the schema {declared[key]!r}")
            checked += 1
    assert checked >= 25
    for section, values in raw.items():  # a derived default: the port for the security
        if "port" in values:
            assert values["port"] == DEFAULT_PORTS[section][values["security"]], section


def test_example_config_loads(tmp_path: Path) -> None:
    """The example, with its secret files beside it, is a valid configuration."""
    text = (paths.ROOT / "difbot.example.toml").read_text()
    text = text.replace('"/var/lib/difbot', f'"{tmp_path}/state')
    (tmp_path / "imap-password").write_text("pw")
    (tmp_path / "smtp-password").write_text("pw")
    (tmp_path / "hmac-secret").write_text("0123456789abcdef0123")
    settings = config.load(write(tmp_path, text))
    assert settings.deadlines.reply_days == defaults(DeadlineSettings)["reply_days"]


@pytest.mark.parametrize("edit, where", [
    (lambda t: t.replace('username = "difbot"\n', ""), "[imap] username: missing key"),
    (lambda t: t.replace("port = 2525", 'port = "2525"'), "[smtp] port: expected an integer"),
    (lambda t: t.replace("port = 2525", "port = true"), "[smtp] port: expected an integer"),
    (lambda t: t.replace("port = 2525", "port = 70000"), "[smtp] port: must be at most"),
    (lambda t: t + "\n[run]\npoll_second = 5\n", "[run] poll_second: unknown key"),
    (lambda t: t + "\n[run]\nidle_recheck_ms = 20\n", "[run] idle_recheck_ms: must be 0 (off)"),
    (lambda t: t + "\n[run]\nidle_recheck_ms = -1\n", "[run] idle_recheck_ms: must be at least"),
    (lambda t: t + "\n[extra]\n", "[extra]: unknown section"),
    (lambda t: t.replace('"secret"', '"nope"'),
     "[identity] secret_file: secret file 'nope' not found: looked in "),
    (lambda t: t.replace('host = "127.0.0.1"', 'host = "imap.example.org"'),
     '[imap] security: "none" is refused'),
    (lambda t: t.replace('host = "localhost"', 'host = "10.0.0.5"'),
     '[smtp] security: "none" is refused'),
    (lambda t: t.replace('security = "none"\nusername', 'security = "tls"\nusername'),
     "[imap] security: must be one of"),
    (lambda t: t.replace('"alice@example.org"', '"alice"'), "[identity] staff: not a valid"),
    (lambda t: t.replace("port = 2525", "port = 25 25"), "not valid TOML"),
    (lambda t: t.replace('[storage]\nstate_dir = "state"\n', ''), "[storage]: missing section"),
])
def test_mistakes_name_file_and_key(tmp_path: Path, edit, where: str) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, edit(GOOD))
    with pytest.raises(config.ConfigError) as err:
        config.load(path)
    message = str(err.value)
    assert message.startswith(str(path)), message
    assert where in message, message
    assert "\n" not in message


def test_short_secret_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    (tmp_path / "secret").write_text("short")
    with pytest.raises(config.ConfigError, match=r"\[identity\] secret_file: .*fewer than 16"):
        config.load(path)


def test_secret_from_credentials_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, GOOD)
    creds = tmp_path / "creds"
    creds.mkdir()
    (creds / "imap-password").write_text("from-systemd")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    assert config.load(path).imap.password == "from-systemd"


def test_check_exits_2_on_invalid_and_0_on_valid(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, GOOD.replace("port = 2525", "port = -1"))
    assert main(["--config", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert "[smtp] port" in err and err.count("\n") == 1
    path = write(tmp_path, GOOD)
    assert main(["--config", str(path), "check"]) == 0


def test_loopback_detection() -> None:
    assert config.is_loopback("127.0.0.1") and config.is_loopback("::1")
    assert config.is_loopback("localhost") and config.is_loopback("127.5.5.5")
    assert not config.is_loopback("192.168.1.1") and not config.is_loopback("example.org")


# -- ca_file: the CA that TLS trusts instead of the system store ---------------------------

IMAP_TLS = ('security = "none"\nusername', 'security = "ssl"\nca_file = "{ca}"\nusername')
SMTP_TLS = ('port = 2525\nsecurity = "none"',
            'port = 2525\nsecurity = "starttls"\nca_file = "{ca}"')


def with_ca_file(text: str, imap: str | None = None, smtp: str | None = None) -> str:
    for value, (old, new) in ((imap, IMAP_TLS), (smtp, SMTP_TLS)):
        if value is not None:
            text = text.replace(old, new.format(ca=value))
    return text


def test_ca_file_defaults_to_the_system_store_and_is_relative_to_the_config(
        tmp_path: Path, test_ca: Authority) -> None:
    assert config.load(write(tmp_path, GOOD)).imap.ca_file is None
    (tmp_path / "certs").mkdir()
    shutil.copyfile(test_ca.ca_file, tmp_path / "certs" / "ca.pem")
    s = config.load(write(tmp_path, with_ca_file(GOOD, "certs/ca.pem", str(test_ca.ca_file))))
    assert s.imap.ca_file == tmp_path / "certs" / "ca.pem" and s.imap.security == "ssl"
    assert s.smtp.ca_file == test_ca.ca_file and s.smtp.security == "starttls"


@pytest.mark.parametrize("imap, smtp, where", [
    ("missing.pem", None, "[imap] ca_file: cannot read {dir}/missing.pem: No such file"),
    (None, ".", "[smtp] ca_file: cannot read {dir}: Is a directory"),
    ("notes.txt", None, "[imap] ca_file: {dir}/notes.txt: not a PEM file of CA certificates "
                        "(no BEGIN CERTIFICATE block)"),
    (None, "broken.pem", "[smtp] ca_file: {dir}/broken.pem: not a PEM file of CA certificates"),
    (None, "key.pem", "[smtp] ca_file: {dir}/key.pem: not a PEM file of CA certificates"),
    ("", None, "[imap] ca_file: must not be empty"),
])
def test_a_bad_ca_file_is_one_line_naming_section_and_key(
        tmp_path: Path, test_ca: Authority, capsys: pytest.CaptureFixture[str],
        imap: str | None, smtp: str | None, where: str) -> None:
    (tmp_path / "notes.txt").write_text("our CA is the one from the intranet page\n")
    (tmp_path / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n"
                                         "-----END CERTIFICATE-----\n")
    # A key alone, no certificate; with a certificate of someone else's tacked on as text.
    key = test_ca.cert().pem.read_text().split("-----BEGIN CERTIFICATE-----")[0]
    (tmp_path / "key.pem").write_text(key + "-----BEGIN CERTIFICATE-----\n")
    path = write(tmp_path, with_ca_file(GOOD, imap, smtp))
    with pytest.raises(config.ConfigError) as err:
        config.load(path)
    message = str(err.value)
    assert message.startswith(f"{path}: {where.format(dir=tmp_path)}"), message
    assert "\n" not in message
    assert main(["--config", str(path), "check"]) == 2
    assert capsys.readouterr().err == f"difbot: {message}\n"


def test_ca_file_without_tls_is_refused(tmp_path: Path, test_ca: Authority) -> None:
    text = GOOD.replace('security = "none"\nusername',
                        f'security = "none"\nca_file = "{test_ca.ca_file}"\nusername')
    with pytest.raises(config.ConfigError,
                       match=r'\[imap\] ca_file: set with security = "none"'):
        config.load(write(tmp_path, text))


def test_plaintext_to_a_remote_host_is_refused_whatever_the_ca_file(
        tmp_path: Path, test_ca: Authority) -> None:
    text = GOOD.replace('host = "127.0.0.1"', 'host = "imap.example.org"').replace(
        'security = "none"\nusername', f'security = "none"\nca_file = "{test_ca.ca_file}"\n'
        'username')
    with pytest.raises(config.ConfigError) as err:
        config.load(write(tmp_path, text))
    assert str(err.value).endswith("[imap] security: \"none\" is refused for non-loopback host "
                                   "'imap.example.org': use \"ssl\" or \"starttls\"")
