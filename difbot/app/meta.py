"""Names of store meta values that the app writes and `difbot status` reads.

Kept in a module that imports nothing, so that status (run by monitoring every minute)
can name what it reads without importing the module that writes it, and with it the
whole application (the outbox pulls in the context, the workers, the rules engine).
"""

# The last round the SMTP server could not be used, until a send works again
# (written by `outbox`).
SMTP_FAILURE = "smtp_failure"
