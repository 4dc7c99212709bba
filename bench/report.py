"""Summary rows (measured figures, ratios, targets, PASS/FAIL), the printed tables and ``.bench/results.json``."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import envs


@dataclass
class Row:
    metric: str
    unit: str
    ours: float | None
    peer_name: str = ""
    peer: float | None = None
    target: str = ""  # human text, e.g. "< 2 s" or "<= 0.40x peer"
    result: str = "info"  # PASS | FAIL | info | n/a
    fmt: str = "{:.2f}"
    ratio: float | None = None  # ours / peer

    def __post_init__(self) -> None:
        if self.ratio is None and self.ours is not None and self.peer:
            self.ratio = self.ours / self.peer


def check_abs(row: Row, limit: float) -> Row:
    row.result = "n/a" if row.ours is None else ("PASS" if row.ours < limit else "FAIL")
    return row


def check_ratio(row: Row, *, at_most: float | None = None, at_least: float | None = None) -> Row:
    if row.ratio is None:
        row.result = "n/a"
    elif at_most is not None:
        row.result = "PASS" if row.ratio <= at_most else "FAIL"
    elif at_least is not None:
        row.result = "PASS" if row.ratio >= at_least else "FAIL"
    return row


def _num(fmt: str, v: float | None) -> str:
    return "—" if v is None else fmt.format(v)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> str:
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def summary_table(rows: Sequence[Row]) -> str:
    body = []
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}x"
        body.append(
            [
                f"{r.metric} ({r.unit})",
                _num(r.fmt, r.ours),
                r.peer_name or "—",
                _num(r.fmt, r.peer),
                ratio,
                r.target or "—",
                r.result,
            ]
        )
    return table(["metric", "ours", "peer", "peer value", "ours/peer", "target", "result"], body, right=(1, 3, 4))


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "nproc": os.cpu_count(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
    }
    try:
        info["cpus_usable"] = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        pass
    try:
        info["loadavg_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["mem_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    for name in ("httpx", "pydantic", "jinja2", "ruff", "openapi-spec-validator"):
        info[f"project_{name}"] = envs.dist_version(name)
    info["scratch"] = str(envs.scratch_root())
    return info


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)

    def default(o: Any) -> Any:
        if isinstance(o, Path):
            return str(o)
        if hasattr(o, "__dataclass_fields__"):
            return asdict(o)
        return str(o)

    path.write_text(json.dumps(payload, indent=2, default=default) + "\n")


def section(title: str, log: Callable[[str], None] = print) -> None:
    log("")
    log(f"== {title} " + "=" * max(3, 100 - len(title)))
