"""oasgen: OpenAPI 3.0/3.1 to typed Python SDK generator."""

__version__ = "0.1.0"
