"""difbot: the DiF privacy mailbox daemon."""
