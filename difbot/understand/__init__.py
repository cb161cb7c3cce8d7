"""The pure reading of incoming mail: raw bytes to what a message says.

A safe parsed message (`inbound`, with `mimetext`, `addresses` and `certified`), the verdict of
our border MTA (`authresults`), the language (`language`), the category by rules as
data (`classify`, loading `rules/*.toml` with `rule_file` and `rule_values`; `concepts`,
`stems`, `boilerplate` and `view` read the text; `opinion` and `second_opinion` are the
statistical second opinion), Flickr references (`flickr`), the new text of a reply
(`reply_text`; with its language and Flickr references, `reading`), questionnaire
answers (`answers`), withdrawal confirmations (`confirmation`), acceptances of the terms
of use (`acceptance`), what a staff reply commands (`staff_reply`), and the per-language
word tables in one place (`words/`). Never raises on bad input; no I/O. May import
only `difbot.understand`.
"""
