# File generated from an OpenAPI description. Do not edit by hand.

__title__ = "openai_client"
__version__ = "1.0.0"

# What this package was generated from: compare __spec_sha256__ with `sha256sum` of your spec.
__generator__ = "oasgen 0.1.0"
__spec_title__ = "OpenAI API"
__spec_version__ = "1.0.0"
__spec_sha256__ = "46ec183dca3990d1f5ad439a1e705fe5f897b5404515de2b4ba5c250ea9507e8"
