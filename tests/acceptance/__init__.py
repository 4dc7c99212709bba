"""Acceptance tests of issue 7: real-world specs, a hostile spec, and generated documents (fuzz)."""
