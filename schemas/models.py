"""The output contract, schema_version "1.0", as pydantic v2 models.

Field names are the contract read by tools outside this repository: change them
only with a new ``schema_version``. Every extracted object carries ``evidence``,
a non-empty list of character spans into the document text exactly as decoded.

Checks that JSON Schema cannot express (``start <= end``, an event's venue names
one of ``venues``, evidence text equal to ``document.text`` at its offsets) are
model validators here, so the extractor cannot emit a record that breaks them.
"""

from __future__ import annotations

import calendar
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    model_validator,
)

SCHEMA_VERSION: Literal["1.0"] = "1.0"

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


def _check_partial_date(value: str) -> str:
    """Reject calendar impossibilities that the pattern lets through.

    >>> _check_partial_date("2017-05-17")
    '2017-05-17'
    >>> _check_partial_date("2017-02-30")
    Traceback (most recent call last):
    ValueError: invalid date: day 30 is not in 2017-02
    """
    match = _PARTIAL_DATE.match(value)
    if match is None:
        raise ValueError("invalid date: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if day is not None:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise ValueError(f"invalid date: day {int(day)} is not in {year}-{month}")
    return value


PartialDate = Annotated[
    str,
    Field(
        pattern=_PARTIAL_DATE.pattern,
        description='A partial ISO 8601 calendar date: "YYYY", "YYYY-MM" or "YYYY-MM-DD".',
        examples=["2017", "2017-05", "2017-05-17"],
    ),
    AfterValidator(_check_partial_date),
]

CountryCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code.", examples=["MA"]),
]


class Precision(StrEnum):
    """How precise a date is: the granularity of its partial ISO form."""

    day = "day"
    month = "month"
    year = "year"


class Role(StrEnum):
    """What an organisation did for the event, read from the cue phrase that names it."""

    organiser = "organiser"
    co_organiser = "co_organiser"
    partner = "partner"
    sponsor = "sponsor"
    patron = "patron"


class ContinentCode(StrEnum):
    """GeoNames continent codes."""

    AF = "AF"
    EU = "EU"
    AS = "AS"
    NA = "NA"
    SA = "SA"
    OC = "OC"
    AN = "AN"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """A span of the document text: ``text == document_text[start:end]``."""

    start: NonNegativeInt = Field(description="Offset of the first character, inclusive, in Unicode code points.")
    end: NonNegativeInt = Field(description="Offset after the last character, exclusive, in Unicode code points.")
    text: str = Field(description="The characters of the document between start and end, verbatim.")

    @model_validator(mode="after")
    def _span_is_consistent(self) -> Evidence:
        if self.end <= self.start:
            raise ValueError(f"evidence end {self.end} must be after start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"evidence text has {len(self.text)} characters but the span {self.start}..{self.end} "
                f"has {self.end - self.start}"
            )
        return self


EvidenceList = Annotated[
    list[Evidence],
    Field(min_length=1, description="Where in the text this value was read; never empty."),
]


class Document(_Model):
    """The input document the record describes."""

    id: str = Field(min_length=1, description="Stable identifier of the document (given, file name, or hash prefix).")
    source: str | None = Field(description="Where the document came from (a path, an archive member), if known.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the decoded text, encoded as UTF-8.")
    language: str | None = Field(
        description='ISO 639-1 code of the language the text is written in, "und" when undetermined.'
    )
    published: PartialDate | None = Field(
        description="Publication date: from the caller, the archive header or a dateline; null if unknown."
    )
    length: NonNegativeInt = Field(description="Length of the decoded text in Unicode code points.")
    text: str | None = Field(
        default=None, description="The decoded text that evidence offsets refer to; null unless asked for."
    )


class Meta(_Model):
    """What produced the record."""

    extractor_version: str = Field(description="Version of the extractor package.")
    spacy_model: str = Field(description='Name of the spaCy pipeline used, e.g. "fr_core_news_md".')
    spacy_model_version: str = Field(description="Version of that spaCy pipeline.")


class Event(_Model):
    """An event the release is about, or a part (manifestation, day, strand) of one."""

    name: str | None = Field(description="The event's name as written, or null for an unnamed event.")
    edition: int | None = Field(ge=1, description='Edition number ("2e édition" -> 2), if stated.')
    start: PartialDate | None = Field(description="First day, inclusive; null when no date is known.")
    end: PartialDate | None = Field(description="Last day, inclusive; equal to start for one day.")
    precision: Precision | None = Field(description="Granularity of start and end; null when they are null.")
    venue: str | None = Field(description="Name of the venue, equal to the name of one of the record's venues.")
    city: str | None = Field(description="City where the event takes place, as written in the text.")
    country: CountryCode | None = Field(description="Country of that city.")
    audience: str | None = Field(
        description='Who the event is for, as written ("grand public", "professionnels"), if stated.'
    )
    parts: list[Event] = Field(description="Manifestations the event is made of, in the same shape.")
    evidence: EvidenceList

    @model_validator(mode="after")
    def _dates_are_ordered(self) -> Event:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must both be set or both be null")
        if self.start is not None and self.end is not None:
            if self.precision is None:
                raise ValueError("precision must be set when start and end are set")
            if self.end[: len(self.start)] < self.start[: len(self.end)]:
                raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Organisation(_Model):
    """An organisation or person credited with a role in the event."""

    name: str = Field(min_length=1, description="Name as written, without a leading article.")
    role: Role = Field(description="Role read from the cue phrase that introduces the name.")
    evidence: EvidenceList


