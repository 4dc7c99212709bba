"""Property-based generation of random OpenAPI documents (issue 7): strategies and the import worker."""
