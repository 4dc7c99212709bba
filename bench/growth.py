"""How generation time grows with spec size, across the shared specs (``python -m bench --only growth``).

Every spec listed in ``../shared/specs/INDEX.tsv`` (Swagger 2.0 left out: it is refused by design)
is generated cold (a fresh, empty cache) and warm (a second run, same cache, into a fresh folder),
each into its own folder, with default settings; wall time is the minimum of ``--repeats`` runs
(the machine is shared: the minimum is the least disturbed run). Size is operations plus generated
models (named types), read from the generator's own summary line; the INDEX's ``schemas`` column
is shown too (DigitalOcean's 0: its schemas live in other files).

The table ends with a least-squares line through the warm and the cold times, its R², and the
time per 1,000 units of size on the smallest and the largest spec with a real size (>= 100): a
linear generator has a roughly constant cost per unit, and R² near 1.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import envs
from bench.proctree import run_measured

SPECS = envs.ROOT.parent / "shared" / "specs"
_SUMMARY = re.compile(r"generated \S+: (\d+) operations, (\d+) models")


@dataclass
class Point:
    spec: str
    operations: int
    schemas: int
    models: int
    size_bytes: int
    cold_s: float
    warm_s: float
    peak_mb: float | None

    @property
    def size(self) -> int:
        return self.operations + self.models


def specs(index: Path = SPECS / "INDEX.tsv") -> list[dict[str, str]]:
    with open(index, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r for r in rows if not r["openapi_version"].startswith("swagger") and (index.parent / r["file"]).exists()]


def _run(spec: Path, out: Path, cache: Path, log: Path) -> tuple[float, float | None, str]:
    env = dict(os.environ, OASGEN_CACHE_DIR=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    res = run_measured([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out)], env=env, cwd=envs.ROOT, log_path=log)
    if res.returncode != 0:
        raise RuntimeError(f"{spec.name}: exit {res.returncode}; see {log}")
    return res.wall_s, res.peak_tree_mb, res.log


def measure(row: dict[str, str], repeats: int, scratch: Path) -> Point:
    spec = SPECS / row["file"]
    colds: list[float] = []
    warms: list[float] = []
    peaks: list[float] = []
    text = ""
    for i in range(repeats):
        work = scratch / f"{spec.stem}-{i}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        wall, peak, text = _run(spec, work / "cold", work / "cache", work / "cold.log")
        colds.append(wall)
        if peak is not None:
            peaks.append(peak)
        wall, _, _ = _run(spec, work / "warm", work / "cache", work / "warm.log")
        warms.append(wall)
        shutil.rmtree(work, ignore_errors=True)
    m = _SUMMARY.search(text)
    operations, models = (int(m[1]), int(m[2])) if m else (int(row["operations"]), 0)
    return Point(row["file"], operations, int(row["schemas"] or 0), models, int(row["size_bytes"] or 0), min(colds), min(warms), min(peaks) if peaks else None)


def fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least squares ``y = a + b x``: (a, b, R²)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    b = sxy / sxx if sxx else 0.0
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys))
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def table(points: list[Point]) -> str:
    points = sorted(points, key=lambda p: p.size)
    lines = [
        "| spec | operations | schemas (INDEX) | models generated | size (ops + models) | MB | cold s | warm s | warm ms per 1k size | peak MB (cold) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in points:
        per = f"{p.warm_s / p.size * 1e6:,.0f}" if p.size >= 100 else "—"
        peak = f"{p.peak_mb:.0f}" if p.peak_mb is not None else "—"
        lines.append(
            f"| {p.spec} | {p.operations} | {p.schemas} | {p.models} | {p.size:,} | {p.size_bytes / 1e6:.2f} | {p.cold_s:.2f} | {p.warm_s:.2f} | {per} | {peak} |"
        )
    xs = [float(p.size) for p in points]
    for label, ys in (("warm", [p.warm_s for p in points]), ("cold", [p.cold_s for p in points])):
        a, b, r2 = fit(xs, ys)
        lines.append("")
        lines.append(f"{label}: t = {a:.2f} s + {b * 1000:.2f} s per 1,000 (operations + models), R² = {r2:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=2, help="runs per spec and variant; the minimum is kept (default 2)")
    ap.add_argument("--only", nargs="*", default=None, help="spec file names from INDEX.tsv (default: all)")
    args = ap.parse_args(argv)
    scratch = envs.scratch_root() / "growth"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    points: list[Point] = []
    for row in specs():
        if args.only and row["file"] not in args.only:
            continue
        p = measure(row, max(1, args.repeats), scratch)
        print(f"  {p.spec}: size {p.size}, cold {p.cold_s:.2f} s, warm {p.warm_s:.2f} s", flush=True)
        points.append(p)
    try:
        load = os.getloadavg()
        print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs\n")
    except OSError:
        pass
    print(table(points))
    return 0


if __name__ == "__main__":
    sys.exit(main())
