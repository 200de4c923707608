"""One error root for callers to catch, a subclass per layer."""


class ExtractorError(Exception):
    """Base of every error this package raises on purpose."""

    type = "extraction_error"


class InputError(ExtractorError):
    """The input cannot be read as a document: empty, undecodable, malformed."""

    type = "input_error"


class TooLongError(InputError):
    """The text is longer than the pipeline accepts."""

    type = "too_long"


class ExtractionTimeout(ExtractorError):
    """A document took longer than the per-document time limit."""

    type = "timeout"


class ConfigurationError(ExtractorError):
    """The pipeline cannot be built: a missing model or an invalid setting."""

    type = "configuration_error"


class ContractError(ExtractorError):
    """A record does not satisfy the output contract."""

    type = "contract_error"


class WorkerDied(ExtractorError):
    """A worker process died on a document (killed, out of memory) each time it was tried."""

    type = "worker_died"
