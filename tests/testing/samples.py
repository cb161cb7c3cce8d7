"""A sample outgoing message with its envelope, for the SMTP tests."""

from __future__ import annotations

FROM = "privacy@difbot.example"


TO = "requester@person.example"


RAW = ("From: DiF Privacy Office <privacy@difbot.example>\r\n"
       "To: requester@person.example\r\nSubject: =?utf-8?q?Ihre_Anfrage?=\r\n"
       "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: 8bit\r\n\r\n"
       "Grüße.\r\n.\r\n..two dots\r\n").encode()
