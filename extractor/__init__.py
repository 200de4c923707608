"""fr-press-events: French event press releases to validated, source-grounded JSON."""

from typing import TYPE_CHECKING, Any

from extractor.core.errors import ConfigurationError, ContractError, ExtractorError, InputError

if TYPE_CHECKING:
    from extractor.core.pipeline import extract, extract_many
    from extractor.rules.dates import find_dates

__all__ = [
    "ConfigurationError",
    "ContractError",
    "ExtractorError",
    "InputError",
    "extract",
    "extract_many",
    "find_dates",
]

_LAZY = {
    "extract": "extractor.core.pipeline",
    "extract_many": "extractor.core.pipeline",
    "find_dates": "extractor.rules.dates",
}


def __getattr__(name: str) -> Any:
    """The functions that need spaCy are imported on first use, so that the command line's
    ``validate`` and ``schema`` work where spaCy is not installed."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
