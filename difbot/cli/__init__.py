"""The top: the `difbot` command (`command`, with `dataset_commands`,
`retention_commands`, `researcher_commands`, `examples`, and `options` shared by them),
the daemon under systemd (`daemon`, fed to systemd's watchdog by `watchdog`), `status`,
and the log filter that keeps personal data out of every log line (`logfilter`). May
import everything; nothing imports it.
"""
