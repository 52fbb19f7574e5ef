"""Drafting an entry from the plain text of an article (``newsledger new``).

Data flows one way: bytes -> :mod:`.article` (the text's parts) -> :mod:`.sentences`
-> :mod:`.quotes`, :mod:`.dates`, :mod:`.names` (what the text says) -> :mod:`.draft`
(the entry as data, with placeholders where the text does not decide) -> :mod:`.emit`
(YAML). Nothing here guesses: every drafted value is in the text, or marked
``inferred`` with its reason, or a placeholder that ``newsledger validate`` reports
(NL320) until a curator decides it.
"""
