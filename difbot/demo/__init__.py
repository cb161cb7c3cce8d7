"""`difbot demo`: the real application on embedded loopback servers (`servers`: pymap
and aiosmtpd, shared with the tests) with the sample mail in `samples/`. Needs the
`demo` extra's dependencies. May import everything below `difbot.cli`.
"""
