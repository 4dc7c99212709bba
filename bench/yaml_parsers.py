"""YAML parser benchmark: the candidates on a real spec, and the properties the loader needs.

    python -m bench.yaml_parsers [SPEC] [--runs N]

Candidates outside the project's dependencies are installed from PyPI into
``.bench/yaml-parsers/<name>`` (pinned) and each one runs in its own process. For each:
best-of-N wall time to a Python document, and whether it reads ``1e-08`` as a float
(YAML 1.2), refuses duplicate keys (and says where), leaves tags unexecuted, and stops an
alias bomb. The table is what the README's parser section shows.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bench.envs import BENCH_DIR, ROOT

SPEC = ROOT.parent / "shared" / "specs" / "openai.yaml"
BOMB_TIMEOUT = 30
TARGETS = BENCH_DIR / "yaml-parsers"

# name -> (pip requirement or "" for the project venv, loader expression over `text` (str) / `raw` (bytes))
CANDIDATES: dict[str, tuple[str, str]] = {
    "oasgen loader (yaml-rs + checks)": ("", "__import__('generator.load.parse', fromlist=['x']).parse_text(raw, file='s.yaml', policy=__import__('generator.load.policy', fromlist=['x']).InputPolicy())"),
    "oasgen careful path (PyYAML C, 1.2 resolvers)": ("", "__import__('generator.load.yaml_strict', fromlist=['x']).load_strict(text, __import__('generator.load.policy', fromlist=['x']).InputPolicy())"),
    "PyYAML CSafeLoader (YAML 1.1)": ("", "__import__('yaml').load(raw, Loader=__import__('yaml').CSafeLoader)"),
    "yaml-rs": ("", "__import__('yaml_rs').loads(text, parse_datetime=False)"),
    "py-yaml12": ("py-yaml12==0.2.0", "__import__('yaml12').parse_yaml(text)"),
    "ryaml": ("ryaml==0.5.1", "__import__('ryaml').loads(text)"),
    "pyyaml-rs": ("pyyaml-rs==0.1.0", "__import__('pyyaml_rs').safe_load(text)"),
    "rapidyaml (tree only, no Python objects)": ("rapidyaml==0.15.2", "__import__('ryml').parse_in_arena(raw)"),
}

BOMB = "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['x'] * 9)}]\n"
    for p, n in zip([None, *"abcdefgh"], "abcdefghi")
)

_CHILD = r"""
import json, sys, time
sys.path[:0] = [p for p in sys.argv[3:] if p]
raw = open(sys.argv[1], "rb").read(); text = raw.decode()
expr = sys.argv[2]
def load(t):
    global text, raw
    text, raw = t, t.encode()
    return eval(expr)
out = {}
try:
    best = 1e9
    for _ in range(3):
        text, raw = open(sys.argv[1], "rb").read().decode(), open(sys.argv[1], "rb").read()
        t0 = time.perf_counter(); eval(expr); best = min(best, time.perf_counter() - t0)
    out["seconds"] = round(best, 3)
except BaseException as e:
    out["seconds"] = None; out["error"] = f"{type(e).__name__}: {str(e)[:80]}"
import reprlib
short = reprlib.Repr(); short.maxlevel = 3; short.maxlist = 3
def probe(src):
    try:
        return ("ok", short.repr(load(src))[:60])
    except BaseException as e:
        return ("error", f"{type(e).__name__}: {str(e)[:120]}")
out["float"] = probe("a: 1e-08\n")
out["dup"] = probe("a: 1\nb:\n  c: 1\n  c: 2\n")
out["tag"] = probe("a: !!python/object/apply:os.getcwd []\n")
print(json.dumps(out), flush=True)
t0 = time.perf_counter(); bomb = probe(BOMB_TEXT)
print(json.dumps({"bomb": bomb, "bomb_s": round(time.perf_counter() - t0, 2)}))
"""


def _install(requirement: str) -> str | None:
    """The ``--target`` folder holding ``requirement`` (installed on first use), or None on failure."""
    folder = TARGETS / requirement.replace("==", "-")
    if not folder.is_dir():
        proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(folder), requirement], capture_output=True, text=True)
        if proc.returncode != 0:
            return None
    return str(folder)


def _yes(result: tuple[str, str], test: str) -> str:
    status, text = result
    if test == "float":
        return "no (string)" if "'1e-08'" in text else "yes" if status == "ok" else "error"
    if test == "dup":
        if status == "ok":
            return "no (last wins)"
        return "yes, with line" if "line" in text else "yes, no line"
    if test == "tag":
        if status == "error":
            return "error (refused)"
        if "Yaml(" in text:
            return "kept as a tagged value"
        return "EXECUTED" if str(ROOT) in text else "ignored (value kept)"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.yaml_parsers")
    parser.add_argument("spec", nargs="?", type=Path, default=SPEC)
    args = parser.parse_args(argv)
    child = _CHILD.replace("BOMB_TEXT", repr(BOMB))
    rows: list[str] = []
    for name, (requirement, expression) in CANDIDATES.items():
        path = _install(requirement) if requirement else ""
        if path is None:
            rows.append(f"| {name} | not installable | | | | |")
            continue
        command = [sys.executable, "-c", child, str(args.spec), expression, path or ""]
        try:
            proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=BOMB_TIMEOUT + 30)
            stdout = proc.stdout
        except subprocess.TimeoutExpired as exc:  # the bomb did not stop: what was printed before is the result
            stdout = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        lines = [json.loads(line) for line in stdout.strip().splitlines() if line.startswith("{")]
        if not lines:
            rows.append(f"| {name} | crashed | | | | |")
            continue
        out = {"bomb": ("timeout", ""), "bomb_s": None, **{k: v for line in lines for k, v in line.items()}}
        seconds = f"{out['seconds']:.3f}" if out.get("seconds") is not None else f"fails: {out.get('error')}"
        if out["bomb_s"] is None:
            bomb = f"not bounded (killed after {BOMB_TIMEOUT + 30} s)"
        else:
            bomb = f"{'refused' if out['bomb'][0] == 'error' else 'built (shared refs)'} in {out['bomb_s']} s"
        if "tree only" in name:
            rows.append(f"| {name} | {seconds} | n/a (builds no Python objects) | no (last wins) | ignored | {bomb} |")
            continue
        rows.append(f"| {name} | {seconds} | {_yes(out['float'], 'float')} | {_yes(out['dup'], 'dup')} | {_yes(out['tag'], 'tag')} | {bomb} |")
    print(f"Parsing {args.spec.name} ({args.spec.stat().st_size / 1e6:.1f} MB), best of 3, one process each:\n")
    print("| parser | seconds | `1e-08` is a float | duplicate keys refused | `!!python/...` tag | billion laughs |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
