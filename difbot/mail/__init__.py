"""The network edges: IMAP (`imap`, the only importer of imapclient), SMTP (`smtp`,
the only importer of smtplib), OAuth2 tokens (`oauth2`), TLS verification shared by
both (`tls`), and outgoing mail rendered
from `templates/` (`outgoing`). Thin: timeouts, errors turned into our own, no
decisions. May import the pure layers (`difbot.core`, `difbot.understand`) and
`difbot.config`; never `difbot.storage` or anything above.
"""
