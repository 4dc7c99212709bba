"""Benchmarks for oasgen: ``python -m bench`` (``make bench``).

Speed and memory targets are measured and checked here, never in timed tests.
One run prints a table of measured figures and ratios against targets and writes
``.bench/results.json``.  Peers (openai-python, openapi-python-client, ...) are
installed by pinned version into isolated virtualenvs under ``.bench/`` on the
first run and reused afterwards.

Modules: ``envs`` (peer virtualenvs), ``proctree`` (wall time and peak RSS of a
process tree), ``generation`` and ``runtime`` (the two benchmark groups),
``_worker`` (runs inside the peers' virtualenv), ``payloads`` (canned requests
and responses), ``report`` (tables and JSON).

This package must stay importable without third-party packages: the worker
runs it under another interpreter.
"""
