"""Stage 1: read the OpenAPI document and follow its references."""

from generator.load.document import parse_text, read_document
from generator.load.refs import Location, RefError, Resolver, walk_pointer

__all__ = ["Location", "RefError", "Resolver", "parse_text", "read_document", "walk_pointer"]
