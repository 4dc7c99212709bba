"""The OpenAI flavour (``flavour: openai``): :mod:`generator.flavours.openai.policy`, and the runtime
extras in ``runtime/`` shipped in the generated package (``_openai.py``)."""
