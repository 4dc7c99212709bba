# File generated from an OpenAPI description. Do not edit by hand.

__title__ = "openai_client"
__version__ = "1.0.0"
