"""The errors the extractor raises, importable as ``extractor.errors`` (they live in ``extractor.core.errors``).

>>> from extractor.errors import InputError
>>> issubclass(InputError, ExtractorError)
True
"""

from extractor.core.errors import (
    ConfigurationError,
    ContractError,
    ExtractionTimeout,
    ExtractorError,
    InputError,
    TooLongError,
    WorkerDied,
)

__all__ = [
    "ConfigurationError",
    "ContractError",
    "ExtractionTimeout",
    "ExtractorError",
    "InputError",
    "TooLongError",
    "WorkerDied",
]
