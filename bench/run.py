"""difbot's benchmark (`make bench`): one table on stdout, the same numbers as JSON.

Runs against a private Dovecot (tests.testing.servers.Dovecot) and an aiosmtpd sink in a process
of its own (bench/smtp_sink.py), both on 127.0.0.1, and measures:

1. backlog  N mixed messages (bench/mailgen.py: every category and language of
            tests/data/mail, 2-20 KB, some with attachments) in INBOX: the wall time of the
            daemon's poll over all of them (bench/poll_once.py) and messages per second;
   floor    the same I/O with plain imapclient and smtplib: FETCH in batches, one SMTP
            transaction per mail difbot sent (same count, same sizes) over one
            connection, MOVE of every message; floor time / difbot time.
2. history  the per-message cost with 0, 10,000 and 100,000 historical cases in the
            store (cloned from the cases, outbox entries and seen records a real run
            wrote), on a few hundred new messages, or as many as fit a time budget.
3. dataset  `difbot dataset import` of a generated 1,000,000-row YFCC-style file
            (bench/make_yfcc.py): wall time and peak RSS; lookup latency p50/p99 per
            reference form; the RSS of `difbot run` with that index attached.
4. latency  `difbot run` idling in IMAP IDLE: APPEND -> reply accepted by the SMTP
            server, p50/p99 over 100 messages.
5. profile  the backlog poll again under pyinstrument: time per difbot function.
6. commands the read-only commands monitoring and admins run (`status`, `cases list
            --state under_review`, `cases show`) and a bare read-only store open, on
            each history level's store: wall time and peak RSS, a fresh process each.

    .venv/bin/python bench/run.py [--messages 5000] [--history 0,10000,100000]
                                  [--skip history,profile] [--out bench/results/latest.json]

Budgets (--budget, --history-budget) stop a run between messages, the way SIGTERM stops
the daemon; the table then says how many messages were measured and why.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imapclient import IMAPClient  # noqa: E402

from bench import mailgen  # noqa: E402
from bench.poll_once import check_buckets  # noqa: E402
from difbot.core.cases import case_id  # noqa: E402
from difbot.storage.store import DB_NAME, PARTS_DIR  # noqa: E402
from tests.testing.e2e import PRIVACY, PROCESSED, write_config  # noqa: E402
from tests.testing.servers import Account, Dovecot, find_dovecot, free_port  # noqa: E402

PY = sys.executable
BENCH = ROOT / "bench"
PARTS = ("backlog", "floor", "history", "dataset", "latency", "profile")
# Categories whose every sample gets a reply to the requester (used for latency).
REPLYING = {"access", "withdrawal", "removal-inquiry", "removal-opt_out",
            "removal-annotation", "removal-rights"}
# Issue 19's: backlog rate, CPU per message, floor ratio, history ratio, read-only commands.
TARGETS = {
    "backlog_rate": 150.0, "cpu_ms": 6.0, "floor_ratio": 0.4, "history_ratio": 1.3,
    "command_s": 0.5, "command_rss_mb": 80.0, "import_s": 60.0,
    "import_rss_mb": 400.0, "lookup_p99_ms": 2.0, "daemon_rss_mb": 120.0,
    "latency_p50_ms": 300.0, "latency_p99_ms": 1000.0,
}


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# -- servers ---------------------------------------------------------------------------


class Sink:
    """bench/smtp_sink.py in its own process; `records()` reads what it accepted."""

    def __init__(self, workdir: Path) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.log = workdir / "sink.jsonl"
        self.log.touch()
        self._read = 0  # bytes of the log already parsed
        self._cache: list[dict[str, Any]] = []
        self.proc = subprocess.Popen(
            [PY, str(BENCH / "smtp_sink.py"), "--port", str(self.port), "--log", str(self.log)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=open(workdir / "sink.err", "wb"),  # noqa: SIM115 - the child keeps it
            start_new_session=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if b"ready" not in line:
            raise RuntimeError(f"SMTP sink did not start: {(workdir / 'sink.err').read_text()}")
        with smtplib.SMTP(self.host, self.port, timeout=10) as s:
            s.noop()

    def records(self) -> list[dict[str, Any]]:
        with open(self.log, "rb") as f:
            f.seek(self._read)
            data = f.read()
        end = data.rfind(b"\n") + 1
        for line in data[:end].splitlines():
            self._cache.append(json.loads(line))
        self._read += end
        return self._cache

    def mark(self) -> int:
        return len(self.records())

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def imap(account: Account) -> IMAPClient:
    c = IMAPClient(account.host, port=account.port, ssl=False, timeout=60)
    c.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c.login(account.username, account.password)
    return c


def deliver(account: Account, raws: Sequence[bytes], folder: str = "INBOX") -> float:
    """APPEND the messages (MULTIAPPEND, 200 a command); seconds taken."""
    t = time.perf_counter()
    c = imap(account)
    try:
        for i in range(0, len(raws), 200):
            c.multiappend(folder, list(raws[i:i + 200]))
    finally:
        c.logout()
    return time.perf_counter() - t


def count(account: Account, folder: str) -> int:
    c = imap(account)
    try:
        if not c.folder_exists(folder):
            return 0
        return int(c.select_folder(folder, readonly=True)[b"EXISTS"])
    finally:
        c.logout()


# -- configs and difbot processes ------------------------------------------------------


def config(workdir: Path, account: Account, sink: Sink, index: Path | None = None,
           recheck_ms: int = 0, workers: int | None = None) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    extra = f'\n[dataset]\nindex = "{index}"\n' if index else ""
    # A backlog of thousands of messages is one office's day many times over: the daily
    # cap on staff mail (100) would hold most escalations back and make the runs send
    # half the mail they did before the cap existed, so it is lifted here.
    extra += "\n[run]\nstaff_mail_cap_per_day = 1000000\n"
    if recheck_ms:
        extra += f"idle_recheck_ms = {recheck_ms}\n"
    if workers is not None:
        extra += f"workers = {workers}\n"
    smtp: Any = SimpleNamespace(host=sink.host, port=sink.port)  # all write_config reads
    return write_config(workdir, account, smtp, extra=extra)


def cpu_ticks() -> list[int]:
    """The machine's CPU time so far, /proc/stat's first line (user nice system idle
    iowait irq softirq steal), in ticks."""
    try:
        with open("/proc/stat") as f:
            return [int(x) for x in f.readline().split()[1:9]]
    except OSError:
        return [0] * 8


def cpu_share(before: list[int], after: list[int]) -> dict[str, float]:
    """Shares of the machine's CPU time (both cores) between two cpu_ticks()."""
    d = [a - b for a, b in zip(after, before, strict=True)]
    total = sum(d) or 1
    busy = d[0] + d[1] + d[2] + d[5] + d[6]
    return {"busy": busy / total, "iowait": d[4] / total, "steal": d[7] / total,
            "idle": d[3] / total}


