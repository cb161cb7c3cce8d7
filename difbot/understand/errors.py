"""The one base of the errors that mean difbot is set up wrong, not that a message is
bad: a config mistake, a rule file or template mistake, a state directory or dataset
index that cannot be used. The command line prints such an error's one line and exits 1
(2 for `check`) whichever module raised it, without importing them all to know their
classes (`cli/command.py`). It lives in the lowest layer so that every layer's own
error can be one."""


class SetupError(Exception):
    """difbot is set up wrong; str() is one line naming what and where."""
