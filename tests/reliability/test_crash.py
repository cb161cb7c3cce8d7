"""SIGKILL `difbot poll --once` at random moments over a big mixed backlog (DESIGN §5.1, §5.2).

Hundreds of distinct requests (the corpus `tests/data/mail/*/*.eml`, each copy with its own
Message-ID and sender) wait in Dovecot; difbot runs as a subprocess, as systemd runs it,
and is killed with SIGKILL at seeded random moments after it opened its store, then
restarted, until the backlog is done; then a few clean polls. After that:

- no message is lost: each one is in the processed (or quarantine) folder exactly once,
  none is left in the inbox, each has a "seen" record, and each non-automatic one a case;
- each message is answered once: the SMTP server's mail, grouped by the request it
  answers (In-Reply-To for requester mail, X-DifBot-Case for staff mail), never holds
  two different Message-IDs; a repeat of the same Message-ID is the one allowed
  duplicate (a crash between the server's acceptance and the outbox update);
- the store and the SMTP server agree: every outbox entry went out, nothing went out
  that the store does not know, and automatic mail got no answer and no case;
- each request got its answer: every non-automatic request has mail (the staff daily cap
  is lifted, so no escalation is withheld), and what the server got for it (the reply
  threaded on it, to its sender; the staff mail about its case) is exactly the mail its
  case's outbox holds, one Message-ID to each side: none lost, none doubled.

The backlog is split over SHARDS mailboxes, each with its own difbot, config and state
directory, run WORKERS at a time, so both cores work; each shard gets its share of the
kills. (Since a poll commits once per IMAP batch, a shard's backlog must be long enough
for its kills to land while it still has work.) `SOAK=1` scales it up (`make soak`);
RELIABILITY_* variables set each knob.
"""

from __future__ import annotations

import collections
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from difbot.storage.store import DB_NAME, Store
from tests.testing import need, paths
from tests.testing.e2e import PROCESSED, QUARANTINE, STAFF_NOTIFY, write_config
from tests.testing.servers import Account, Dovecot, SmtpServer

SOAK = need.SOAK


def _knob(name: str, default: int, soak: int) -> int:
    return int(os.environ.get(f"RELIABILITY_{name}", soak if SOAK else default))


