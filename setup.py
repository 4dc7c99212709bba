"""Packaging glue that pyproject.toml cannot express (everything else is in pyproject.toml).

The repository keeps its templates in the top-level ``templates/`` folder (user templates mirror
its layout). The installed tool needs them as package data, so the folder is mapped to the
``generator.templates`` package: the wheel (and a non-editable ``pip install .``) carries every file
of it in ``generator/templates/``. ``generator/builtin.py`` finds either place.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["generator", "generator.*"]), "generator.templates"],
    package_dir={"generator.templates": "templates"},
    package_data={
        "generator": ["config.schema.json"],  # the published config schema is read at run time
        "generator.templates": ["**/*"],  # every template, the runtime (*.py, py.typed) and its CONTRACT.md
    },
    exclude_package_data={"generator.templates": ["**/__pycache__/*", "**/*.pyc"]},
)
