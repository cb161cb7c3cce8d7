"""The daily counts behind the staff-mail caps (app/poll._count_staff_mail): one small
store entry per sender and day, counted up per message, and a new day starts at zero
and drops the entries of the days before (and the old one-dict form)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from difbot.app import poll
from tests.testing.e2e import offline_app

PREFIX = poll.STAFF_MAIL_COUNTS


def test_counts_per_sender_and_in_all_then_a_new_day(tmp_path: Path) -> None:
    with ExitStack() as stack:
        app = offline_app(tmp_path, stack)
        store = app.store
        store.set_meta(PREFIX, {"day": "2026-12-01", "senders": {"x": 9}, "total": 9})
        counted = [poll._count_staff_mail(app, "2026-12-03", who)
                   for who in ("a", "a", "b", "a")]
        assert counted == [(0, 0), (1, 1), (0, 2), (2, 3)]
        assert store.get_meta(PREFIX) is None  # the old form is gone
        assert store.meta_names(f"{PREFIX}/") == [f"{PREFIX}/2026-12-03",
                                                  f"{PREFIX}/2026-12-03/a",
                                                  f"{PREFIX}/2026-12-03/b"]
        assert poll._count_staff_mail(app, "2026-12-04", "a") == (0, 0)
        assert store.meta_names(f"{PREFIX}/") == [f"{PREFIX}/2026-12-04",
                                                  f"{PREFIX}/2026-12-04/a"]


def test_counts_are_undone_with_the_message(tmp_path: Path) -> None:
    """A message quarantined after counting (its savepoint undone) counts for nothing."""
    with ExitStack() as stack:
        app = offline_app(tmp_path, stack)
        try:
            with app.store.transaction():
                poll._count_staff_mail(app, "2026-12-03", "a")
                raise RuntimeError("the message fails later")
        except RuntimeError:
            pass
        assert poll._count_staff_mail(app, "2026-12-03", "a") == (0, 0)
