"""oasgen: OpenAPI 3.0/3.1 to typed Python SDK generator.

Published as the ``pyoasgen`` distribution with a ``pyoasgen`` command (``oasgen`` on PyPI is an
unrelated project); ``python -m generator`` is the same command.
"""

__version__ = "0.1.0"

DISTRIBUTION = "pyoasgen"
"""The distribution name on the package index, the installed command and the ``[tool.pyoasgen]``
table of a ``pyproject.toml`` that holds the configuration."""
