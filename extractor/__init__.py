"""fr-press-events: French event press releases to validated, source-grounded JSON."""

from extractor.dates import find_dates
from extractor.errors import ConfigurationError, ContractError, ExtractorError, InputError
from extractor.pipeline import extract, extract_many

__all__ = [
    "ConfigurationError",
    "ContractError",
    "ExtractorError",
    "InputError",
    "extract",
    "extract_many",
    "find_dates",
]
