"""``python -m bench`` (``make bench``): generation and runtime benchmarks, one summary table, ``.bench/results.json``.

Exit status: 0 when every benchmark ran (targets may be missed: see the
PASS/FAIL column), 1 on an internal error (a crash here, or our generator /
generated client failing so that our figures could not be measured), 2 on bad
arguments.  A peer that cannot be installed or run is skipped with a message.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from bench import envs, report
from bench.generation import DEFAULT_SPEC, GenerationBench
from bench.report import Row, check_ratio
from bench.runtime import RuntimeBench

RESULTS = envs.BENCH_DIR / "results.json"

# Targets (from the performance issues).  Generation (issue 12), against openapi-python-client in the same run:
GEN_COLD_MAX_RATIO = 0.15
"""cold (empty cache) wall time, official OpenAI spec"""
GEN_COLD_MAX_RATIO_LARGEST = 0.2
"""cold wall time on the largest shared spec (stripe): ``--spec ../shared/specs/stripe.yaml``"""
GEN_WARM_MAX_RATIO = 0.08
GEN_NOOP_S = 0.3
"""regeneration with nothing changed (the no-op fast path)"""
GEN_PEAK_MB = 150.0
"""peak RSS of the process tree, cold run"""
PERCALL_MAX_RATIO = 0.4
SSE_MIN_RATIO = 3.0
IMPORT_MAX_RATIO = 0.5


def _busy(machine: dict[str, Any], key: str = "loadavg_at_start") -> str:
    load, cpus = machine.get(key), machine.get("cpus_usable") or machine.get("nproc") or 1
    if load and load[0] > 0.75 * cpus:
        return (
            f"the machine is busy (1-min load {load[0]} on {cpus} CPUs): other work competes with the benchmarks, "
            "so absolute timings are slower and noisier than on an idle machine (ratios suffer less)"
        )
    return ""


def log(msg: str = "") -> None:
    print(msg, flush=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--only",
        choices=("all", "generation", "runtime", "growth"),
        default="all",
        help="growth: generation time against spec size over every shared spec (bench/growth.py; not part of all)",
    )
    ap.add_argument(
        "--spec", type=Path, default=DEFAULT_SPEC, help=f"spec for the generation benchmark (default: {DEFAULT_SPEC})"
    )
    ap.add_argument("--repeats", type=int, default=3, help="runs of oasgen warm and --no-validate (median; default 3)")
    ap.add_argument("--cold-repeats", type=int, default=2, help="runs of oasgen cold (default 2)")
    ap.add_argument("--peer-repeats", type=int, default=1, help="runs of openapi-python-client (default 1)")
    ap.add_argument(
        "--no-optional-peers", action="store_true", help="skip datamodel-code-generator and openapi-generator"
    )
    ap.add_argument("--quick", action="store_true", help="fewer repeats everywhere (a smoke run, noisier figures)")
    return ap.parse_args(argv)


def _gen_tables(gen: GenerationBench) -> None:
    rows = []
    for v in gen.variants:
        if v.status != "ok":
            rows.append([v.label, v.status.upper(), "", "", "", "", ""])
            continue
        rows.append(
            [
                v.label,
                str(len(v.runs)),
                f"{v.wall_s:.2f}",
                "—" if v.peak_tree_mb is None else f"{v.peak_tree_mb:.0f}",
                "—" if v.max_proc_mb is None else f"{v.max_proc_mb:.0f}",
                str(max(r["max_procs"] for r in v.runs)),
                str(v.files),
            ]
        )
    log(
        report.table(
            ["generator", "runs", "wall s", "peak RSS tree MB", "largest proc MB", "procs", "files"],
            rows,
            right=(1, 2, 3, 4, 5, 6),
        )
    )
    log("  wall: median; peak RSS tree: sum over the process tree, sampled (forked children count shared pages twice);")
    log(
        "  largest proc: kernel ru_maxrss of the largest single process (= /usr/bin/time %M). Every run writes a fresh folder."
    )
    for v in gen.variants:
        if v.note:
            log(f"  note, {v.label}: {v.note}")


def _gen_rows(gen: GenerationBench) -> list[Row]:
    rows: list[Row] = []
    opc = gen.get("openapi_python_client")
    peer = opc if opc is not None and opc.status == "ok" else None
    peer_name = f"openapi-python-client {envs.OPENAPI_PYTHON_CLIENT_VERSION}" if peer else ""
    name = gen.spec.name
    cold_ratio = GEN_COLD_MAX_RATIO_LARGEST if "stripe" in name else GEN_COLD_MAX_RATIO
    for key, label in (
        ("oasgen_cold", "cold"),
        ("oasgen_warm", "warm"),
        ("oasgen_noop", "nothing changed"),
        ("oasgen_edited", "after a spec edit"),
        ("oasgen_no_validate", "--no-validate"),
    ):
        v = gen.get(key)
        ok = v is not None and v.status == "ok"
        if not ok and key in ("oasgen_no_validate", "oasgen_edited"):
            continue
        wall = Row(
            f"generate {name}, {label}: wall",
            "s",
            v.wall_s if v is not None and ok else None,
            peer_name,
            peer.wall_s if peer else None,
        )
        mem = Row(
            f"generate {name}, {label}: peak RSS",
            "MB",
            v.peak_tree_mb if v is not None and ok else None,
            peer_name,
            peer.peak_tree_mb if peer else None,
            fmt="{:.0f}",
        )
        if key == "oasgen_cold":
            wall.target = f"<= {cold_ratio:g}x peer"
            check_ratio(wall, at_most=cold_ratio)
            if "stripe" not in name:  # the memory target is the OpenAI spec's
                mem.target = f"<= {GEN_PEAK_MB:g} MB"
                mem.result = "n/a" if mem.ours is None else ("PASS" if mem.ours <= GEN_PEAK_MB else "FAIL")
        elif key == "oasgen_warm":
            wall.target = f"<= {GEN_WARM_MAX_RATIO:g}x peer"
            check_ratio(wall, at_most=GEN_WARM_MAX_RATIO)
        elif key == "oasgen_noop":
            wall.target = f"<= {GEN_NOOP_S:g} s"
            wall.result = "n/a" if wall.ours is None else ("PASS" if wall.ours <= GEN_NOOP_S else "FAIL")
        rows += [wall, mem]
    return rows


def _runtime_rows(rt: RuntimeBench) -> list[Row]:
    rows: list[Row] = []
    res = rt.results
    v = rt.versions
    oname = f"openai-python {v.get('openai')}" if v.get("openai") and rt.py_openai else ""
    pc = res.get("per_call_us", {})
    if "ours" in pc:
        rows.append(
            check_ratio(
                Row(
                    "chat.completions.create w/ tools: per call",
                    "µs",
                    pc["ours"],
                    oname,
                    pc.get("openai"),
                    f"<= {PERCALL_MAX_RATIO:g}x peer",
                    fmt="{:.1f}",
                ),
                at_most=PERCALL_MAX_RATIO,
            )
        )
        if "raw-httpx" in pc:
            ref_peer = pc.get("raw-httpx2")
            rows.append(
                Row(
                    "  reference: plain httpx Client.post + json",
                    "µs",
                    pc["raw-httpx"],
                    f"plain {v.get('openai_http_lib')} + json" if ref_peer else "",
                    ref_peer,
                    fmt="{:.1f}",
                )
            )
    sse = res.get("sse_chunks_per_s", {})
    if "ours" in sse:
        rows.append(
            check_ratio(
                Row(
                    f"SSE stream of {rt.sse_chunks:,} chunks, one read per event",
                    "chunks/s",
                    sse["ours"],
                    oname,
                    sse.get("openai"),
                    f">= {SSE_MIN_RATIO:g}x peer",
                    fmt="{:,.0f}",
                ),
                at_least=SSE_MIN_RATIO,
            )
        )
        sse64 = res.get("sse_chunks_per_s_64k", {})
        if "ours" in sse64:
            rows.append(
                Row("  same stream, 64 KiB reads", "chunks/s", sse64["ours"], oname, sse64.get("openai"), fmt="{:,.0f}")
            )
        if "raw-httpx" in sse:
            rows.append(
                Row(
                    "  reference: plain httpx iter_lines + json",
                    "chunks/s",
                    sse["raw-httpx"],
                    f"plain {v.get('openai_http_lib')}" if "raw-httpx2" in sse else "",
                    sse.get("raw-httpx2"),
                    fmt="{:,.0f}",
                )
            )
    imp = res.get("import", {})
    if "ours" in imp:
        theirs = imp.get("openai", {})
        rows.append(
            check_ratio(
                Row(
                    "import + client construction (fresh process)",
                    "ms",
                    imp["ours"]["import_construct_ms"],
                    oname,
                    theirs.get("import_construct_ms"),
                    f"<= {IMPORT_MAX_RATIO:g}x peer",
                    fmt="{:.1f}",
                ),
                at_most=IMPORT_MAX_RATIO,
            )
        )
        rows.append(
            Row(
                "  ... + default HTTP client created",
                "ms",
                imp["ours"]["ready_ms"],
                oname,
                theirs.get("ready_ms"),
                fmt="{:.1f}",
            )
        )
        rows.append(Row("  import alone", "ms", imp["ours"]["import_ms"], oname, theirs.get("import_ms"), fmt="{:.1f}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.only == "growth":
        from bench import growth

        return growth.main(["--repeats", str(1 if args.quick else 2)])
    started = time.perf_counter()
    envs.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    machine = report.machine_info()
    errors: list[str] = []
    notes: list[str] = []
    payload: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine,
        "targets": {
            "gen_cold_max_ratio": GEN_COLD_MAX_RATIO,
            "gen_cold_max_ratio_largest_spec": GEN_COLD_MAX_RATIO_LARGEST,
            "gen_warm_max_ratio": GEN_WARM_MAX_RATIO,
            "gen_noop_s": GEN_NOOP_S,
            "gen_peak_mb_cold": GEN_PEAK_MB,
            "per_call_max_ratio": PERCALL_MAX_RATIO,
            "sse_min_ratio": SSE_MIN_RATIO,
            "import_max_ratio": IMPORT_MAX_RATIO,
        },
    }
    log(
        f"oasgen benchmarks: {machine['platform']}, nproc={machine['nproc']}, {machine.get('cpu', '?')}, "
        f"{machine.get('mem_gib', '?')} GiB, load {machine.get('loadavg_at_start', '?')}"
    )
    log(
        f"project venv: python {machine['python']}, httpx {machine['project_httpx']}, pydantic {machine['project_pydantic']}, "
        f"ruff {machine['project_ruff']}"
    )
    log(f"generated trees and caches go to {machine['scratch']} (bench/envs.py: scratch_root says why; ${envs.SCRATCH_ENV}=disk for .bench/)")
    busy = _busy(machine)
    if busy:
        log(f"warning: {busy}")
    rows: list[Row] = []
    repeats = 1 if args.quick else args.repeats

    gen: GenerationBench | None = None
    if args.only in ("all", "generation"):
        report.section(f"Generation: {args.spec}")
        t = time.perf_counter()
        if not args.spec.is_file():
            msg = f"SKIPPED: {args.spec} not found (the generation benchmark needs the official OpenAI spec there)"
            log("  " + msg)
            notes.append("generation " + msg)
            payload["generation"] = {"skipped": msg}
        else:
            try:
                size_mb = args.spec.stat().st_size / 1e6
                log(f"  spec {size_mb:.1f} MB; every run writes a fresh output folder ...")
                gen = GenerationBench(
                    args.spec,
                    repeats=repeats,
                    cold_repeats=1 if args.quick else args.cold_repeats,
                    peer_repeats=args.peer_repeats,
                    optional_peers=not args.no_optional_peers,
                    log=log,
                )
                gen.run()
                log("")
                _gen_tables(gen)
                errors += gen.errors
                rows += _gen_rows(gen)
            except Exception:  # noqa: BLE001 - report, go on with the runtime benchmarks, exit 1
                errors.append("generation benchmark crashed:\n" + traceback.format_exc())
                log(errors[-1])
            if gen is not None:
                payload["generation"] = {"spec": str(args.spec), "variants": {v.key: v.as_dict() for v in gen.variants}}
        log(f"  ({time.perf_counter() - t:.0f} s)")

    rt: RuntimeBench | None = None
    if args.only in ("all", "runtime"):
        report.section("Runtime: generated client (spec/openai.yaml) vs openai-python, same mocked transport")
        t = time.perf_counter()
        try:
            rt = RuntimeBench(log=log, percall_reps=1 if args.quick else 2, import_runs=3 if args.quick else 7)
            rt.run()
            errors += rt.errors
            notes += rt.notes
            rows += _runtime_rows(rt)
        except Exception:  # noqa: BLE001
            errors.append("runtime benchmark crashed:\n" + traceback.format_exc())
            log(errors[-1])
        if rt is not None:
            payload["runtime"] = {
                "versions": rt.versions,
                "own_package": rt.own_pkg,
                "results": rt.results,
                "notes": rt.notes,
            }
        log(f"  ({time.perf_counter() - t:.0f} s)")

    report.section("Summary")
    if rows:
        log(report.summary_table(rows))
    v = rt.versions if rt else {}
    if v:
        log(
            f"versions: python {v.get('python')}; ours on httpx {v.get('httpx')}, pydantic {v.get('pydantic')}; "
            + (
                f"openai-python {v.get('openai')} on {v.get('openai_http_lib')} {v.get(v.get('openai_http_lib') or '', '')}"
                if v.get("openai")
                else "openai-python not measured"
            )
        )
    try:
        machine["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    log(
        f"machine: nproc={machine['nproc']}, {machine.get('cpu', '?')}, load {machine.get('loadavg_at_start')} at start, "
        f"{machine.get('loadavg_at_end')} at end; ratios are ours/peer; figures are medians of repeated runs"
    )
    busy = busy or _busy(machine, "loadavg_at_end")
    if busy:
        log(f"warning: {busy}")
    for n in notes:
        log(f"note: {n}")
    for e in errors:
        log(f"ERROR: {e}")
    payload["summary"] = rows
    payload["notes"] = notes
    payload["errors"] = errors
    payload["seconds"] = round(time.perf_counter() - started, 1)
    try:
        report.write_json(RESULTS, payload)
        log(f"results: {RESULTS.relative_to(envs.ROOT)}   total {payload['seconds']:.0f} s")
    except OSError as exc:
        errors.append(f"could not write {RESULTS}: {exc}")
        log(f"ERROR: {errors[-1]}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
