"""The data contract of fr-press-events: pydantic models and their JSON Schema.

Depends on pydantic only, so a consumer can validate records without spaCy.
"""

from schemas.export import json_schema
from schemas.models import (
    SCHEMA_VERSION,
    City,
    ContinentCode,
    Country,
    DateMention,
    Document,
    ErrorInfo,
    ErrorRecord,
    Event,
    Evidence,
    FailedDocument,
    Figure,
    Meta,
    Organisation,
    PartialDate,
    Precision,
    PressRelease,
    Role,
    Speakers,
    Theme,
    Venue,
    all_spans,
)

__all__ = [
    "SCHEMA_VERSION",
    "City",
    "ContinentCode",
    "Country",
    "DateMention",
    "Document",
    "ErrorInfo",
    "ErrorRecord",
    "Event",
    "Evidence",
    "FailedDocument",
    "Figure",
    "Meta",
    "Organisation",
    "PartialDate",
    "Precision",
    "PressRelease",
    "Role",
    "Speakers",
    "Theme",
    "Venue",
    "all_spans",
    "json_schema",
]
