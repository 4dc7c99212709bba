"""Stage 2: which OpenAPI version a document is, and what the spec validator says about it.

* :func:`detect_version` -> ``"3.0"`` / ``"3.1"``, or a :class:`GeneratorError` (exit code 2)
  for Swagger 2.0, a missing ``openapi`` field or an unsupported version.
* :func:`validate_document` runs openapi-spec-validator-rs (or the stock validator where the
  Rust wheel is missing) in a closed world, and returns every violation as a located
  ``spec-violation`` warning with an absolute JSON pointer; results are cached by content.
"""

from generator.validate.engine import SPEC_VIOLATION, VALIDATOR_CRASH, validate_document, validator_name
from generator.validate.version import detect_version

__all__ = ["SPEC_VIOLATION", "VALIDATOR_CRASH", "detect_version", "validate_document", "validator_name"]
