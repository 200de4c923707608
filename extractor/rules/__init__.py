"""The field rules: what the record says, each field read from the text by its own module.

Fields: ``dates`` (with ``published`` and ``dateline``), ``events`` (names in ``event_names``),
``organisers``, ``venues``, ``themes``, ``figures``, ``speakers``, and places in ``geo``.
Shared helpers: ``chunks`` (proper-name chunks), ``wrapping`` (soft line breaks), ``ordinals``
and ``_text``. Their words and cue phrases are data, in ``extractor/data/*.json``.
"""