class Venue(_Model):
    """A place where an event or part of it takes place."""

    name: str = Field(min_length=1, description="Name of the venue as written.")
    city: str | None = Field(description="City of the venue, stated next to it or implied by the event.")
    country: CountryCode | None = Field(description="Country of that city.")
    evidence: EvidenceList


class Theme(_Model):
    """The stated theme or slogan."""

    text: str = Field(min_length=1, description="The theme as written, without its quotes.")
    evidence: EvidenceList


class City(_Model):
    """A city speakers, participants, delegations or exhibitors came from."""

    name: str = Field(min_length=1, description="The city as written.")
    normalized: str = Field(description="GeoNames name of the city, or the written name if GeoNames lacks it.")
    country: CountryCode | None = Field(description="Country of the city.")
    continent: str | None = Field(description='The group label the city is listed under, as written ("Amérique").')
    continent_code: ContinentCode | None = Field(description="Continent of the city's country.")
    geonames_id: int | None = Field(description="GeoNames identifier, when the city is in GeoNames.")
    evidence: EvidenceList


class Country(_Model):
    """A country speakers, participants, delegations or exhibitors came from."""

    name: str = Field(min_length=1, description="The country as written.")
    code: CountryCode | None = Field(description="ISO 3166-1 alpha-2 code.")
    continent_code: ContinentCode | None = Field(description="Continent of the country.")
    evidence: EvidenceList


class Speakers(_Model):
    """Who came: how many, and from where. Its numbers are grounded by the matching figures."""

    count: int | None = Field(ge=0, description="Number of speakers or participants, if stated.")
    approximate: bool = Field(description='True when the count is given as an approximation ("près de 85").')
    continents_count: int | None = Field(ge=0, description="Number of continents represented, if stated.")
    cities: list[City] = Field(description="Cities they came from, in text order.")
    countries: list[Country] = Field(description="Countries they came from, in text order.")


class Figure(_Model):
    """A key figure: a counted quantity ("85 intervenants", "4 continents")."""

    value: int | float = Field(description="The number, with thousands separators removed.")
    unit: str = Field(min_length=1, description="What is counted, as written (the noun after the number).")
    approximate: bool = Field(description='True when qualified as approximate or a bound ("près de", "plus de").')
    evidence: EvidenceList


class DateMention(_Model):
    """A date expression of the text, resolved to an inclusive range."""

    text: str = Field(min_length=1, description="The expression as written.")
    start: PartialDate | None = Field(description="First day, inclusive; null when the year cannot be known.")
    end: PartialDate | None = Field(description="Last day, inclusive; null when the year cannot be known.")
    precision: Precision = Field(description="Granularity of the expression.")
    year_inferred: bool = Field(description="True when the text omits the year and it was inferred.")
    evidence: EvidenceList

    @model_validator(mode="after")
    def _dates_are_ordered(self) -> DateMention:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must both be set or both be null")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


def all_spans(model: BaseModel) -> list[Evidence]:
    """Every Evidence object below ``model``, depth first."""
    found: list[Evidence] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Evidence):
                found.append(item)
            elif isinstance(item, BaseModel):
                found.extend(all_spans(item))
    return found


class PressRelease(_Model):
    """One record per input document."""

    schema_version: Literal["1.0"] = Field(description="Version of this contract.")
    document: Document
    meta: Meta
    events: list[Event] = Field(description="Events the release is about; empty when it is not about an event.")
    organisers: list[Organisation] = Field(description="Organisations credited with a role, one per name and role.")
    venues: list[Venue] = Field(description="Places where the events take place.")
    themes: list[Theme] = Field(description="Stated themes or slogans.")
    speakers: Speakers | None = Field(description="Who came and from where; null when the text says nothing of it.")
    figures: list[Figure] = Field(description="Key figures, in text order.")
    dates: list[DateMention] = Field(description="Every date expression of the event text, in text order.")
    warnings: list[str] = Field(description="What was uncertain or missing, in plain words.")

    @model_validator(mode="after")
    def _references_hold(self) -> PressRelease:
        venue_names = {venue.name for venue in self.venues}
        stack = list(self.events)
        while stack:
            event = stack.pop()
            if event.venue is not None and event.venue not in venue_names:
                raise ValueError(f"event venue {event.venue!r} is not the name of one of venues")
            stack.extend(event.parts)
        length = self.document.length
        text = self.document.text
        if text is not None and len(text) != length:
            raise ValueError(f"document.length {length} differs from the length of document.text {len(text)}")
        for span in all_spans(self):
            if span.end > length:
                raise ValueError(f"evidence {span.start}..{span.end} ends beyond the document length {length}")
            if text is not None and text[span.start : span.end] != span.text:
                raise ValueError(
                    f"evidence {span.start}..{span.end} says {span.text!r} "
                    f"but the document has {text[span.start:span.end]!r} there"
                )
        return self


class FailedDocument(_Model):
    """The document part of an error record."""

    id: str = Field(description="Identifier of the document that failed.")
    source: str | None = Field(description="Where it came from, if known.")
    sha256: str | None = Field(description="SHA-256 of its decoded text, or of its bytes when it could not be decoded.")


class ErrorInfo(_Model):
    """What went wrong."""

    type: str = Field(description='Kind of failure, e.g. "binary_input", "input_error", "extraction_error".')
    message: str = Field(description="What happened, in plain words.")
    stage: str | None = Field(default=None, description='Where it failed: "read", "extract" or "write".')


class ErrorRecord(_Model):
    """A document that could not be turned into a record (the dead-letter file)."""

    document: FailedDocument
    error: ErrorInfo
