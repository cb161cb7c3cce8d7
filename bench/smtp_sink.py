"""The benchmark's SMTP server: aiosmtpd on loopback, in a process of its own.

It accepts every message and appends one JSON line per message to --log, flushed at once:
`{"t": time.time() at DATA, "size": bytes, "ids": [benchmark Message-IDs it names],
"rcpt": count}`. The benchmark reads that file for counts, sizes and reply latency.

    python bench/smtp_sink.py --port 2525 --log /tmp/sink.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.smtp import SMTP  # noqa: E402

from bench.mailgen import found_ids  # noqa: E402


class Recorder:
    def __init__(self, log: Path) -> None:
        self.out = open(log, "a", buffering=1)  # noqa: SIM115 - open for the whole run
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = bytes(envelope.content)
        self.count += 1
        self.out.write(json.dumps({"t": time.time(), "size": len(data), "ids": found_ids(data),
                                   "rcpt": len(envelope.rcpt_tos)}) + "\n")
        return "250 OK"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--log", type=Path, required=True)
    args = p.parse_args()
    recorder = Recorder(args.log)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory() -> SMTP:
        return SMTP(recorder, hostname="bench-sink", enable_SMTPUTF8=True,
                    data_size_limit=64 * 1024 * 1024)

    server = loop.run_until_complete(loop.create_server(factory, args.host, args.port))
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    print("ready", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        recorder.out.close()


if __name__ == "__main__":
    main()
