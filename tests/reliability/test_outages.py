"""Outages (issue 7, item 2): Dovecot restarted mid-batch, SMTP down for a while, and the
state dir on a full filesystem, against the real `difbot` command as a subprocess.

What every test checks is DESIGN §5.1/5.2: no message lost (each ends in the processed or
quarantine folder), none answered twice (replies grouped by In-Reply-To), and an outage
is waited out, not turned into lost or misfiled mail.

Recovery times are printed (`pytest -s` shows them) with the prefix `RECOVERY`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import compat32
from pathlib import Path

import pytest

from difbot.app import outbox
from difbot.mail.smtp import Mailer
from difbot.storage.dataset import Dataset
from difbot.storage.store import Store
from tests.testing import need
from tests.testing.daemon import Running
from tests.testing.e2e import PROCESSED, QUARANTINE, STAFF_NOTIFY, write_config
from tests.testing.servers import Account, Dovecot, SmtpServer
from tests.testing.statefiles import store_files

pytestmark = pytest.mark.imap

DIFBOT = Path(sys.executable).with_name("difbot")
NOW = "2026-11-26T10:00:00+00:00"  # digest_hour is 23: no daily digest at this hour
PAGE = 4096


# -- helpers -----------------------------------------------------------------------------


def request(i: int, tag: str = "req") -> bytes:
    """An access request from its own address (so no per-address reply cap applies)."""
    return (f"From: Researcher {i} <r{i}.{tag}@uni{i}.example.edu>\r\n"
            "To: dif-privacy@example.org\r\n"
            "Subject: Access to the DiF dataset\r\n"
            f"Message-ID: <{tag}-{i}@uni{i}.example.edu>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Hello, our research group would like to request access to the Diversity in\r\n"
            "Faces dataset for a fairness study. Best regards\r\n").encode()


def mid(i: int, tag: str = "req") -> str:
    return f"<{tag}-{i}@uni{i}.example.edu>"


def with_batch_size(cfg: Path, size: int) -> Path:
    """write_config has no [imap] hook: add batch_size after its [imap] timeout line."""
    text = cfg.read_text()
    cfg.write_text(text.replace("timeout_seconds = 5\n", f"timeout_seconds = 5\n"
                                f"batch_size = {size}\n", 1))
    return cfg


def poll_once(cfg: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DIFBOT), "--config", str(cfg), "poll", "--once", "--now", NOW],
                          capture_output=True, text=True, timeout=timeout)


def replies(smtp: SmtpServer) -> Counter[str]:
    """Mail to requesters (staff mail left out), counted by the message it answers."""
    found: Counter[str] = Counter()
    for r in smtp.received:
        if r.rcpt_tos == [STAFF_NOTIFY]:
            continue
        m = message_from_bytes(r.data, policy=compat32)
        found[str(m["In-Reply-To"] or "").strip()] += 1
    return found


def message_ids(account: Account, folder: str) -> list[str]:
    return [str(message_from_bytes(raw, policy=compat32)["Message-ID"]).strip()
            for raw in account.messages(folder)]


def folder_ids(account: Account, folder: str) -> list[str]:
    return message_ids(account, folder) if folder in account.folders() else []


def wait_until(what: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if what():
            return True
        time.sleep(step)
    return what()


def read_store(state: Path) -> tuple[int, int, int]:
    """(cases, seen records, pending outbox entries), read as `difbot status` does."""
    with Store.open(state, readonly=True) as store:
        return len(store.cases()), store.count_seen(), len(store.pending_outbox())


def errors_only(stderr: str) -> list[str]:
    """stderr without the INFO/WARNING log lines: what an admin sees as the error."""
    return [line for line in stderr.splitlines()
            if line.strip() and not line.startswith(("INFO ", "WARNING ", "DEBUG "))]


def one_error_line(failed: subprocess.CompletedProcess[str]) -> str:
    """A run that failed as an admin should see it: exit 1, no traceback, one error line."""
    assert failed.returncode == 1, failed.stderr[-3000:]
    assert "Traceback" not in failed.stderr, failed.stderr[-3000:]
    errors = errors_only(failed.stderr)
    assert len(errors) == 1, errors
    return errors[0]


@pytest.fixture
def dovecot_restored(dovecot: Dovecot) -> Iterator[Dovecot]:
    """The shared Dovecot, running again after the test whatever happened."""
    yield dovecot
    dovecot.start()


def assert_all_filed_once(account: Account, smtp: SmtpServer, wanted: list[str]) -> None:
    """No message lost, none answered twice, none left behind."""
    inbox = folder_ids(account, "INBOX")
    processed = folder_ids(account, PROCESSED)
    quarantined = folder_ids(account, QUARANTINE)
    assert inbox == [], f"{len(inbox)} messages still in the inbox"
    filed = set(processed) | set(quarantined)
    lost = set(wanted) - filed
    assert not lost, f"{len(lost)} messages lost, e.g. {sorted(lost)[:3]}"
    assert not set(processed) & set(quarantined), "a message is in both folders"
    answered = replies(smtp)
    twice = {k: n for k, n in answered.items() if n > 1}
    assert not twice, f"{len(twice)} messages answered more than once: {list(twice)[:3]}"
    unanswered = set(wanted) - set(answered) - set(quarantined)
    assert not unanswered, f"{len(unanswered)} requests never answered"
    assert set(answered) <= set(wanted), "a reply to a message nobody sent"


# -- Dovecot restarted in the middle of a batch -----------------------------------------

N_BATCH = 200


def test_dovecot_restart_mid_batch_poll_once(
        tmp_path: Path, dovecot_restored: Dovecot, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    """200 requests, batches of 20: Dovecot dies once the first replies are out."""
    dovecot = dovecot_restored
    cfg = with_batch_size(write_config(tmp_path, imap_account, smtp_server), 20)
    imap_account.append_many("INBOX", [request(i) for i in range(N_BATCH)])
    wanted = [mid(i) for i in range(N_BATCH)]

    start = time.monotonic()
    with open(tmp_path / "poll1.log", "wb") as err:
        first = subprocess.Popen([str(DIFBOT), "--config", str(cfg), "poll", "--once",
                                  "--now", NOW], stdout=subprocess.DEVNULL, stderr=err)
    try:
        smtp_server.wait_for(1, timeout=60)
        dovecot.stop()
        killed_at = time.monotonic()
        answered_before = len(smtp_server.received)
        rc1 = first.wait(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    log1 = (tmp_path / "poll1.log").read_text()
    assert rc1 == 1, log1[-3000:]
    assert "Traceback" not in log1, log1[-3000:]
    reason = [line for line in log1.splitlines() if "difbot: mailbox: IMAP" in line]
    assert len(reason) == 1, log1[-3000:]  # one line, e.g. "IMAP MOVE failed: ..."
    exited_after = time.monotonic() - killed_at
    answered_by_first = len(smtp_server.received)

    time.sleep(1)
    dovecot.start()
    up = time.monotonic()
    runs = []
    for _ in range(3):  # "poll until done": one should do
        result = poll_once(cfg)
        runs.append(result.returncode)
        if result.returncode == 0:
            break
    recovered = time.monotonic() - up
    assert runs[-1] == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr

    assert_all_filed_once(imap_account, smtp_server, wanted)
    processed = folder_ids(imap_account, PROCESSED)
    cases, seen, pending = read_store(tmp_path / "state")
    assert (cases, seen, pending) == (N_BATCH, N_BATCH, 0)
    print(f"\nRECOVERY dovecot/poll: first poll answered {answered_before} before the kill "
          f"and {answered_by_first} in all, exited rc=1 {exited_after:.2f} s after it "
          f"({reason[0]}); polls after restart {runs} took "
          f"{recovered:.1f} s; total {time.monotonic() - start:.1f} s; processed copies "
          f"{len(processed)} for {len(set(processed))} messages")


def test_dovecot_restart_mid_batch_daemon(
        tmp_path: Path, dovecot_restored: Dovecot, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    """The same outage under `difbot run` (60 messages, Dovecot killed in the second
    batch of 20): it reconnects by itself and finishes the job."""
    dovecot = dovecot_restored
    n = 60
    cfg = with_batch_size(write_config(
        tmp_path, imap_account, smtp_server,
        extra="[run]\npoll_seconds = 1\nretry_seconds = 1\n"), 20)
    imap_account.append_many("INBOX", [request(i, "dmn") for i in range(n)])
    wanted = [mid(i, "dmn") for i in range(n)]

    daemon = Running(cfg, tmp_path / "run.log")
    try:
        assert daemon.notified("READY=1"), daemon.stderr()[-3000:]
        smtp_server.wait_for(21, timeout=60)
        dovecot.stop()
        answered_before = len(smtp_server.received)
        time.sleep(2)
        dovecot.start()
        up = time.monotonic()
        smtp_server.wait_for(n, timeout=60)
        recovered = time.monotonic() - up
        time.sleep(2)  # anything answered twice would come now
        assert daemon.proc.poll() is None, daemon.stderr()[-3000:]
        assert wait_until(lambda: folder_ids(imap_account, "INBOX") == [], timeout=10)
    finally:
        rc = daemon.stop()
    assert rc == 0, daemon.stderr()[-3000:]
    log = daemon.stderr()
    assert "Traceback" not in log, log[-3000:]
    assert "mailbox reachable again" in log
    assert_all_filed_once(imap_account, smtp_server, wanted)
    print(f"\nRECOVERY dovecot/run: {answered_before} answered before the kill; all "
          f"{n} answered {recovered:.1f} s after Dovecot was back")


# -- the SMTP server down for a while ---------------------------------------------------


def test_smtp_down_daemon_queues_then_sends_each_reply_once(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server,
                       extra="[run]\npoll_seconds = 1\nretry_seconds = 1\n")
    state = tmp_path / "state"
    daemon = Running(cfg, tmp_path / "run.log")
    try:
        assert daemon.notified("READY=1"), daemon.stderr()[-3000:]
        smtp_server.stop()
        down = time.monotonic()
        imap_account.append_many("INBOX", [request(i, "smtp") for i in range(10)])
        wanted = [mid(i, "smtp") for i in range(10)]
        # Handled and queued while SMTP is down: 10 cases, 10 replies pending, inbox empty.
        assert wait_until(lambda: read_store(state) == (10, 10, 10), timeout=20), \
            (read_store(state), daemon.stderr()[-3000:])
        assert wait_until(lambda: folder_ids(imap_account, "INBOX") == [], timeout=10)
        time.sleep(3)  # a few more failed rounds
        assert smtp_server.received == []
        smtp_server.start()
        up = time.monotonic()
        smtp_server.wait_for(10, timeout=20)
        recovered = time.monotonic() - up
        time.sleep(3)  # a second copy of anything would come now
        assert daemon.proc.poll() is None
        assert read_store(state)[2] == 0
    finally:
        rc = daemon.stop()
    assert rc == 0, daemon.stderr()[-3000:]
    assert "Traceback" not in daemon.stderr()
    assert len(smtp_server.received) == 10
    assert replies(smtp_server) == Counter({m: 1 for m in wanted})
    assert_all_filed_once(imap_account, smtp_server, wanted)
    print(f"\nRECOVERY smtp/run: down {up - down:.1f} s; 10 queued replies all delivered "
          f"{recovered:.2f} s after the server was back")


def test_smtp_down_poll_once_exits_1_until_sent(
        tmp_path: Path, imap_account: Account, smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    smtp_server.stop()
    imap_account.append_many("INBOX", [request(i, "once") for i in range(3)])
    wanted = [mid(i, "once") for i in range(3)]

    down = poll_once(cfg)
    assert down.returncode == 1, down.stderr[-3000:]
    assert "Traceback" not in down.stderr
    assert "deferred, SMTP server unavailable" in down.stderr
    assert read_store(tmp_path / "state") == (3, 3, 3)
    assert folder_ids(imap_account, "INBOX") == []  # handled; the replies wait in the outbox

    smtp_server.start()
    start = time.monotonic()
    up = poll_once(cfg)
    took = time.monotonic() - start
    assert up.returncode == 0, up.stderr[-3000:]
    assert read_store(tmp_path / "state")[2] == 0
    assert poll_once(cfg).returncode == 0  # nothing sent again
    assert len(smtp_server.received) == 3
    assert_all_filed_once(imap_account, smtp_server, wanted)
    print(f"\nRECOVERY smtp/poll: exit 1, then 0; the poll that sent the 3 queued "
          f"replies took {took:.2f} s")


def test_long_smtp_outage_then_one_451_still_delivers(
        tmp_path: Path, smtp_server: SmtpServer) -> None:
    """12 outbox rounds against a dead server, then the server is back but greylists once.

    12 rounds is 6 minutes of outage: each `poll --once` (the timer runs one a minute)
    tries the head of the outbox twice (before the inbox and after the timers), and
    `difbot run` once per poll plus once from its one-minute outbox job. Checked end to
    end too: 6 polls with SMTP down, then one 451, and the requester's reply is "given
    up after 13 attempts" (only the staff 'undeliverable' alert goes out).
    """
    t0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    first_retry = timedelta(seconds=1)
    with Store.open(tmp_path / "state") as store, \
            Mailer(smtp_server.smtp_settings()) as mailer:
        store.add_outbox({"message_id": "<grey@example.org>", "case_id": None,
                          "kind": "reply", "envelope_from": "dif-privacy@example.org",
                          "recipients": ["r@uni.example.edu"],
                          "raw": "Subject: x\r\nMessage-ID: <grey@example.org>\r\n\r\nhi\r\n",
                          "created": t0.isoformat(), "status": "pending", "attempts": 0})
        smtp_server.stop()
        for minute in range(12):
            r = outbox.send_pending(store, mailer, t0 + timedelta(minutes=minute), str,
                                    first_retry)
            assert (r.sent, r.deferred, r.failed) == (0, 1, [])
        smtp_server.script.append("451 4.7.1 greylisted, try again later")
        smtp_server.start()
        later = t0 + timedelta(minutes=13)
        outbox.send_pending(store, mailer, later, str, first_retry)  # the 451
        outbox.send_pending(store, mailer, later + timedelta(minutes=5), str, first_retry)
        (entry,) = store.outbox()
    assert entry["status"] == "sent", entry
    assert len(smtp_server.received) == 1


# -- the state dir on a full filesystem -------------------------------------------------


@pytest.fixture
def small_state(tmp_path: Path) -> Iterator[Path]:
    """tmp_path/state on a 3 MB tmpfs of its own, unmounted afterwards.

    Without root, or where mounting is refused, the test is skipped with one line, and
    fails under CI (tests/testing/need.py): CI runs as root (.ci/run).
    """
    state = tmp_path / "state"
    state.mkdir()
    if os.geteuid() != 0:
        need.missing("a tmpfs for the full-disk tests (mount needs root, CAP_SYS_ADMIN)",
                     "run the tests as root, as CI does (.ci/run)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs",
                           str(state)], capture_output=True, text=True)
    if done.returncode != 0:
        why = " ".join(done.stderr.split()) or f"exit {done.returncode}"
        need.missing(f"a tmpfs for the full-disk tests (mount refused: {why})",
                     "run as root where mounts are allowed (e.g. a container with "
                     "CAP_SYS_ADMIN)")
    try:
        yield state
    finally:
        if subprocess.run(["umount", str(state)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(state)], capture_output=True)


def fill(state: Path, leave: int = 0) -> Path:
    """A filler file that takes all the free space but `leave` bytes (whole pages)."""
    filler = state / "filler"
    st = os.statvfs(state)
    size = st.f_bavail * st.f_frsize - leave
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        chunk = b"x" * (1 << 20)
        written = 0
        while written < size:
            try:
                written += os.write(fd, chunk[:size - written])
            except OSError:
                break  # full
    finally:
        os.close(fd)
    free = os.statvfs(state).f_bavail * os.statvfs(state).f_frsize
    assert free <= leave, f"{free} bytes still free"
    return filler


# The dataset index off the small filesystem (beside the config), so that the store
# write is what fails.
INDEX_OUTSIDE = '[dataset]\nindex = "index.sqlite3"\n'


def snapshot(state: Path) -> tuple[dict[str, bytes], list[str]]:
    names = sorted(n for n in os.listdir(state) if n != "filler")
    return store_files(state), names


def assert_store_unharmed(state: Path, before: tuple[dict[str, bytes], list[str]]) -> None:
    data, names = snapshot(state)
    assert data == before[0], "the store changed although the write failed"
    assert names == before[1], f"files left behind: {sorted(set(names) - set(before[1]))}"
    with Store.open(state, readonly=True) as store:  # loads: no damage
        assert len(store.cases()) == 1


def test_full_state_dir_keeps_store_and_message_then_recovers(
        tmp_path: Path, small_state: Path, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server, extra=INDEX_OUTSIDE)
    imap_account.append("INBOX", request(1, "full"))
    assert poll_once(cfg).returncode == 0
    before = snapshot(small_state)

    imap_account.append("INBOX", request(2, "full"))
    filler = fill(small_state)
    failed = poll_once(cfg)
    assert failed.returncode != 0, failed.stderr[-3000:]
    assert_store_unharmed(small_state, before)
    assert folder_ids(imap_account, "INBOX") == [mid(2, "full")]  # not lost, not moved
    assert folder_ids(imap_account, QUARANTINE) == []
    assert replies(smtp_server) == Counter({mid(1, "full"): 1})
    assert len(smtp_server.received) == 1  # no staff alert about a "bad" message either

    filler.unlink()
    start = time.monotonic()
    ok = poll_once(cfg)
    took = time.monotonic() - start
    assert ok.returncode == 0, ok.stderr[-3000:]
    assert folder_ids(imap_account, "INBOX") == []
    assert sorted(folder_ids(imap_account, PROCESSED)) == sorted([mid(1, "full"),
                                                                  mid(2, "full")])
    assert replies(smtp_server) == Counter({mid(1, "full"): 1, mid(2, "full"): 1})
    print(f"\nRECOVERY full disk: rc={failed.returncode} while full; the poll after the "
          f"filler was deleted handled the message in {took:.2f} s")


def test_full_state_dir_store_write_fails_with_one_line_error(
        tmp_path: Path, small_state: Path, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server, extra=INDEX_OUTSIDE)
    # As after an earlier run: the lock file exists, so taking the lock needs no space.
    (small_state / "difbot.lock").write_text("1\n")
    imap_account.append("INBOX", request(1, "err"))
    fill(small_state)
    error = one_error_line(poll_once(cfg))
    assert "No space left on device" in error and str(small_state) in error, error


def test_full_fresh_state_dir_fails_with_one_line_error(
        tmp_path: Path, small_state: Path, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    """First start on a state dir whose filesystem is already full."""
    cfg = write_config(tmp_path, imap_account, smtp_server, extra=INDEX_OUTSIDE)
    imap_account.append("INBOX", request(1, "lock"))
    fill(small_state)
    error = one_error_line(poll_once(cfg))
    assert folder_ids(imap_account, "INBOX") == [mid(1, "lock")]
    assert "No space left on device" in error, error


def test_full_state_dir_default_layout_keeps_message_then_recovers(
        tmp_path: Path, small_state: Path, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    """The default layout: the dataset index (SQLite, WAL) lives in the state dir too, and
    opening it is what fails first."""
    cfg = write_config(tmp_path, imap_account, smtp_server)
    imap_account.append("INBOX", request(1, "idx"))
    assert poll_once(cfg).returncode == 0
    before = store_files(small_state)
    imap_account.append("INBOX", request(2, "idx"))
    filler = fill(small_state)
    one_error_line(poll_once(cfg))
    assert store_files(small_state) == before
    assert folder_ids(imap_account, "INBOX") == [mid(2, "idx")]
    filler.unlink()  # the -wal/-shm files SQLite left behind must not matter
    assert poll_once(cfg).returncode == 0
    assert folder_ids(imap_account, "INBOX") == []
    assert replies(smtp_server) == Counter({mid(1, "idx"): 1, mid(2, "idx"): 1})


# raises=AssertionError: only the known bug is expected; a missing tmpfs or Dovecot
# under CI (tests/testing/need.py) must fail here too, not pass as this xfail.
@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "BUG: difbot/dataset.py Dataset.open (lines 134-140) reports every sqlite3 error of "
    "_prepare() as 'not a usable dataset index: disk I/O error' (SQLite cannot create "
    "dataset.sqlite3-shm on a full disk): the line blames the index, not the full disk"))
def test_full_state_dir_default_layout_error_names_lack_of_space(
        tmp_path: Path, small_state: Path, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server)
    Dataset.open(small_state / "dataset.sqlite3").close()  # as after an earlier run
    (small_state / "difbot.lock").write_text("1\n")
    imap_account.append("INBOX", request(1, "idx"))
    fill(small_state)
    failed = poll_once(cfg)
    assert failed.returncode == 1
    errors = errors_only(failed.stderr)
    assert len(errors) == 1, errors
    assert "space" in errors[0].lower(), errors  # today: "... disk I/O error"


def test_nearly_full_state_dir_does_not_quarantine_a_healthy_message(
        tmp_path: Path, small_state: Path, imap_account: Account,
        smtp_server: SmtpServer) -> None:
    cfg = write_config(tmp_path, imap_account, smtp_server, extra=INDEX_OUTSIDE)
    (small_state / "difbot.lock").write_text("1\n")  # as after an earlier run
    # An unclear message with a long text: its escalation carries the original (about
    # 80 KB in the outbox), so its store write needs far more than the 32 KB left, while
    # a quarantine record and alert (a few KB) still fit.
    filler_text = "\r\n".join(f"line {n}: some words about a dataset we once saw"
                              for n in range(1200))
    unclear = ("From: Someone <someone@example.net>\r\nTo: dif-privacy@example.org\r\n"
               "Subject: a question\r\nMessage-ID: <near-unclear@example.net>\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n\r\n"
               f"Hello, I have a question about something.\r\n{filler_text}\r\n").encode()
    imap_account.append("INBOX", unclear)
    filler = fill(small_state, leave=8 * PAGE)
    nearly = poll_once(cfg)
    filler.unlink()
    assert folder_ids(imap_account, QUARANTINE) == [], (
        "a healthy message was quarantined: "
        + " | ".join(line for line in nearly.stderr.splitlines() if "quarantine" in line))
    assert poll_once(cfg).returncode == 0
    assert folder_ids(imap_account, "INBOX") == []
