"""The application: the core run against the edges.

One context (`context.App`, built once by `context.build`) holds the settings, store,
rules, templates, audit log, dataset, mailer and clock, and is handed to the poll
(`poll`), the timers (`timers`), the outbox (`outbox`), the staff desk (`staff_desk`)
the purge (`purge`), an admin's hold and release (`requests`) and the researchers'
import (`registrations`); `record` writes what was decided. The only module that
reads the real clock is `clock`. May import every layer below: `difbot.mail`,
`difbot.storage`, `difbot.config`, `difbot.core`, `difbot.understand`.
"""
