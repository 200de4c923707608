"""The pipeline core: one path from a text to a validated record.

``pipeline`` builds the spaCy pipeline once per ``Settings`` and runs it; ``components`` are the
spaCy components (``press_release``, ``press_release_sentences``); ``context`` is what every field
rule knows about the document besides its tokens (``document``: header, publication date, hash,
language); ``record`` puts the record together from the field rules; ``settings`` holds every
setting in one frozen object; ``deadline`` bounds the time a document may take; ``errors`` is the
error hierarchy.
"""
