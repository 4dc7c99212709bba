"""Stage 2: which OpenAPI version a document is, and what openapi-spec-validator says about it.

* :func:`detect_version` -> ``"3.0"`` / ``"3.1"``, or a :class:`GeneratorError` (exit code 2)
  for Swagger 2.0, a missing ``openapi`` field or an unsupported version.
* :func:`validate_document` runs the validator and returns every violation as a
  ``spec-violation`` warning with an absolute JSON pointer (see :mod:`.engine`).
* :func:`start_validation` does the same beside the caller's own work: results are
  cached on disk by content (:mod:`.cache`), and a cache miss runs in a forked process;
  ``.result()`` joins it (:mod:`.background`).
"""

from generator.validate.background import PendingValidation, start_validation
from generator.validate.cache import cache_dir, cache_key
from generator.validate.engine import SPEC_VIOLATION, VALIDATOR_CRASH, validate_document
from generator.validate.version import detect_version

__all__ = [
    "SPEC_VIOLATION",
    "VALIDATOR_CRASH",
    "PendingValidation",
    "cache_dir",
    "cache_key",
    "detect_version",
    "start_validation",
    "validate_document",
]
