"""The per-language word tables, one module per use, and the one list of languages.

Every table is keyed by the codes in `LANGUAGES`; adding a language means adding it
here and to each table (tests/understand/test_words.py checks they agree).
"""

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
