"""Rendering: headers of DESIGN §4.3, strict templates, no header injection."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import jinja2
import pytest

from difbot.config import IdentitySettings
from difbot.core.access import QUESTIONNAIRE_FIELDS
from difbot.core.case_tags import case_tag, tagged_case
from difbot.core.cases import Case, Category, State, Subtype
from difbot.core.decide import quarantine_alert
from difbot.core.intents import (
    ALERT,
    CONFIRMATION,
    DIGEST,
    RELAY,
    Mail,
    Match,
    To,
    escalation,
    notice,
    reply,
    staff,
)
from difbot.core.notices import Removed
from difbot.mail.outgoing import TemplateError, Templates, new_message_id, render, tagged_subject
from difbot.understand.inbound import parse

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
IDENTITY = IdentitySettings(address="dif-privacy@example.org", name="DiF Privacy",
                            staff=("alice@example.org",), staff_notify="office@example.org",
                            secret=b"0123456789abcdef")
CASE = Case("DIF-2026-0042", Category.ACCESS, None, State.AWAITING_QUESTIONNAIRE,
            "ana@uni.example", NOW, NOW)
TAG = case_tag(IDENTITY.secret, CASE.id)
MSG = parse(b"From: Ana <ana@uni.example>\r\nSubject: =?utf-8?q?Zugang_=0D=0ABcc:_x@evil.example?="
            b"\r\nMessage-ID: <m1@uni.example>\r\nReferences: <r0@uni.example>\r\n\r\nhi\r\n")


def questionnaire() -> Mail:
    return Mail(To.REQUESTER, "access_questionnaire", "reply", {"fields": QUESTIONNAIRE_FIELDS})


def test_questionnaire_reply_headers_and_fields() -> None:
    mid = new_message_id(IDENTITY.domain)
    out = render(questionnaire(), CASE, MSG, IDENTITY, Templates(), mid, NOW)
    m = message_from_bytes(out.raw, policy=policy.default)
    assert out.recipients == ("ana@uni.example",)
    assert m["To"] == "ana@uni.example"
    assert m["From"] == "DiF Privacy <dif-privacy@example.org>"
    assert m["Message-ID"] == mid and mid.endswith("@example.org>")
    assert m["In-Reply-To"] == "<m1@uni.example>"
    assert m["References"] == "<r0@uni.example> <m1@uni.example>"
    assert m["Auto-Submitted"] == "auto-replied"
    assert m["X-Auto-Response-Suppress"] == "All"
    assert TAG in m["Subject"] and m["Subject"].startswith("Re: ")
    body = m.get_content()
    for _, label in QUESTIONNAIRE_FIELDS:
        assert label in body
    assert "DIF-2026-0042" in body


def test_subject_with_crlf_adds_no_header_and_no_recipient() -> None:
    out = render(questionnaire(), CASE, MSG, IDENTITY, Templates(), "<x@example.org>", NOW)
    m = message_from_bytes(out.raw, policy=policy.default)
    assert m["Bcc"] is None and m["Cc"] is None
    assert out.recipients == ("ana@uni.example",)
    header_block = out.raw.split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc:" not in header_block


@pytest.mark.parametrize("subject", [
    "Anfrage f\u00fcr DiF =??Q?Datenzugang_f=FCr_Forschung?=",  # no charset, raw UTF-8
    "=?x-unknown?q?Zugang?= f\u00fcr DiF", "Access =?utf-8?b?not base64 at all?=",
])
def test_a_subject_holding_an_undecoded_encoded_word_is_answered(subject: str) -> None:
    """Found by fuzzing: the requester's subject kept an encoded word their mailer broke,
    our header writer decoded it again and raised, and the request went to quarantine."""
    raw = (f"From: Jana <jana@uni.example>\r\nSubject: {subject}\r\n"
           "Message-ID: <j1@uni.example>\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "\r\nhi\r\n").encode()
    msg = parse(raw)
    out = render(questionnaire(), CASE, msg, IDENTITY, Templates(), "<x@example.org>", NOW)
    m = message_from_bytes(out.raw, policy=policy.default)
    assert m["Subject"].replace("\u200b", "") == f"Re: {msg.subject} {TAG}"


def test_message_ids_are_unguessable_and_unique() -> None:
    ids = {new_message_id("example.org") for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i.split("@")[0]) >= 30 for i in ids)


@pytest.mark.parametrize("subject", [
    "Re: AW: Access", "RE: SV: Re: Access", "R: Access", "RIF: Access", "Réf. : Access",
    "Antw: Access", "Odp: Access", "VS: Access", "RES: Access", "RE[2]: Access",
    "Re:Re:Re: Access", "Aw: Re: AW: Access", "Réponse : Access", "Respuesta: Access",
    "Antwoord: RE: Access",
])
def test_stacked_reply_prefixes_of_every_client_become_one_re(subject: str) -> None:
    assert tagged_subject(subject, "[T]") == "Re: Access [T]"


@pytest.mark.parametrize("subject, expected", [
    ("Fwd: Access", "Re: Fwd: Access [T]"),       # a forward stays one
    ("Rechnung: Access", "Re: Rechnung: Access [T]"),
    ("Rest: Access", "Re: Rest: Access [T]"),
    ("Ref: invoice 42", "Re: Ref: invoice 42 [T]"),
])
def test_words_that_only_start_like_a_prefix_stay(subject: str, expected: str) -> None:
    assert tagged_subject(subject, "[T]") == expected


def test_tagged_subject_is_idempotent() -> None:
    s = tagged_subject("Access", "[DIF-2026-0001-a1B2c3]")
    assert s == "Re: Access [DIF-2026-0001-a1B2c3]"
    assert tagged_subject(s, "[DIF-2026-0001-a1B2c3]") == s


def test_the_tag_has_an_unguessable_part_that_alone_joins() -> None:
    """Finding 14.3: a tag of the readable id alone (guessable) must not join a case."""
    assert TAG.startswith("[DIF-2026-0042-") and len(TAG) == len("[DIF-2026-0042-]") + 6
    assert tagged_case(f"Re: x {TAG}", IDENTITY.secret) == CASE.id
    for guess in ("[DIF-2026-0042]", "[DIF-2026-0042-aaaaaa]", TAG.replace("DIF-2026-0042",
                                                                            "DIF-2026-0043")):
        assert tagged_case(f"Re: x {guess}", IDENTITY.secret) is None, guess
    assert tagged_case(f"Re: x {TAG}", b"another secret of sixteen+ bytes") is None
    # Other scripts' digits name no case (they crashed the tag check and so the message).
    assert tagged_case("Re: [DIF-\u0662\u0660\u0662\u0666-\u0660\u0660\u0660\u0661-abcdef]",
                       IDENTITY.secret) is None
    assert case_tag(IDENTITY.secret, "DIF-2026-0043") != case_tag(IDENTITY.secret, CASE.id)


def test_relayed_words_cannot_set_the_subject() -> None:
    """Finding 14.8: the subject of mail to requesters is set in code only."""
    relay = Mail(To.REQUESTER, "staff_answer", "relay",
                 {"text": "Subject: Your access has been APPROVED\n\nWelcome aboard."})
    out = render(relay, CASE, None, IDENTITY, Templates(), "<s@x.org>", NOW)
    m = message_from_bytes(out.raw, policy=policy.default)
    assert "APPROVED" not in m["Subject"] and TAG in m["Subject"]
    assert "Subject: Your access has been APPROVED" in m.get_content()


def test_staff_alert_goes_to_staff_notify_without_content() -> None:
    out = render(quarantine_alert("abc123", "ValueError"), None, None, IDENTITY, Templates(),
                 "<q@example.org>", NOW)
    m = message_from_bytes(out.raw, policy=policy.default)
    assert out.recipients == ("office@example.org",)
    assert m["Auto-Submitted"] == "auto-generated"
    assert "abc123" in m.get_content()


# One sample intent per template; a template without one fails the next test.
MATCHES = [Match("5169665786", "https://www.flickr.com/photo.gne?id=5169665786")]
SAMPLES = {
    "access_questionnaire": questionnaire(),
    "access_missing_fields": reply("access_missing_fields", missing=QUESTIONNAIRE_FIELDS[2:4]),
    "access_received": reply("access_received"),
    "withdrawal_confirm_request": reply("withdrawal_confirm_request"),
    "withdrawal_not_found": reply("withdrawal_not_found"),
    "withdrawal_confirmed": reply("withdrawal_confirmed", purge_at=NOW),
    "withdrawal_purged": notice("withdrawal_purged"),
    "removal_ask_identifiers": reply("removal_ask_identifiers", unknown_refs=True),
    "removal_matches": reply("removal_matches", matches=MATCHES),
    "removal_none_found": reply("removal_none_found"),
    "inquiry_result": reply("inquiry_result", matches=MATCHES),
    "annotation_ack": reply("annotation_ack"),
    "rights_ack": reply("rights_ack"),
    "requester_reminder": notice("requester_reminder"),
    "requester_abandoned": notice("requester_abandoned", was="approved"),
    "access_download": reply("access_download", download_url="https://dif.example.org/d",
                             instructions="Step 1\nStep 2", accepted_on="2026-12-04"),
    "staff_escalation": escalation("r", "the requester's text"),
    "staff_quarantine": quarantine_alert("abc", "ValueError"),
    "access_approved": notice("access_approved"),
    "access_denied": notice("access_denied", reason="not a research use"),
    "removal_done": notice("removal_done", matches=MATCHES),
    "removal_rejected": notice("removal_rejected", reason="not in the dataset"),
    "claim_resolved": notice("claim_resolved"),
    "removal_notice": notice("removal_notice", entries=[
        Removed("5169665786", "https://live.staticflickr.com/1/5169665786_ab12cd34.jpg")]),
    "removal_notice_reminder": notice("removal_notice_reminder"),
    "staff_answer": Mail(To.REQUESTER, "staff_answer", RELAY, {"text": "Our answer."}),
    "staff_confirmation": staff("staff_confirmation", CONFIRMATION, done=["approve: ok"],
                                by="alice@example.org"),
    "staff_deadline": staff("staff_deadline", ALERT),
    "staff_overdue": staff("staff_overdue", ALERT),
    "staff_digest": staff("staff_digest", DIGEST, day=NOW.date(),
                          rows=[(NOW, "DIF-2026-0042", "access", "under_review", True)]),
    "staff_outage": staff("staff_outage", ALERT, minutes=61),
    "staff_undeliverable": staff("staff_undeliverable", ALERT, error="550 no such user",
                                 who="the requester"),
    "staff_refused": staff("staff_refused", ALERT, reason="sender is not on the staff list",
                           ref="abc123"),
    "staff_sender_capped": staff("staff_sender_capped", ALERT, cap=5, ref="abc123",
                                 everyone=False),
}


def test_every_template_renders_strictly() -> None:
    templates = Templates()
    templates.check()
    assert templates.env.undefined is jinja2.StrictUndefined
    for name in templates.names():
        base = name.split(".")[0]
        assert base in SAMPLES, f"{name}: add a sample intent to SAMPLES"
        mail = SAMPLES[base]
        out = render(mail, CASE, MSG, IDENTITY, templates, "<t@example.org>", NOW)
        body = message_from_bytes(out.raw, policy=policy.default).get_content()
        assert body.strip() and "{{" not in body and "{%" not in body
        if mail.to is To.REQUESTER:
            assert CASE.id in body, name


def test_mail_we_start_continues_our_thread_and_keeps_the_tag() -> None:
    out = render(SAMPLES["requester_reminder"], CASE, None, IDENTITY, Templates(), "<r@x.org>",
                 NOW, thread=("<q1@example.org>", "<q2@example.org>"))
    m = message_from_bytes(out.raw, policy=policy.default)
    assert m["In-Reply-To"] == "<q2@example.org>"
    assert m["References"] == "<q1@example.org> <q2@example.org>"
    assert TAG in m["Subject"]
    assert tagged_subject("x" * 400, TAG).endswith(TAG)


def test_relayed_staff_words_are_not_marked_automatic() -> None:
    out = render(SAMPLES["staff_answer"], CASE, None, IDENTITY, Templates(), "<s@x.org>", NOW)
    m = message_from_bytes(out.raw, policy=policy.default)
    assert m["Auto-Submitted"] is None and m["X-Auto-Response-Suppress"] is None
    assert out.recipients == ("ana@uni.example",)
    assert "alice" not in out.raw.decode() and "Our answer." in m.get_content()


def test_escalation_attaches_the_original_and_lists_the_commands() -> None:
    mail = Mail(To.STAFF, "staff_escalation", "escalation",
                {"reason": "r", "text": "t", "original": b"From: x@y\r\n\r\nhello\r\n"})
    out = render(mail, CASE, MSG, IDENTITY, Templates(), "<e@x.org>", NOW)
    m = message_from_bytes(out.raw, policy=policy.default)
    (attachment,) = list(m.iter_attachments())
    assert attachment.get_filename() == "original.eml"
    assert attachment.get_content() == b"From: x@y\r\n\r\nhello\r\n"
    text = m.get_body(("plain",)).get_content()
    for verb in ("approve", "deny <reason>", "remove", "reject <reason>", "ask <question>",
                 "note <text>", "hold <reason>", "release", "close"):
        assert verb in text


def test_matches_are_listed_as_links() -> None:
    out = render(SAMPLES["removal_matches"], CASE, MSG, IDENTITY, Templates(), "<m@x.org>", NOW)
    body = message_from_bytes(out.raw, policy=policy.default).get_content()
    assert "https://www.flickr.com/photo.gne?id=5169665786" in body
    assert "We found 1 entry of the DiF dataset" in " ".join(body.split())


def test_reminder_is_auto_generated_and_names_what_is_awaited() -> None:
    out = render(SAMPLES["requester_reminder"], CASE, None, IDENTITY, Templates(), "<r@x.org>",
                 NOW)
    m = message_from_bytes(out.raw, policy=policy.default)
    assert m["Auto-Submitted"] == "auto-generated"
    assert "questionnaire" in m.get_content()
    assert m["In-Reply-To"] is None and TAG in m["Subject"]


def test_missing_variable_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.en.txt.j2").write_text("Hello {{ nobody }}\n")
    with pytest.raises(TemplateError, match="nobody"):
        Templates(tmp_path).render("x", "en", {})


def test_a_broken_template_added_after_start_is_a_template_error(tmp_path: Path) -> None:
    """Templates are compiled at start (check); a language file added later is read at
    its first render, and its mistake must still be the one-line TemplateError that
    quarantines one message, not a jinja2 exception."""
    (tmp_path / "x.en.txt.j2").write_text("Hello\n")
    templates = Templates(tmp_path)
    templates.check()
    (tmp_path / "x.de.txt.j2").write_text("{% if %}\n")
    with pytest.raises(TemplateError, match=r"x\.de\.txt\.j2:1"):
        templates.render("x", "de", {})


def test_broken_template_stops_check(tmp_path: Path) -> None:
    (tmp_path / "x.en.txt.j2").write_text("{% if %}\n")
    with pytest.raises(TemplateError, match="x.en.txt.j2:1"):
        Templates(tmp_path).check()


@pytest.mark.parametrize("subtype", list(Subtype))
def test_removal_escalations_say_ownership_is_unverified(subtype: Subtype) -> None:
    """Finding 14.4: anyone can name any Flickr account; staff must see that nobody
    checked the identifiers are the requester's."""
    case = replace(CASE, category=Category.REMOVAL, subtype=subtype, matched=("5169665786",))
    mail = Mail(To.STAFF, "staff_escalation", "escalation", {"reason": "r", "text": "t"})
    text = message_from_bytes(render(mail, case, MSG, IDENTITY, Templates(), "<e@x.org>",
                                     NOW).raw, policy=policy.default).get_body(("plain",))
    assert text is not None and "Ownership: NOT VERIFIED" in text.get_content()
    access = render(mail, CASE, MSG, IDENTITY, Templates(), "<e@x.org>", NOW).raw
    assert b"Ownership" not in access
