"""The pure core: what difbot decides, given a message, its case and the time.

The case model (`cases`), the values a decision is made of (`intents`), the policies
the configuration gives it (`policies`), one state machine per case kind (`access`,
`withdrawal`, `removal`), the dispatch between them (`decide`), staff command
semantics (`staff_commands`), deadlines, retention rules and removal notices. No
network, no disk, no clock: every function takes `now`. May import only `difbot.core`
and `difbot.understand` (checked by import-linter in `make test`).
"""