MESSAGES = _knob("MESSAGES", 520, 3000)
KILLS = _knob("KILLS", 32, 200)
SHARDS = _knob("SHARDS", 2, 4)
WORKERS = _knob("WORKERS", 2, 2)
SEED = _knob("SEED", 20261126, 20261126)
MIN_KILLS = max(1, KILLS * 15 // 16)  # a shard may finish its backlog before its last kill
CLEAN_POLLS = 1  # per shard, after the poll that finished its backlog
# A kill lands this long after the run logged "state opened" (imports, rules and
# templates take ~1.5 s before that, and a kill there tests nothing). After the first
# kill the upper bound follows the measured speed (see Shard.crash_until_quota).
KILL_AFTER = (0.05, 1.5)
MAX_KILL_AFTER = 10.0
RUN_TIMEOUT = 900.0 if SOAK else 240.0

CORPUS = paths.MAIL
DIFBOT = Path(sys.executable).with_name("difbot")
NOW = "2026-11-26T10:00:00+00:00"
HEADER_END = re.compile(rb"\r?\n\r?\n")
MESSAGE_ID = re.compile(rb"(?im)^Message-ID:[ \t]*[^\r\n]*")
FROM_ADDRESS = re.compile(rb"(?im)^(From:[^\r\n]*?)([A-Za-z0-9._+-]+)@([A-Za-z0-9.-]+)")


# -- the backlog ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One distinct message of the backlog."""

    n: int
    source: str         # corpus file, "auto/noreply.eml"
    message_id: str     # "<rel-...@reliability.example>"
    sender: str
    raw: bytes

    @property
    def auto(self) -> bool:
        return self.source.startswith("auto/")


def distinct_copy(raw: bytes, n: int) -> tuple[bytes, str, str]:
    """`raw` as a request of its own: a new Message-ID, and the sender moved to a
    subdomain of its own. The local part stays, so MAILER-DAEMON, postmaster and
    no-reply senders (and every other header) keep automatic mail automatic."""
    end = HEADER_END.search(raw)
    assert end is not None, "a corpus message without a body"
    head, rest = raw[:end.start()], raw[end.start():]
    message_id = f"<rel-{n}.{SEED}@reliability.example>"
    head, found = MESSAGE_ID.subn(b"Message-ID: " + message_id.encode(), head, count=1)
    assert found == 1, "a corpus message without a Message-ID"
    match = FROM_ADDRESS.search(head)
    assert match is not None, "a corpus message without a From address on its first line"
    local, domain = match[2].decode(), f"r{n}.{match[3].decode()}"
    head = head[:match.start(3)] + domain.encode() + head[match.end(3):]
    return head + rest, message_id, f"{local}@{domain}"


def backlog(count: int, rng: random.Random) -> list[Request]:
    files = sorted(CORPUS.glob("*/*.eml"))
    assert len(files) > 100 and any(f.parent.name == "auto" for f in files)
    chosen = [files[i % len(files)] for i in range(count)]
    rng.shuffle(chosen)
    requests = []
    for n, path in enumerate(chosen):
        raw, message_id, sender = distinct_copy(path.read_bytes(), n)
        requests.append(Request(n, f"{path.parent.name}/{path.name}", message_id, sender, raw))
    return requests


# -- one difbot process ----------------------------------------------------------------------


class Run:
    """`difbot poll --once` as a subprocess; its stderr (the log) read by a thread."""

    def __init__(self, cfg: Path, env: dict[str, str]) -> None:
        self.began = time.monotonic()
        self.proc = subprocess.Popen(
            [str(DIFBOT), "--config", str(cfg), "poll", "--once", "--now", NOW],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, errors="replace", env=env)
        self.lines: list[str] = []
        self.opened = threading.Event()
        self.opened_at = 0.0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)
            if "state opened" in line:
                self.opened_at = time.monotonic() - self.began
                self.opened.set()
        self.opened.set()  # exited, whatever it said

    def kill_after(self, delay: float) -> bool:
        """SIGKILL `delay` s after the store was opened; True when it hit a live process."""
        if not self.opened.wait(timeout=RUN_TIMEOUT):
            raise AssertionError("difbot never opened its store:\n" + self.log()[-3000:])
        try:
            self.proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self._reader.join(timeout=30)
        return self.proc.returncode == -signal.SIGKILL

    def finish(self) -> int:
        try:
            code = self.proc.wait(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("difbot poll --once hung:\n" + self.log()[-3000:]) from None
        self._reader.join(timeout=30)
        return code

    def log(self) -> str:
        return "".join(self.lines)


# -- one shard: a mailbox, a config, a state directory --------------------------------------


@dataclass
class Shard:
    index: int
    account: Account
    cfg: Path
    requests: list[Request]
    quota: int
    rng: random.Random
    env: dict[str, str]
    kills: int = 0           # SIGKILLs that hit a running process
    missed: int = 0          # runs that ended before their kill moment
    runs: int = 0
    bad_exits: list[str] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)

    @property
    def state_dir(self) -> Path:
        return self.cfg.parent / "state"

    def progress(self) -> tuple[int, int]:
        """(messages not yet seen, outbox entries pending), read from the store file.

        A quick look between runs; the checks at the end use the Store API.
        """
        if not (self.state_dir / DB_NAME).exists():
            return len(self.requests), 0
        with Store.open(self.state_dir, readonly=True) as store:
            unseen = sum(1 for r in self.requests if store.seen(r.message_id) is None)
            return unseen, len(store.pending_outbox())

    def done(self) -> bool:
        unseen, pending = self.progress()
        return unseen == 0 and pending == 0 and not self.account.uids("INBOX")

    def start(self) -> Run:
        self.runs += 1
        return Run(self.cfg, self.env)

    def record(self, run: Run, what: str) -> None:
        took = time.monotonic() - run.began
        self.logs.append(f"--- shard {self.index} run {self.runs} ({what}, exit "
                         f"{run.proc.returncode}, store opened at {run.opened_at:.2f} s, "
                         f"ended at {took:.2f} s)\n{run.log()}")
        if "Traceback" in run.log():
            self.bad_exits.append(f"run {self.runs}: traceback\n{run.log()[-3000:]}")

    def crash_until_quota(self) -> None:
        """Kill runs at random moments until the quota is used or nothing is left to do.

        The first kill lands KILL_AFTER after the store opened; later ones within a range
        fitted to the measured speed, so that the kills spread over the whole backlog (a
        run then crosses batch ends: sends and MOVEs get hit too, not only decisions).
        """
        lo, hi = KILL_AFTER
        worked = handled = fastest = 0.0
        while self.kills < self.quota:
            unseen, pending = self.progress()
            if unseen == 0 and pending == 0 and not self.account.uids("INBOX"):
                break
            if handled > 0:
                rate = handled / worked  # messages decided per second after the store opened
                # About unseen/(left+2) messages a run, so the quota fits the backlog.
                left = self.quota - self.kills
                hi = min(MAX_KILL_AFTER, max(4 * lo, 2 * unseen / ((left + 2) * rate)))
                # The average rate counts the runs killed before their first commit, so
                # it is low, and near the end one run could finish the backlog with kills
                # left unused: no run may last a quarter of what the rest would take at
                # the fastest pace seen. (A half was too long on two test workers: the
                # pace more than doubles when the other worker's load drops, and 11 of
                # 32 kills went unused.)
                hi = min(hi, max(2 * lo, unseen / (4 * fastest)))
            delay = self.rng.uniform(lo, hi)
            run = self.start()
            if run.kill_after(delay):
                self.kills += 1
                self.record(run, f"killed after {delay:.2f} s")
            else:
                self.missed += 1
                self.record(run, f"ended before its kill at {delay:.2f} s")
                if run.proc.returncode not in (0, 1):
                    self.bad_exits.append(f"run {self.runs}: exit {run.proc.returncode}\n"
                                          + run.log()[-3000:])
            worked += delay
            done = unseen - self.progress()[0]
            handled += done
            fastest = max(fastest, done / delay)

    def finish_cleanly(self) -> None:
        """Polls without kills until the backlog is done, then CLEAN_POLLS that find nothing."""
        for _ in range(10):
            run = self.start()
            code = run.finish()
            self.record(run, "clean")
            if code == 0 and self.done():
                break
        else:
            raise AssertionError(f"shard {self.index}: backlog not done after 10 clean polls\n"
                                 + self.logs[-1][-3000:])
        for _ in range(CLEAN_POLLS):
            run = self.start()
            code = run.finish()
            self.record(run, "after the backlog")
            done = [line for line in run.lines if "poll done:" in line]
            if code != 0 or not done or "fetched=0 " not in done[-1] or " sent=0 " not in done[-1]:
                self.bad_exits.append(f"run {self.runs}: a poll after the backlog did "
                                      f"something (exit {code})\n{run.log()[-3000:]}")


