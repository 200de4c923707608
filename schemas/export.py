"""The JSON Schema of the contract, for consumers that do not use Python.

The committed file ``schemas/press_release.schema.json`` is this function's
output; a test regenerates it and compares, and ``python -m schemas`` rewrites it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemas.models import SCHEMA_VERSION, PressRelease

SCHEMA_FILE = Path(__file__).with_name("press_release.schema.json")
SCHEMA_ID = f"urn:fr-press-events:schema:press_release:{SCHEMA_VERSION}"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one ``PressRelease`` record.

    Only keywords of the 2020-12 vocabularies, so that validators in strict mode (ajv's
    default) load it: the version is in ``$id``, in ``$comment`` and in the ``const`` of
    ``schema_version``, not in a keyword of its own.

    >>> json_schema()["$id"]
    'urn:fr-press-events:schema:press_release:1.0'
    """
    schema = PressRelease.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "$comment": f"fr-press-events record, schema_version {SCHEMA_VERSION}",
        **schema,
    }


def render() -> str:
    """The schema as the committed file spells it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
