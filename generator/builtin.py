"""Where the built-in templates (and the runtime shipped in every generated package) are read from.

One place for it: the renderer, the runtime renderer and the user-template checks all ask here.

* An installed tool (``pip install .``, the wheel) has them as package data in ``generator/templates``:
  ``setup.py`` maps the repository's top-level ``templates/`` folder to the ``generator.templates``
  package, so the wheel carries every file of it.
* A source checkout (``python -m generator`` in the repository, an editable install) reads the
  repository's ``templates/`` folder itself, so an edit there shows on the next run.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find() -> Path:
    packaged = _PACKAGE / "templates"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "templates"


TEMPLATE_DIR: Path = _find()
"""The built-in template folder (``types/``, ``resources/``, ``package/``, ``tests/``, ``runtime/``)."""

RUNTIME_DIR: Path = TEMPLATE_DIR / "runtime"
"""The runtime copied (``*.py``) or rendered (``*.py.j2``) into every generated package."""