def subprocess_env(root: Path) -> dict[str, str]:
    """The environment, but with bytecode cached (outside the repository): each of the
    dozens of starts would otherwise compile difbot's modules again."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    return env


def make_shard(index: int, dovecot: Dovecot, root: Path, smtp: SmtpServer,
               requests: list[Request], quota: int) -> Shard:
    account = dovecot.new_account()
    directory = root / f"shard{index}"
    directory.mkdir()
    # Hundreds of requests in one day would pass `staff_mail_cap_per_day` (100): the
    # escalations past it are withheld, and a request without mail could not be told
    # from one whose answer a crash lost. The cap has tests of its own (test_loops.py).
    cfg = write_config(directory, account, smtp, extra="[run]\nstaff_mail_cap_per_day = 100000\n")
    text = cfg.read_text()
    assert "[imap]\n" in text
    cfg.write_text(text.replace("[imap]\n", "[imap]\nbatch_size = 25\n", 1))
    return Shard(index, account, cfg, requests, quota, random.Random(f"{SEED}/{index}"),
                 subprocess_env(root))


def run_shard(shard: Shard) -> Shard:
    shard.account.append_many("INBOX", [r.raw for r in shard.requests])
    shard.crash_until_quota()
    shard.finish_cleanly()
    return shard


# -- what the servers and the store hold afterwards ------------------------------------------


def folder_ids(account: Account, folder: str) -> list[str]:
    if folder not in account.folders():
        return []
    ids = []
    for raw in account.messages(folder):
        end = HEADER_END.search(raw)
        found = MESSAGE_ID.search(raw[:end.start()] if end else raw)
        ids.append(found[0].split(b":", 1)[1].strip().decode() if found else "?")
    return ids


def check_shard(shard: Shard, problems: list[str]) -> collections.Counter[str]:
    """Mailbox and store of one shard; adds to `problems`; returns its folder counts."""
    where = f"shard {shard.index}"
    inbox = folder_ids(shard.account, "INBOX")
    if inbox:
        problems.append(f"{where}: {len(inbox)} messages left in INBOX: {inbox[:5]}")
    processed = folder_ids(shard.account, PROCESSED)
    quarantined = folder_ids(shard.account, QUARANTINE)
    in_folders = collections.Counter(processed + quarantined)
    expected = {r.message_id for r in shard.requests}
    lost: set[str] = set()
    for r in shard.requests:
        if in_folders[r.message_id] == 0:
            lost.add(r.message_id)
        if in_folders[r.message_id] != 1:
            problems.append(f"{where}: {r.message_id} ({r.source}) is in processed/quarantine "
                            f"{in_folders[r.message_id]} times")
    strangers = set(in_folders) - expected
    if strangers:
        problems.append(f"{where}: unknown messages in the folders: {sorted(strangers)[:5]}")

    store = Store.open(shard.state_dir, readonly=True)
    try:
        cases = {c["id"]: c for c in store.cases()}
        outbox = store.outbox()
        for r in shard.requests:
            seen = store.seen(r.message_id)
            if seen is None:
                lost.add(r.message_id)
                problems.append(f"{where}: {r.message_id} ({r.source}) has no seen record")
                continue
            if seen.get("outcome") == "quarantined":
                problems.append(f"{where}: {r.message_id} ({r.source}) quarantined: "
                                f"{seen.get('error')}")
            if r.auto:
                if seen.get("case_id") is not None:
                    problems.append(f"{where}: automatic {r.message_id} ({r.source}) got "
                                    f"case {seen['case_id']}")
                continue
            case = cases.get(seen.get("case_id") or "")
            if case is None:
                problems.append(f"{where}: {r.message_id} ({r.source}) has no case "
                                f"(seen: {seen.get('outcome')})")
            elif r.message_id not in case.get("messages", ()) \
                    or str(case.get("requester", "")).lower() != r.sender.lower():
                problems.append(f"{where}: case {case['id']} does not hold {r.message_id}")
        wanted = sum(1 for r in shard.requests if not r.auto)
        if len(cases) != wanted:
            # A message handled twice opens a second case for the same request.
            problems.append(f"{where}: {len(cases)} cases for {wanted} non-automatic requests")
        owners = collections.Counter(str(c.get("requester", "")).lower() for c in cases.values())
        twice = [a for a, k in owners.items() if k > 1]
        if twice:
            problems.append(f"{where}: {len(twice)} requesters with more than one case")
        unsent = [e for e in outbox if e.get("status") != "sent"]
        if unsent:
            problems.append(f"{where}: {len(unsent)} outbox entries not sent: "
                            f"{collections.Counter(e.get('status') for e in unsent)}")
    finally:
        store.close()
    leftovers = sorted(p.name for p in shard.state_dir.glob("*.tmp"))
    if leftovers:
        problems.append(f"{where}: temp files left in the state dir: {leftovers}")
    return collections.Counter(processed=len(processed), quarantined=len(quarantined),
                               lost=len(lost))


def outbox_ids(shards: list[Shard]) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for shard in shards:
        with Store.open(shard.state_dir, readonly=True) as store:
            for e in store.outbox():
                entries[e["message_id"]] = {**e, "shard": shard.index}
    return entries


def check_mail(shards: list[Shard], smtp: SmtpServer,
               problems: list[str]) -> collections.Counter[str]:
    """What the SMTP server received against the stores, in figures."""
    received = [message_from_bytes(m.data, policy=policy.default) for m in smtp.received]
    ids = [str(m["Message-ID"] or "").strip() for m in received]
    if "" in ids:
        problems.append("mail without a Message-ID was sent")
    known = outbox_ids(shards)
    got = collections.Counter(ids)
    lost = sorted(set(known) - set(got))
    if lost:
        problems.append(f"{len(lost)} outbox entries never reached the SMTP server: {lost[:5]}")
    ghosts = sorted(set(got) - set(known))
    if ghosts:
        problems.append(f"{len(ghosts)} mails sent that no outbox holds: {ghosts[:5]}")

    copies: dict[str, set[bytes]] = collections.defaultdict(set)
    for accepted, mid in zip(smtp.received, ids, strict=True):
        copies[mid].add(accepted.data)
    changed = sorted(mid for mid, data in copies.items() if len(data) > 1)
    if changed:
        problems.append(f"{len(changed)} Message-IDs were sent with different content: "
                        f"{changed[:5]}")

    requests = {r.message_id: r for s in shards for r in s.requests}
    # Case ids are per store: staff mail is told apart by shard, case and subject.
    shard_of = {mid: e["shard"] for mid, e in known.items()}
    answers: dict[str, set[str]] = collections.defaultdict(set)
    staff: dict[str, set[str]] = collections.defaultdict(set)
    for m, mid in zip(received, ids, strict=True):
        parent = str(m["In-Reply-To"] or "").strip()
        if parent:
            answers[parent].add(mid)
            if parent in requests and requests[parent].auto:
                problems.append(f"automatic {parent} ({requests[parent].source}) was answered")
        elif m["X-DifBot-Case"]:
            staff[f"{shard_of.get(mid)} {m['X-DifBot-Case']} {m['Subject']}"].add(mid)
    twice = {p: sorted(v) for p, v in answers.items() if len(v) > 1}
    if twice:
        sample = list(twice.items())[:3]
        problems.append(f"{len(twice)} requests answered more than once with different "
                        f"Message-IDs: {sample}")
    doubled = {k: sorted(v) for k, v in staff.items() if len(v) > 1}
    if doubled:
        problems.append(f"{len(doubled)} staff mails sent twice with different Message-IDs: "
                        f"{list(doubled.items())[:3]}")
    strays = sorted(p for p in answers if p not in requests)
    if strays:
        problems.append(f"replies to messages that are not in the backlog: {strays[:5]}")
    return collections.Counter(mails=len(ids), distinct=len(got), resends=len(ids) - len(got),
                               answered_twice=len(twice) + len(doubled), unsent=len(lost))


def check_answers(shards: list[Shard], smtp: SmtpServer,
                  problems: list[str]) -> collections.Counter[str]:
    """Each non-automatic request against the mail the server got for it.

    Its mail is the reply threaded on it (In-Reply-To) and the staff mail about its case
    (X-DifBot-Case, in its shard); that must be exactly its case's outbox entries (a
    decision writes them with the case, in one commit), at least one, and at most one
    Message-ID to the requester and one to staff.
    """
    shard_of = {mid: e["shard"] for mid, e in outbox_ids(shards).items()}
    replies: dict[str, set[str]] = collections.defaultdict(set)
    staff: dict[tuple[int | None, str], set[str]] = collections.defaultdict(set)
    recipients: dict[str, list[str]] = {}
    for accepted in smtp.received:
        m = message_from_bytes(accepted.data, policy=policy.default)
        mid = str(m["Message-ID"] or "").strip()
        recipients[mid] = accepted.rcpt_tos
        if accepted.rcpt_tos == [STAFF_NOTIFY]:
            staff[(shard_of.get(mid), str(m["X-DifBot-Case"] or ""))].add(mid)
        else:
            replies[str(m["In-Reply-To"] or "").strip()].add(mid)
    counts: collections.Counter[str] = collections.Counter()
    for shard in shards:
        with Store.open(shard.state_dir, readonly=True) as store:
            for r in shard.requests:
                if r.auto:
                    continue  # no answer, no case: checked with the mail and the stores
                seen = store.seen(r.message_id)
                case_id = seen.get("case_id") if seen else None
                if not case_id:
                    continue  # reported by check_shard
                counts["requests"] += 1
                to_sender, to_staff = replies[r.message_id], staff[(shard.index, case_id)]
                queued = {e["message_id"] for e in store.outbox(case_id)}
                got = to_sender | to_staff
                where = f"shard {shard.index}: {r.message_id} ({r.source}, case {case_id})"
                if not queued:
                    problems.append(f"{where}: no answer was decided")
                if queued - got:
                    problems.append(f"{where}: answer lost: {sorted(queued - got)}")
                if got - queued:
                    problems.append(f"{where}: mail its case does not hold: {sorted(got - queued)}")
                if len(to_sender) > 1 or len(to_staff) > 1:
                    problems.append(f"{where}: answered more than once: {sorted(to_sender)} "
                                    f"{sorted(to_staff)}")
                strays = [mid for mid in to_sender if recipients[mid] != [r.sender]]
                if strays:
                    problems.append(f"{where}: its reply went to someone else: {strays}")
                if queued and got == queued and len(to_sender) <= 1 and len(to_staff) <= 1:
                    counts["answered"] += 1
    return counts


# -- the test --------------------------------------------------------------------------------


@pytest.mark.imap
@pytest.mark.timeout(4 * 3600 if SOAK else 300)
def test_sigkill_at_random_moments_loses_nothing_and_answers_once(
        dovecot: Dovecot, smtp_server: SmtpServer, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    start = time.monotonic()
    requests = backlog(MESSAGES, random.Random(SEED))
    shards = [make_shard(i, dovecot, tmp_path, smtp_server, requests[i::SHARDS],
                         KILLS // SHARDS + (1 if i < KILLS % SHARDS else 0))
              for i in range(SHARDS)]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(run_shard, shards))
    (tmp_path / "runs.log").write_text("".join(log for s in shards for log in s.logs))

    problems: list[str] = [p for s in shards for p in s.bad_exits]
    folders: collections.Counter[str] = collections.Counter()
    for shard in shards:
        folders += check_shard(shard, problems)
    mail = check_mail(shards, smtp_server, problems)
    answers = check_answers(shards, smtp_server, problems)
    kills = sum(s.kills for s in shards)
    wall = time.monotonic() - start
    figures = (f"CRASH kills={kills} messages={len(requests)} lost={folders['lost']} "
               f"(answers lost: {mail['unsent']}) "
               f"duplicates={mail['resends']} (same-id resends; different-id: "
               f"{mail['answered_twice']}) answered={answers['answered']}/"
               f"{answers['requests']} wall={wall:.1f}s | runs="
               f"{sum(s.runs for s in shards)} missed={sum(s.missed for s in shards)} "
               f"auto={sum(r.auto for r in requests)} quarantined={folders['quarantined']} "
               f"mails={mail['mails']} shards={SHARDS} seed={SEED}")
    with capsys.disabled():
        print("\n" + figures)
    assert not problems, f"{figures}\n(logs: {tmp_path / 'runs.log'})\n" + "\n".join(problems)
    assert answers["answered"] == answers["requests"] == sum(not r.auto for r in requests)
    assert kills >= MIN_KILLS, f"only {kills} kills hit a running difbot: {figures}"
