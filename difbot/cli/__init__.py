"""The top: the `difbot` command (`command`, with `dataset_commands` and
`retention_commands`), the daemon under systemd (`daemon`), `status`, and the log
filter that keeps personal data out of every log line (`logfilter`). May import
everything; nothing imports it.
"""
