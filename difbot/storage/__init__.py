"""The disk edges: the case store (`store`; its `engine`, documents in memory `tables`,
`files`, and its lookups: `index` in memory, `indexfile` in SQLite, `view` over both),
the instance lock and durable renames (`fileops`), the append-only audit log (`audit`)
and the SQLite dataset index (`dataset`, its rows checked by `dataset_rows`).
Crash-safe by construction; no decisions. May import the pure layers and
`difbot.config`; never `difbot.mail` or anything above.
"""