def poll_once(cfg: Path, deadline: float = 0.0, profile: Path | None = None,
              now: str | None = None) -> dict[str, Any]:
    """bench/poll_once.py in a fresh process; its JSON, stderr kept beside the config.
    Also how busy the whole machine was meanwhile (other load makes numbers noisy)."""
    argv = [PY, str(BENCH / "poll_once.py"), "--config", str(cfg)]
    if deadline:
        argv += ["--deadline", str(deadline)]
    if profile:
        argv += ["--profile", str(profile)]
    if now:
        argv += ["--now", now]
    ticks = cpu_ticks()
    with open(cfg.parent / "difbot.log", "ab") as err:
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=err, check=False)
    if done.returncode != 0:
        tail = (cfg.parent / "difbot.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"poll_once failed ({done.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(done.stdout)
    result["machine_cpu"] = cpu_share(ticks, cpu_ticks())
    return result


def batches(r: dict[str, Any], total: int) -> dict[str, Any]:
    """Throughput per IMAP batch (each ends with its MOVE), and the time all `total`
    messages would take if the per-message cost keeps growing as it did (least squares
    of cost against messages already handled)."""
    moves = r.get("moves") or []
    xs: list[float] = []
    ys: list[float] = []
    done = 0
    last_t = 0.0
    for t, n in moves:
        if n:
            xs.append(done + n / 2)
            ys.append((t - last_t) / n)
        done += n
        last_t = t
    out: dict[str, Any] = {"batches": len(xs)}
    if not xs:
        return out
    out["first_rate"] = 1 / ys[0]
    out["last_rate"] = 1 / ys[-1]
    if len(xs) >= 3:
        mx, my = statistics.mean(xs), statistics.mean(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0
        a = my - slope * mx
        out.update(cost_ms_at_0=a * 1000, cost_ms_per_1000=slope * 1e6,
                   projected_s=a * total + slope * total * total / 2)
    return out


# `difbot ARGS...` that reports its own peak RSS. Not ru_maxrss: on Linux a child's
# ru_maxrss starts from its parent's high-water mark (fork, then exec), so a large
# benchmark process would be counted; VmHWM is that of the command's own address space.
_HWM = """import sys
from difbot.cli.command import main
code = main(sys.argv[2:])
with open("/proc/self/status") as f:
    hwm = next(line.split()[1] for line in f if line.startswith("VmHWM"))
with open(sys.argv[1], "w") as f:
    f.write(hwm)
sys.exit(code)
"""


def run_measured(args: list[str], **kwargs: Any) -> tuple[float, int, int]:
    """`difbot ARGS`; (wall seconds, peak RSS in KiB, exit status)."""
    with tempfile.NamedTemporaryFile(suffix=".hwm") as hwm:
        t = time.perf_counter()
        code = subprocess.run([PY, "-c", _HWM, hwm.name, *args], check=False,
                              **kwargs).returncode
        wall = time.perf_counter() - t
        text = Path(hwm.name).read_text().strip()
    return wall, int(text) if text else 0, code


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, int(round(q / 100 * len(ordered) + 0.4999)))
    return ordered[min(rank, len(ordered)) - 1]


# -- part 1: backlog and its I/O floor ---------------------------------------------------


def part_backlog(b: Bench, n: int, budget: float, do_floor: bool) -> dict[str, Any]:
    msgs = mailgen.generate(b.samples, n, b.run_id("bl"))
    sizes = [len(m.raw) for m in msgs]
    account = b.dovecot.new_account()
    log(f"backlog: appending {n} messages")
    append_s = deliver(account, [m.raw for m in msgs])
    cfg = config(b.work / "backlog", account, b.sink)
    mark = b.sink.mark()
    log(f"backlog: difbot poll over {n} messages (budget {budget:.0f} s)")
    r = poll_once(cfg, deadline=budget)
    sent = b.sink.records()[mark:]
    handled = r["report"]["processed"] + r["report"]["quarantined"]
    out: dict[str, Any] = {
        "messages": n, "bytes_mean": statistics.mean(sizes), "bytes_min": min(sizes),
        "bytes_max": max(sizes),
        "with_attachment": sum(b"Content-Disposition: attachment" in m.raw for m in msgs),
        "categories": _count(m.category for m in msgs),
        "append_s": append_s, "handled": handled, "difbot": r,
        "difbot_s": r["poll_s"], "rate": handled / r["poll_s"] if r["poll_s"] else 0.0,
        "partial": handled < n, "mail_sent": len(sent),
        "mail_sent_bytes": sum(s["size"] for s in sent),
        "replied_ids": len({i for s in sent for i in s["ids"]}),
        "moved": count(account, PROCESSED),
        "batches": batches(r, n),
    }
    b.state["backlog_store"] = cfg.parent / "state"
    if do_floor and handled:
        floor_account = b.dovecot.new_account()
        deliver(floor_account, [m.raw for m in msgs[:handled]])
        log(f"floor: {handled} messages, {len(sent)} mails sent")
        out["floor"] = io_floor(floor_account, b.sink, handled, [s["size"] for s in sent])
        out["floor_ratio"] = out["floor"]["total_s"] / r["poll_s"]
    return out


def io_floor(account: Account, sink: Sink, n: int, reply_sizes: list[int],
             batch: int = 100) -> dict[str, Any]:
    """The I/O of the backlog with nothing in between: FETCH a batch of bodies, send the
    replies that batch caused (one SMTP transaction each, one connection), MOVE the batch.
    Login and the building of the replies are not timed."""
    replies = [_filler(size, i) for i, size in enumerate(reply_sizes)]
    c = imap(account)
    c.create_folder("bench-moved")
    c.select_folder("INBOX")
    smtp = smtplib.SMTP(sink.host, sink.port, timeout=60)
    smtp.ehlo()
    spent = {"fetch": 0.0, "send": 0.0, "move": 0.0}
    t0 = time.perf_counter()
    c.noop()
    uids = sorted(int(u) for u in c.search("ALL"))[:n]
    batches = [uids[i:i + batch] for i in range(0, len(uids), batch)]
    given = 0
    fetched_bytes = 0
    for k, part in enumerate(batches):
        t = time.perf_counter()
        data = c.fetch(part, ["BODY.PEEK[]"])
        fetched_bytes += sum(len(v[b"BODY[]"]) for v in data.values())
        t1 = time.perf_counter()
        upto = len(replies) * (k + 1) // len(batches)
        for raw in replies[given:upto]:
            smtp.sendmail(PRIVACY, ["requester@bench.example"], raw)
        given = upto
        t2 = time.perf_counter()
        c.move(part, "bench-moved")
        t3 = time.perf_counter()
        spent["fetch"] += t1 - t
        spent["send"] += t2 - t1
        spent["move"] += t3 - t2
    total = time.perf_counter() - t0
    smtp.quit()
    c.logout()
    return {"total_s": total, "split_s": spent, "messages": len(uids),
            "fetched_bytes": fetched_bytes, "sent": given}


def _filler(size: int, i: int) -> bytes:
    head = (f"From: {PRIVACY}\r\nTo: requester@bench.example\r\nSubject: floor {i}\r\n"
            f"Message-ID: <floor-{i}@bench.example>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n").encode()
    line = b"x" * 76 + b"\r\n"
    body = (line * (max(0, size - len(head)) // len(line) + 1))[:max(0, size - len(head))]
    return head + body


def _count(items: Iterator[str] | Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return out


# -- part 2: history ---------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2})?")
_MSGID = re.compile(r"<([^<>\s\"@]+)@([^<>\s\"]+)>")
_CASE = re.compile(r"DIF-\d{4}-\d{4,}")
_CLOSED = {"access": ("approved", "abandoned", "denied", "abandoned"),
           "removal": ("removed", "resolved", "rejected", "closed"),
           "withdrawal": ("confirmed", "closed"), "unknown": ("closed",), "auto": ("closed",)}


def history_units(state_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """From a real run's store: one unit per case (the case, its outbox entries, its seen
    records), and the seen records without a case (automatic mail). Read from the files
    the root's manifest names, as TinyDB files."""
    root = json.loads((state_dir / DB_NAME).read_text())
    tables: dict[str, list[dict[str, Any]]] = {"cases": [], "outbox": [], "seen": []}
    for name, gen in root["store"]["1"]["parts"].items():
        part = json.loads((state_dir / PARTS_DIR / f"{name}.{gen}.json").read_text())
        for table, docs in tables.items():
            docs.extend(part.get(table, {}).values())
    units = []
    for case in tables["cases"]:
        units.append({
            "case": case,
            "outbox": [o for o in tables["outbox"] if o.get("case_id") == case["id"]],
            "seen": [s for s in tables["seen"] if s.get("case_id") == case["id"]],
        })
    caseless = [s for s in tables["seen"] if not s.get("case_id")]
    return units, caseless


def store_bytes(state_dir: Path) -> int:
    return sum(p.stat().st_size for p in state_dir.rglob("*.json"))


def clone_history(units: list[dict[str, Any]], caseless: list[dict[str, Any]], h: int,
                  now: datetime) -> dict[str, list[dict[str, Any]]]:
    """`h` past cases made from the units: new case ids, requesters and Message-IDs,
    dates moved 40 days to 3 years back, states ended; the seen records of automatic
    mail in the same proportion. Outbox entries are sent (no body), as difbot leaves them."""
    rng = random.Random(h)
    cases: list[dict[str, Any]] = []
    outbox: list[dict[str, Any]] = []
    seen: list[dict[str, Any]] = []
    ratio = len(caseless) / max(1, len(units))
    owed = 0.0
    texts = [json.dumps(u, ensure_ascii=False) for u in units]
    numbers: dict[int, int] = {}  # case numbers run on per year, as difbot numbers them
    caseless_texts = [json.dumps(s, ensure_ascii=False) for s in caseless]
    for j in range(h):
        unit = units[j % len(units)]
        text = texts[j % len(units)]
        back = timedelta(days=40 + rng.randrange(1050), seconds=rng.randrange(86400))
        year = (now - back).year
        numbers[year] = numbers.get(year, 0) + 1
        new_id = case_id(year, numbers[year])
        requester = unit["case"]["requester"]
        local, _, domain = requester.partition("@")
        text = text.replace(requester, f"h{j}.{local}@{domain}")
        text = _CASE.sub(new_id, text)
        prefix = f"h{j}."
        text = _MSGID.sub(functools.partial(_new_id, prefix), text)
        text = _DATE.sub(functools.partial(_new_date, back), text)
        u = json.loads(text)
        case = u["case"]
        options = _CLOSED.get(case.get("category", ""), ("closed",))
        case["state"] = options[j % len(options)]
        cases.append(case)
        for o in u["outbox"]:
            o.update(status="sent", raw="", attempts=1, sent_at=o.get("created"))
            outbox.append(o)
        seen.extend(u["seen"])
        owed += ratio
        while owed >= 1 and caseless_texts:
            owed -= 1
            k = len(seen) % len(caseless_texts)
            inner = f"h{j}.{k}."
            t = _MSGID.sub(functools.partial(_new_id, inner), caseless_texts[k])
            t = _DATE.sub(functools.partial(_new_date, back), t)
            seen.append(json.loads(t))
    return {"cases": cases, "outbox": outbox, "seen": seen}


def _new_id(prefix: str, m: re.Match[str]) -> str:
    return f"<{prefix}{m.group(1)}@{m.group(2)}>"


def _new_date(back: timedelta, m: re.Match[str]) -> str:
    return _shift(m.group(0), back)


def _shift(iso: str, back: timedelta) -> str:
    try:
        return (datetime.fromisoformat(iso) - back).isoformat()
    except ValueError:
        return iso


def fill_with_store(state_dir: Path, hist: dict[str, list[dict[str, Any]]]) -> float:
    """Write the history through difbot.storage.store.Store: a transaction per 2,000 cases (each
    with its outbox entries and seen records), and the year counters past its numbers."""
    from difbot.storage.store import Store

    t = time.perf_counter()
    outbox: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    seen: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for o in hist["outbox"]:
        outbox[str(o.get("case_id"))].append(o)
    for r in hist["seen"]:
        seen[str(r.get("case_id"))].append(r)
    last: dict[int, int] = {}
    with Store.open(state_dir) as store:
        for start in range(0, len(hist["cases"]), 2000):
            with store.transaction():
                for c in hist["cases"][start:start + 2000]:
                    store.put_case(c)
                    for o in outbox.pop(c["id"], []):
                        store.add_outbox(o)
                    for r in seen.pop(c["id"], []):
                        store.mark_seen(r)
                    year, number = c["id"].split("-")[1:]
                    last[int(year)] = max(last.get(int(year), 0), int(number))
        with store.transaction():
            for r in (r for rs in seen.values() for r in rs):  # automatic mail: no case
                store.mark_seen(r)
            for year, number in last.items():
                while store.next_case_number(year) < number:
                    pass
    return time.perf_counter() - t


def part_history(b: Bench, levels: list[int], m: int, budget: float,
                 profile: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"messages": m, "levels": []}
    units: list[dict[str, Any]] | None = None
    caseless: list[dict[str, Any]] = []
    seed_dir = b.state.get("backlog_store")
    if seed_dir and (seed_dir / DB_NAME).exists():
        units, caseless = history_units(seed_dir)
        out["seed"] = f"{len(units)} cases of the backlog run"
    now = datetime.now(UTC)
    for h in sorted(levels):
        if h and not units:
            seed = b.work / "history-seed"
            acc = b.dovecot.new_account()
            deliver(acc, [x.raw for x in mailgen.generate(b.samples, len(b.samples),
                                                          b.run_id("hs"))])
            poll_once(config(seed, acc, b.sink))
            units, caseless = history_units(seed / "state")
            out["seed"] = f"{len(units)} cases of a run over the {len(b.samples)} samples"
        work = b.work / f"history-{h}"
        account = b.dovecot.new_account()
        cfg = config(work, account, b.sink)
        level: dict[str, Any] = {"cases": h}
        if h:
            assert units is not None
            t = time.perf_counter()
            hist = clone_history(units, caseless, h, now)
            level["clone_s"] = time.perf_counter() - t
            level["outbox_entries"] = len(hist["outbox"])
            level["seen_records"] = len(hist["seen"])
            level["fill"] = "Store.put_case/add_outbox/mark_seen, 2,000 cases a transaction"
            log(f"history: filling {h} cases through Store")
            level["fill_s"] = fill_with_store(work / "state", hist)
            shown = hist["cases"][len(hist["cases"]) // 2]["id"]
            del hist
            level["store_bytes_before"] = store_bytes(work / "state")
        else:
            shown = ""
        level["commands"] = read_commands(cfg, work / "state", shown)
        msgs = mailgen.generate(b.samples, m, b.run_id(f"h{h}"), seed=h + 1)
        deliver(account, [x.raw for x in msgs])
        log(f"history: {h} cases, {m} new messages (budget {budget:.0f} s)")
        r = poll_once(cfg, deadline=budget,
                      profile=b.results_dir / f"profile-history-{h}" if profile else None)
        handled = r["report"]["processed"] + r["report"]["quarantined"]
        level.update(difbot=r, profiled=profile, handled=handled, partial=handled < m,
                     per_message_ms=1000 * r["poll_s"] / handled if handled else None)
        out["levels"].append(level)
        shutil.rmtree(work / "state", ignore_errors=True)  # up to GBs
    base = next((lv["per_message_ms"] for lv in out["levels"] if lv["cases"] == 0), None)
    for lv in out["levels"]:
        lv["ratio_to_0"] = lv["per_message_ms"] / base if base and lv["per_message_ms"] else None
    return out


_OPEN = """import sys, time
from difbot.storage.store import Store
t = time.perf_counter()
with Store.open(sys.argv[2], readonly=True) as store:
    store.count_seen()
took = time.perf_counter() - t
with open("/proc/self/status") as f:
    hwm = next(line.split()[1] for line in f if line.startswith("VmHWM"))
with open(sys.argv[1], "w") as f:
    f.write(hwm)
print(took)
"""


def read_commands(cfg: Path, state_dir: Path, case: str) -> dict[str, dict[str, float]]:
    """What monitoring and an admin run against the store as it stands: wall time and
    peak RSS of each read-only command (a fresh process each, as from a shell)."""
    from difbot.storage.store import Store

    out: dict[str, dict[str, float]] = {}
    if not state_dir.exists():  # no history: the empty store a first start makes
        Store.open(state_dir).close()
    with tempfile.NamedTemporaryFile(suffix=".hwm") as hwm:
        done = subprocess.run([PY, "-c", _OPEN, hwm.name, str(state_dir)], check=True,
                              stdout=subprocess.PIPE, text=True)
        out["store open (read-only, in-process)"] = {
            "s": float(done.stdout), "rss_mb": int(Path(hwm.name).read_text()) / 1024}
    commands = {"status": ["status"],
                "cases list --state under_review": ["cases", "list", "--state",
                                                    "under_review"]}
    if case:
        commands["cases show"] = ["cases", "show", case]
    for name, args in commands.items():
        wall, rss, code = run_measured(["--config", str(cfg), *args],
                                       stdout=subprocess.DEVNULL)
        out[name] = {"s": wall, "rss_mb": rss / 1024, "exit": code}
    return out


# -- part 3: dataset -------------------------------------------------------------------


def part_dataset(b: Bench, rows: int, samples: int) -> dict[str, Any]:
    out: dict[str, Any] = {"rows": rows}
    data = b.results_dir / f"yfcc-{rows}.tsv"
    if not data.exists():
        log(f"dataset: generating {rows} rows with bench/make_yfcc.py (kept in {data})")
        t = time.perf_counter()
        subprocess.run([PY, str(BENCH / "make_yfcc.py"), "--rows", str(rows), "--out",
                        str(data) + ".part"], check=True)
        os.replace(str(data) + ".part", data)
        out["generate_s"] = time.perf_counter() - t
    out["file_bytes"] = data.stat().st_size
    work = b.work / "dataset"
    index = work / "index.sqlite3"
    account = b.dovecot.new_account()
    cfg = config(work, account, b.sink, index=index)
    log(f"dataset: difbot dataset import ({rows} rows)")
    with open(work / "import.log", "wb") as err:
        wall, rss_kb, status = run_measured(
            ["--config", str(cfg), "dataset", "import", str(data)], stdout=err, stderr=err)
    if status != 0:
        raise RuntimeError(f"import failed: {(work / 'import.log').read_text()[-2000:]}")
    out.update(import_s=wall, import_rss_mb=rss_kb / 1024,
               index_bytes=sum(p.stat().st_size for p in work.glob("index.sqlite3*")))
    log("dataset: lookups")
    refs, heavy = reference_samples(data, rows, samples)
    out["lookups"] = lookups(index, refs, heavy)
    b.state["index"] = index
    b.state["index_refs"] = refs
    return out


def reference_samples(data: Path, rows: int, n: int) -> tuple[dict[str, list[str]], dict[str, str]]:
    """n references of each form: photo forms from n rows drawn at random, user forms
    from n users drawn at random (each user equally likely, as each requester is)."""
    from difbot.understand import flickr

    rng = random.Random(2019)
    wanted = set(rng.sample(range(rows), min(n, rows)))
    picked: list[list[str]] = []
    users: dict[str, str] = {}
    photos: dict[str, int] = {}
    with open(data, encoding="utf-8") as f:
        for i, line in enumerate(f):
            cols = line.rstrip("\n").split("\t")
            if i in wanted:
                picked.append(cols)
            users.setdefault(cols[1], unquote_plus(cols[2]))
            photos[cols[1]] = photos.get(cols[1], 0) + 1
    nsids = rng.sample(sorted(users), min(n, len(users)))
    alias_ok = [u for u in sorted(users) if re.fullmatch(r"[A-Za-z0-9_@.\-]{2,64}", users[u])]
    aliases = [users[u] for u in rng.sample(alias_ok, min(n, len(alias_ok)))]
    refs = {
        "photo id": [c[0] for c in picked],
        "page URL": [c[13] for c in picked],
        "static URL": [c[14] for c in picked],
        "short link": [f"https://flic.kr/p/{flickr.base58_encode(int(c[0]))}" for c in picked],
        "NSID": nsids,
        "alias": aliases,
    }
    top = max(photos, key=lambda u: photos[u])
    heavy = {"nsid": top, "photos": str(photos[top]), "users": str(len(users))}
    return refs, heavy


def lookups(index: Path, refs: dict[str, list[str]], heavy: dict[str, str]) -> dict[str, Any]:
    """Each reference as `difbot dataset lookup` takes it: flickr.resolve, then
    Dataset.lookup (for a page URL, the photo and all of its owner's photos)."""
    from difbot.storage.dataset import Dataset
    from difbot.understand import flickr

    out: dict[str, Any] = {}
    with Dataset.open(index) as ds:
        for form, values in refs.items():
            times = []
            found = 0
            entries = 0
            for ref in values:
                t = time.perf_counter()
                got = ds.lookup(flickr.resolve(ref))
                times.append((time.perf_counter() - t) * 1000)
                found += bool(got)
                entries += len(got)
            out[form] = {"n": len(values), "p50_ms": percentile(times, 50),
                         "p99_ms": percentile(times, 99), "max_ms": max(times),
                         "found": found, "entries_mean": entries / max(1, len(values))}
        t = time.perf_counter()
        got = ds.lookup(flickr.resolve(heavy["nsid"]))
        out["heaviest user"] = {"photos": len(got), "ms": (time.perf_counter() - t) * 1000,
                                "users": int(heavy["users"])}
    return out


# -- part 4: latency (and the daemon's RSS with the index) -------------------------------


def part_latency(b: Bench, n: int, index: Path | None, recheck_ms: int = 0) -> dict[str, Any]:
    """With `recheck_ms`, the daemon ends IDLE that often for a NOOP ([run] idle_recheck_ms)."""
    account = b.dovecot.new_account()
    work = b.work / f"latency-{recheck_ms}"
    cfg = config(work, account, b.sink, index=index, recheck_ms=recheck_ms)
    replying = [s for s in b.samples if s.category in REPLYING]
    msgs = mailgen.generate(replying, n, b.run_id("lt"), seed=4)
    log(f"latency: the server's IDLE delay, then `difbot run` and {n} messages")
    out: dict[str, Any] = {"messages": n, "index_attached": index is not None,
                           "recheck_ms": recheck_ms}
    if not recheck_ms:
        out["idle_floor"] = idle_floor(b.dovecot.new_account(), 20)
    errlog = open(work / "daemon.log", "wb")  # noqa: SIM115
    t = time.perf_counter()
    daemon = subprocess.Popen([str(Path(PY).parent / "difbot"), "--config", str(cfg), "run"],
                              stdin=subprocess.DEVNULL, stdout=errlog, stderr=errlog,
                              start_new_session=True)
    try:
        if not _wait_for(lambda: b"poll done" in (work / "daemon.log").read_bytes(), 60,
                         daemon):
            raise RuntimeError("difbot run did not finish its first poll: "
                               + (work / "daemon.log").read_text()[-2000:])
        out["start_s"] = time.perf_counter() - t
        out["rss_idle_mb"] = _rss(daemon.pid)["VmRSS"]
        c = imap(account)
        times: list[float] = []
        missing = 0
        try:
            for m in msgs:
                time.sleep(0.25)  # let the daemon return to IDLE
                mark = b.sink.mark()
                t0 = time.time()
                c.append("INBOX", m.raw)
                got = _wait_reply(b.sink, mark, m.message_id, 10.0)
                if got is None:
                    missing += 1
                else:
                    times.append((got - t0) * 1000)
            if index is not None and b.state.get("index_refs") and not recheck_ms:
                out["index_probe"] = _probe_index(b, c, b.state["index_refs"])
        finally:
            c.logout()
        out.update(n=len(times), missing=missing, p50_ms=percentile(times, 50),
                   p99_ms=percentile(times, 99), max_ms=max(times) if times else None,
                   min_ms=min(times) if times else None)
        rss = _rss(daemon.pid)
        out["rss_mb"] = rss["VmRSS"]
        out["rss_peak_mb"] = rss["VmHWM"]
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        errlog.close()
    return out


def idle_floor(account: Account, n: int) -> dict[str, Any]:
    """The server's part of the latency: APPEND on one connection -> the EXISTS that IDLE
    reports on another, with plain imapclient (Dovecot delays IDLE news on purpose)."""
    watcher, writer = imap(account), imap(account)
    times = []
    try:
        watcher.select_folder("INBOX")
        for k in range(n):
            watcher.idle()
            time.sleep(0.1)
            t0 = time.perf_counter()
            writer.append("INBOX", f"Subject: idle {k}\r\n\r\nfloor\r\n".encode())
            responses = watcher.idle_check(timeout=5)
            t1 = time.perf_counter()
            watcher.idle_done()
            if any(b"EXISTS" in bytes(str(r), "ascii") for r in responses):
                times.append((t1 - t0) * 1000)
    finally:
        watcher.logout()
        writer.logout()
    return {"n": len(times), "p50_ms": percentile(times, 50), "p99_ms": percentile(times, 99)}


def _probe_index(b: Bench, c: IMAPClient, refs: dict[str, list[str]]) -> dict[str, Any]:
    """Inquiries naming dataset entries in every form, so the daemon reads the index."""
    forms = ["page URL", "static URL", "short link", "NSID"]
    times = []
    for k in range(20):
        form = forms[k % len(forms)]
        ref = refs[form][k]
        mid = mailgen.message_id(b.run_id("ix"), k)
        raw = (f"From: Probe {k} <probe{k}@b{k}.bench.example>\r\nTo: {PRIVACY}\r\n"
               f"Subject: Are my photos in DiF?\r\nMessage-ID: <{mid}>\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\n"
               "Hello, are my photos in the Diversity in Faces dataset? Under GDPR Art. 15 "
               f"I would like to know. My Flickr: {ref}\r\n").encode()
        time.sleep(0.25)
        mark = b.sink.mark()
        t0 = time.time()
        c.append("INBOX", raw)
        got = _wait_reply(b.sink, mark, mid, 10.0)
        if got is not None:
            times.append((got - t0) * 1000)
    return {"sent": 20, "answered": len(times), "p50_ms": percentile(times, 50)}


def _wait_reply(sink: Sink, mark: int, mid: str, timeout: float) -> float | None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for rec in sink.records()[mark:]:
            if mid in rec["ids"]:
                return float(rec["t"])
        time.sleep(0.002)
    return None


def _wait_for(cond: Any, timeout: float, proc: subprocess.Popen[bytes]) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def _rss(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


# -- part 5: profile -------------------------------------------------------------------


def part_profile(b: Bench, n: int, budget: float) -> dict[str, Any]:
    """The backlog poll again, same messages, under pyinstrument (installed on demand)."""
    if not ensure_pyinstrument():
        return {"skipped": "pyinstrument not installable"}
    msgs = mailgen.generate(b.samples, n, b.run_id("pf"))
    account = b.dovecot.new_account()
    deliver(account, [m.raw for m in msgs])
    # One process: pyinstrument sees the main thread only, and parsing and the rules
    # run in worker processes otherwise.
    cfg = config(b.work / "profile", account, b.sink, workers=1)
    prefix = b.results_dir / "profile-backlog"
    log(f"profile: difbot poll over {n} messages under pyinstrument (budget {budget:.0f} s)")
    r = poll_once(cfg, deadline=budget, profile=prefix)
    doc = json.loads(Path(f"{prefix}.json").read_text())
    handled = r["report"]["processed"] + r["report"]["quarantined"]
    return {"messages": n, "handled": handled, "poll_s": r["poll_s"],
            "split_s": r["split_s"], "files": r["profile"]["files"],
            "top_inclusive": [row for row in doc["inclusive"]
                              if row[0].startswith(("difbot/", "tinydb/"))][:25],
            "top_self": doc["self"][:25], "buckets": doc["buckets"],
            "sampled_s": doc["sampled_s"]}


def ensure_pyinstrument() -> bool:
    try:
        import pyinstrument  # noqa: F401
        return True
    except ImportError:
        pass
    log("profile: pyinstrument is not in the venv; installing it there for the benchmark "
        "(pip install pyinstrument; it is not a dependency of difbot)")
    done = subprocess.run([PY, "-m", "pip", "install", "--quiet", "pyinstrument"], check=False)
    if done.returncode != 0:
        log("profile: pyinstrument could not be installed: profiling skipped")
        return False
    return True


# -- the whole run -----------------------------------------------------------------------


@dataclass
class Bench:
    dovecot: Dovecot
    sink: Sink
    work: Path
    results_dir: Path
    samples: list[mailgen.Sample]
    token: str
    state: dict[str, Any]

    def run_id(self, part: str) -> str:
        return f"{self.token}{part}"


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"nproc": os.cpu_count(), "python": platform.python_version(),
                            "kernel": platform.release()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    binary = find_dovecot()
    if binary:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            info["dovecot"] = subprocess.run([binary, "--version"], capture_output=True,
                                             text=True, timeout=10).stdout.strip()
    with contextlib.suppress(Exception):
        import aiosmtpd
        info["aiosmtpd"] = aiosmtpd.__version__
    return info


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--messages", type=int, default=5000, help="backlog size (default 5000)")
    p.add_argument("--budget", type=float, default=240.0,
                   help="seconds the backlog poll may take before it is stopped (default 240)")
    p.add_argument("--history", default="0,10000,100000",
                   help="historical case counts, comma separated (default 0,10000,100000)")
    p.add_argument("--history-messages", type=int, default=300,
                   help="new messages per history level (default 300)")
    p.add_argument("--history-budget", type=float, default=60.0,
                   help="seconds each history level may poll (default 60)")
    p.add_argument("--profile-history", action="store_true",
                   help="run each history level's poll under pyinstrument (slower; the "
                        "profiles land beside the JSON as profile-history-N.*)")
    p.add_argument("--rows", type=int, default=1_000_000, help="dataset rows (default 1e6)")
    p.add_argument("--lookups", type=int, default=1000, help="lookups per form (default 1000)")
    p.add_argument("--latency-messages", type=int, default=100)
    p.add_argument("--recheck-ms", type=int, default=100,
                   help="[run] idle_recheck_ms of the second latency run (default 100)")
    p.add_argument("--profile-messages", type=int, default=0,
                   help="profiled backlog size (default: what the backlog run handled)")
    p.add_argument("--profile-budget", type=float, default=120.0,
                   help="budget of the profiled poll (default 120)")
    p.add_argument("--skip", default="", help=f"parts to skip, comma separated: {','.join(PARTS)}")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = p.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - set(PARTS)
    if unknown:
        p.error(f"unknown part(s) to skip: {', '.join(sorted(unknown))}")
    levels = [int(x) for x in args.history.split(",") if x.strip()]
    if "profile" not in skip or args.profile_history:
        check_buckets()  # minutes before the profile runs: stop now if a bucket is stale
    results_dir = args.out.parent
    results_dir.mkdir(parents=True, exist_ok=True)

    started = time.time()
    doc: dict[str, Any] = {"started": datetime.now(UTC).isoformat(timespec="seconds"),
                           "machine": machine(), "args": {k: str(v) for k, v in
                                                          vars(args).items()}}
    work = Path(tempfile.mkdtemp(prefix="difbot-bench-"))
    dovecot = Dovecot()
    sink = None
    try:
        dovecot.start()
        sink = Sink(work)
        samples = mailgen.corpus()
        b = Bench(dovecot, sink, work, results_dir, samples, secrets.token_hex(2), {})
        if "backlog" not in skip:
            doc["backlog"] = part_backlog(b, args.messages, args.budget, "floor" not in skip)
        if "history" not in skip:
            doc["history"] = part_history(b, levels, args.history_messages,
                                          args.history_budget, args.profile_history)
        if "dataset" not in skip:
            doc["dataset"] = part_dataset(b, args.rows, args.lookups)
        if "latency" not in skip:
            doc["latency"] = part_latency(b, args.latency_messages, b.state.get("index"))
            doc["latency_recheck"] = part_latency(b, args.latency_messages,
                                                  b.state.get("index"), args.recheck_ms)
        if "profile" not in skip:
            handled = doc.get("backlog", {}).get("handled") or args.messages
            doc["profile"] = part_profile(b, args.profile_messages or handled,
                                          args.profile_budget)
    finally:
        if sink is not None:
            sink.stop()
        dovecot.close()
        shutil.rmtree(work, ignore_errors=True)
    doc["elapsed_s"] = time.time() - started
    table = render(doc)
    doc["table"] = table
    args.out.write_text(json.dumps(doc, indent=1, default=str))
    print(table)
    print(f"\n(written to {args.out}; took {doc['elapsed_s'] / 60:.1f} min)")
    return 0


# -- the table ---------------------------------------------------------------------------


def _latency_rows(d: dict[str, Any], t: dict[str, Any], p50: str,
                  p99: str) -> list[tuple[str, str, str, str]]:
    miss = f", {d['missing']} unanswered" if d["missing"] else ""
    return [(f"{p50} ({d['n']} messages{miss})", f"**{d['p50_ms']:.0f} ms**",
             f"≤ {t['latency_p50_ms']:.0f} ms", _ok(d["p50_ms"], t["latency_p50_ms"], False)),
            (p99, f"**{d['p99_ms']:.0f} ms**", f"≤ {t['latency_p99_ms']:.0f} ms",
             _ok(d["p99_ms"], t["latency_p99_ms"], False))]


def _command_rows(hi: dict[str, Any], t: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """6. the read-only commands on each history level's store, before its new mail."""
    rows: list[tuple[str, str, str, str]] = []
    for lv in hi["levels"]:
        for name, r in lv.get("commands", {}).items():
            judged = name.startswith(("status", "cases list"))
            target = (f"≤ {t['command_s']:g} s, ≤ {t['command_rss_mb']:.0f} MB" if judged
                      else "")
            verdict = ""
            if judged:
                both = (_ok(r["s"], t["command_s"], False),
                        _ok(r["rss_mb"], t["command_rss_mb"], False))
                verdict = "met" if both == ("met", "met") else "**missed**"
            rows.append((f"6. {lv['cases']:,} past cases: `{name}`",
                         f"**{r['s']:.2f} s**, {r['rss_mb']:.0f} MB", target, verdict))
    return rows


def _ok(value: float | None, target: float, higher: bool) -> str:
    if value is None or value != value:
        return "n/a"
    return "met" if (value >= target if higher else value <= target) else "**missed**"


_BORING = ("poll_once.py", "difbot/app/poll.py:run", "difbot/app/poll.py:handle_fetched",
           "difbot/app/poll.py:handle", "contextlib", "<module>")


def render(doc: dict[str, Any]) -> str:
    """The table (GitHub Markdown, readable as plain text) and notes on what was reduced."""
    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = []
    t = TARGETS
    bl = doc.get("backlog")
    if bl:
        bt = bl["batches"]
        rows.append((f"1. backlog: {bl['messages']:,} mixed messages ({bl['bytes_min'] / 1024:.0f}"
                     f"-{bl['bytes_max'] / 1024:.0f} KB, mean {bl['bytes_mean'] / 1024:.1f} KB, "
                     f"{bl['with_attachment']} with attachments), handled "
                     f"{bl['handled']:,} in {bl['difbot_s']:.0f} s",
                     f"**{bl['rate']:.1f} msg/s**", f"≥ {t['backlog_rate']:.0f} msg/s",
                     _ok(bl["rate"], t["backlog_rate"], True)))
        if "first_rate" in bt:
            rows.append(("   first / last batch of 100", f"{bt['first_rate']:.1f} / "
                         f"{bt['last_rate']:.1f} msg/s", "", ""))
        if bl["partial"] and bt.get("projected_s"):
            rows.append((f"   all {bl['messages']:,} (projected from the per-batch cost: "
                         f"{bt['cost_ms_at_0']:.0f} ms + {bt['cost_ms_per_1000']:.0f} ms per "
                         "1,000 messages already handled)",
                         f"~{bt['projected_s'] / 60:.0f} min, "
                         f"~{bl['messages'] / bt['projected_s']:.1f} msg/s", "", ""))
        mix = ", ".join(f"{k} {v}" for k, v in sorted(bl["categories"].items()))
        notes.append(f"Backlog mix (corpus directory: messages): {mix}; in 7 languages. "
                     f"difbot sent {bl['mail_sent']:,} mails for the {bl['handled']:,} handled.")
        if bl["partial"]:
            notes.append(f"Backlog: stopped between messages after the {doc['args']['budget']} s "
                         f"budget with {bl['handled']:,} of {bl['messages']:,} handled (every "
                         "handled one sent and moved); the rate is over those, and falls as the "
                         "store grows.")
        split = bl["difbot"]["split_s"]
        busy = bl["difbot"]["machine_cpu"]["busy"]
        dif = bl["difbot"]
        workers_cpu = dif.get("workers_cpu_s", 0.0)
        cpu_ms = 1000 * (dif["poll_cpu_s"] + workers_cpu) / bl["handled"]
        rows.append((f"   CPU per message (main process {dif['poll_cpu_s']:.1f} s + "
                     f"{dif.get('workers', 0)} workers {workers_cpu:.1f} s)",
                     f"**{cpu_ms:.1f} ms**", f"≤ {t['cpu_ms']:g} ms",
                     _ok(cpu_ms, t["cpu_ms"], False)))
        keys = [k for k in ("fetch", "read", "handle", "send", "move") if k in split]
        names = " / ".join(k.upper() if k in ("fetch", "move") else k for k in keys)
        rows.append((f"   difbot time: {names} (machine busy, both cores)",
                     " / ".join(f"{split[k]:.1f}" for k in keys) + f" s ({busy * 100:.0f} %)",
                     "", ""))
        if "floor" in bl:
            fl = bl["floor"]
            rows.append((f"   I/O floor, plain imapclient + smtplib: FETCH {fl['messages']:,}, "
                         f"{fl['sent']:,} SMTP sends, MOVE",
                         f"{fl['total_s']:.1f} s (fetch {fl['split_s']['fetch']:.1f}, send "
                         f"{fl['split_s']['send']:.1f}, move {fl['split_s']['move']:.1f})", "", ""))
            rows.append(("   floor / difbot", f"**{bl['floor_ratio']:.3f}**",
                         f"≥ {t['floor_ratio']}", _ok(bl["floor_ratio"], t["floor_ratio"], True)))
    hi = doc.get("history")
    if hi:
        for lv in hi["levels"]:
            per = lv["per_message_ms"]
            ratio = lv.get("ratio_to_0")
            size = lv["difbot"]["store_bytes"] / 1e6
            rows.append((f"2. history: {lv['cases']:,} past cases ({size:.0f} MB store), "
                         f"{lv['handled']} new messages",
                         f"**{per:,.0f} ms/msg**" + (f" (×{ratio:.1f})" if ratio and lv["cases"]
                                                      else ""),
                         f"≤ {t['history_ratio']} × cost at 0" if lv["cases"] else "",
                         _ok(ratio, t["history_ratio"], False) if lv["cases"] else ""))
            if lv["partial"]:
                notes.append(f"History at {lv['cases']:,} cases: {lv['handled']} of "
                             f"{hi['messages']} messages within the "
                             f"{doc['args']['history_budget']} s budget (each takes "
                             f"{per / 1000:.1f} s).")
        filled = [lv for lv in hi["levels"] if lv["cases"]]
        if filled:
            notes.append(f"Past cases are clones of {hi.get('seed', 'a real run')}, with their "
                         "outbox entries and seen records, ended, dated 40 days to 3 years back, "
                         "numbered on per year; written through Store (" + ", ".join(
                             f"{lv['cases']:,} in {lv['fill_s']:.0f} s" for lv in filled)
                         + "). Setting up the poll (config, rules, templates, the store "
                         "opened, and once per store the migration of `approved` cases, which "
                         "reads those the clones carry) is not part of the per-message cost: "
                         + ", ".join(
                             f"{lv['cases']:,} cases {lv['difbot']['store_open_s']:.1f} s"
                             for lv in hi["levels"]) + ".")
    if hi:
        rows += _command_rows(hi, t)
    ds = doc.get("dataset")
    if ds:
        rows.append((f"3. dataset import, {ds['rows']:,} YFCC-style rows "
                     f"({ds['file_bytes'] / 1e6:.0f} MB .tsv)", f"**{ds['import_s']:.1f} s**",
                     f"≤ {t['import_s']:.0f} s", _ok(ds["import_s"], t["import_s"], False)))
        rows.append(("   import peak RSS", f"**{ds['import_rss_mb']:.0f} MB**",
                     f"≤ {t['import_rss_mb']:.0f} MB",
                     _ok(ds["import_rss_mb"], t["import_rss_mb"], False)))
        for form, r in ds["lookups"].items():
            if form == "heaviest user":
                rows.append((f"   lookup of the user with the most photos ({r['photos']}; "
                             f"{r['users']:,} users)", f"{r['ms']:.1f} ms", "", ""))
                continue
            rows.append((f"   lookup p50 / p99: {form} (n={r['n']}, found {r['found']}, "
                         f"{r['entries_mean']:.1f} entries each)",
                         f"{r['p50_ms']:.2f} / **{r['p99_ms']:.2f} ms**",
                         f"p99 ≤ {t['lookup_p99_ms']:g} ms",
                         _ok(r["p99_ms"], t["lookup_p99_ms"], False)))
    lt = doc.get("latency")
    if lt:
        if lt.get("index_attached"):
            probe = lt.get("index_probe", {})
            rows.append((f"   `difbot run` RSS with that index (after {lt['messages']} + "
                         f"{probe.get('sent', 0)} messages; peak)",
                         f"**{lt['rss_mb']:.0f} MB** ({lt['rss_peak_mb']:.0f})",
                         f"≤ {t['daemon_rss_mb']:.0f} MB",
                         _ok(lt["rss_mb"], t["daemon_rss_mb"], False)))
        rows += _latency_rows(lt, t, "4. idle -> reply accepted, p50",
                              "   idle -> reply accepted, p99")
        fl = lt.get("idle_floor")
        if fl:
            rows.append(("   of which the server: APPEND -> IDLE EXISTS, plain imapclient, p50",
                         f"{fl['p50_ms']:.0f} ms", "", ""))
        if not lt.get("index_attached"):
            rows.append(("   `difbot run` RSS (no index attached)", f"{lt['rss_mb']:.0f} MB",
                         "", ""))
    lr = doc.get("latency_recheck")
    if lr:
        rows += _latency_rows(lr, t, f"4. the same with `idle_recheck_ms = {lr['recheck_ms']}` "
                              "(a NOOP between IDLE slices), p50", "   the same, p99")
    pf = doc.get("profile")
    if pf and "top_inclusive" in pf:
        rows.append((f"5. profile (pyinstrument; workers = 1, the outbox thread unprofiled): "
                     f"{pf['handled']:,} messages in {pf['poll_s']:.0f} s; share of the poll",
                     "", "", ""))
        rest = 1.0
        for name, _secs, share in pf["buckets"]:
            rows.append((f"   {name}", f"{share * 100:.0f} %", "", ""))
            rest -= share
        rows.append(("   everything else (decisions, cases, Python overhead)",
                     f"{rest * 100:.0f} %", "", ""))
        if pf["handled"] != doc.get("backlog", {}).get("handled", pf["handled"]):
            notes.append(f"Profile: {pf['handled']:,} messages within the "
                         f"{doc['args']['profile_budget']} s budget (pyinstrument slows the "
                         "poll down).")
    width = [max(len(r[i]) for r in rows + [("what", "measured", "target", "verdict")])
             for i in range(4)]
    lines = ["| " + " | ".join(h.ljust(width[i]) for i, h in
                               enumerate(("what", "measured", "target", "verdict"))) + " |",
             "|" + "|".join("-" * (w + 2) for w in width) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(r[i].ljust(width[i]) for i in range(4)) + " |")
    m = doc["machine"]
    lines.append("")
    lines.append(f"Machine: {m.get('nproc')} cores ({m.get('cpu', '?')}), "
                 f"{m.get('memory_gib', '?')} GiB, Linux {m.get('kernel', '?')}, Python "
                 f"{m.get('python')}, Dovecot {m.get('dovecot', '?')}, aiosmtpd "
                 f"{m.get('aiosmtpd', '?')}; run {doc['started']}, "
                 f"{doc.get('elapsed_s', 0) / 60:.0f} min.")
    for note in notes:
        lines.append(f"- {note}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
