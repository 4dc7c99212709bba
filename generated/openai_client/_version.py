# File generated from an OpenAPI description. Do not edit by hand.

__title__ = "openai_client"
__version__ = "1.0.0"

# What this package was generated from: compare __spec_sha256__ with `sha256sum` of your spec.
__generator__ = "oasgen 0.1.0"
__spec_title__ = "OpenAI API"
__spec_version__ = "1.0.0"
__spec_sha256__ = "501e6f06ece08966ca756240281dd96b9641e0d818631f5b8f5e0100922037ba"
