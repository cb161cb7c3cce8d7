"""The configuration: one TOML file read into typed, validated settings (DESIGN §4.2).

`schema` declares every section and key with its default; `reader` reads and checks a
file against it (`section`: one table, key by key), naming file, section and key in
every error. May import the pure layers only (address checks); every edge and the
application import this.
"""

from difbot.config.reader import default_config_path, load
from difbot.config.schema import (
    ALL_SECRETS,
    DEFAULT_PORTS,
    KEY,
    MAIL,
    SECURITY_MODES,
    DatasetSettings,
    DeadlineSettings,
    IdentitySettings,
    ImapSettings,
    PathSettings,
    RetentionSettings,
    RunSettings,
    Settings,
    SmtpSettings,
    StorageSettings,
)
from difbot.config.section import ConfigError, is_loopback

__all__ = [
    "ALL_SECRETS", "DEFAULT_PORTS", "KEY", "MAIL", "SECURITY_MODES", "ConfigError",
    "DatasetSettings", "DeadlineSettings",
    "IdentitySettings", "ImapSettings", "PathSettings", "RetentionSettings", "RunSettings",
    "Settings", "SmtpSettings", "StorageSettings", "default_config_path", "is_loopback",
    "load",
]
