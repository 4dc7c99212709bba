"""Command line: ``python -m generator generate|check|diff|ir|validate ...`` (installed as ``pyoasgen``).

Every user-facing failure ends as one message naming the file and location,
and a non-zero exit code; a traceback only ever means a bug in the generator.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from generator.diagnostics import Diagnostics, GeneratorError, Severity

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_DRIFT = 0, 1, 2, 1
EXIT_BREAKING = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}\n  hint: run '{self.prog} --help' for the options", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def load_config(path: Path | None):  # type: ignore[no-untyped-def]
    """:func:`generator.config.load_config`, imported when needed (a no-op ``generate`` never parses YAML)."""
    from generator.config import load_config as load

    return load(path)


def _parser() -> argparse.ArgumentParser:
    from generator import DISTRIBUTION, __version__

    parser = _Parser(prog=DISTRIBUTION, description="Generate a typed Python client package from an OpenAPI 3.0/3.1 description.")
    parser.add_argument("--version", action="version", version=f"{DISTRIBUTION} {__version__}", help="print the tool's name and version, then exit")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND", help="run '%(prog)s COMMAND --help' for its options")

    def common(p: argparse.ArgumentParser, *, out: bool) -> None:
        p.add_argument("spec", type=Path, help="OpenAPI document (YAML or JSON)")
        if out:
            p.add_argument("-o", "--output", required=True, help="output folder of the generated package")
        p.add_argument("--config", type=Path, help="generator configuration: a YAML file, or a pyproject.toml whose [tool.pyoasgen] table holds it (docs/configuration.md)")
        p.add_argument("--strict", action="store_true", help="treat spec violations, and config entries that match nothing in the spec (unmatched-override), as errors")
        p.add_argument("--no-validate", action="store_true", help="skip openapi-spec-validator (results are cached by content, so this rarely matters)")
        talk = p.add_mutually_exclusive_group()
        talk.add_argument("-v", "--verbose", action="store_true", help="list every warning with its JSON pointer, and the stage timings")
        talk.add_argument("-q", "--quiet", action="store_true", help="print only the summary line (and errors)")
        p.add_argument(
            "--progress", action=argparse.BooleanOptionalAction, default=None,
            help="print each stage (load, validate, normalize, emit, render, format, write) as it runs, with its time; "
            "default: on when stderr is a terminal and CI is not set",
        )  # fmt: skip
        p.add_argument("--allow-ref-dir", action="append", type=Path, default=[], metavar="DIR", help="also let $refs read files in DIR (by default only the spec's folder tree); repeatable")
        p.add_argument("--max-document-mb", type=float, metavar="N", help="largest spec or $ref'd file read, in MB (default 64)")

    gen = sub.add_parser("generate", help="generate the client package into OUTPUT")
    common(gen, out=True)
    gen.add_argument("--formatter", choices=("ruff", "black", "none"), help="code formatter (default: the config's, else ruff)")
    gen.add_argument("--templates", type=Path, help="folder of templates searched before the built-in ones")
    gen.add_argument("--force", action="store_true", help="overwrite generated files even if they were edited since the last run")
    gen.add_argument("--fail-on-warnings", action="store_true", help="exit 1 without writing anything when the generator reports warnings")

    check = sub.add_parser("check", help="CI gate: exit 0 when OUTPUT is what SPEC generates, 1 on drift, 2 on bad input or usage")
    common(check, out=True)
    check.add_argument("--formatter", choices=("ruff", "black", "none"), help="code formatter the output was generated with (default: the config's, else ruff)")
    check.add_argument("--templates", type=Path, help="folder of templates searched before the built-in ones (as given to generate)")
    check.add_argument("--fail-on-warnings", action="store_true", help="exit 1 when the generator reports warnings, even without drift")

    diff = sub.add_parser("diff", help="what changes for a Python caller of the SDK between two specs or IR dumps; breaking changes flagged")
    diff.add_argument("old", type=Path, help="the earlier spec, or an IR dump ('oasgen ir SPEC > old.json')")
    diff.add_argument("new", type=Path, help="the later spec or IR dump")
    diff.add_argument("--config", type=Path, help="generator configuration (YAML, or a pyproject.toml's [tool.pyoasgen]) applied to both specs, so renames it makes are reflected")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="text (default), markdown (CHANGELOG / PR comment) or json")
    diff.add_argument("--fail-on-breaking", action="store_true", help="exit 1 when any change breaks callers (0 otherwise)")
    diff.add_argument("--allow-ref-dir", action="append", type=Path, default=[], metavar="DIR", help="also let $refs read files in DIR (by default only each spec's folder tree); repeatable")
    diff.add_argument("--max-document-mb", type=float, metavar="N", help="largest spec, $ref'd file or IR dump read, in MB (default 64)")

    ir = sub.add_parser("ir", help="print the intermediate representation as JSON")
    common(ir, out=False)

    val = sub.add_parser("validate", help="report problems in SPEC; exit 1 on errors")
    common(val, out=False)

    ctx = sub.add_parser("context", help="print, as JSON, what each template receives for SPEC (see docs/templates.md)")
    common(ctx, out=False)
    ctx.add_argument("--templates", type=Path, help="folder of templates searched before the built-in ones (as for generate)")
    ctx.add_argument("--template", metavar="NAME", help="only renders of this template (types/module.py.j2, resources/module.py.j2, ...)")
    ctx.add_argument("--module", metavar="NAME", help="only renders about this module (a types module like pet, a resource module like exhibitions)")
    sub.add_parser("config-docs", help="print the configuration reference (docs/configuration.md) generated from the config schema")
    return parser


def _options(args: argparse.Namespace, config_formatter: str, config_templates: Path | None):  # type: ignore[no-untyped-def]
    from generator.pipeline import Options

    templates = getattr(args, "templates", None) or config_templates
    if templates is not None and not Path(templates).is_dir():
        raise GeneratorError("templates folder does not exist", file=str(templates), hint="pass a folder of .j2 templates")
    return Options(
        validate=not args.no_validate,
        strict=args.strict,
        formatter=getattr(args, "formatter", None) or config_formatter or "ruff",
        templates=Path(templates) if templates else None,
        allowed_ref_dirs=tuple(getattr(args, "allow_ref_dir", None) or ()),
        max_document_mb=getattr(args, "max_document_mb", None),
        progress=_progress(args),
    )


def _progress(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The stage printer when progress is wanted (``--progress``, or a terminal outside CI), else None."""
    from generator import progress

    if not hasattr(args, "_printer"):
        on = progress.wanted(getattr(args, "progress", None), quiet=getattr(args, "quiet", False))
        args._printer = progress.Printer() if on else None
    return args._printer


def report(diagnostics: Diagnostics, *, verbose: bool, out: object = None) -> None:
    stream = sys.stderr
    if not diagnostics.items:
        return
    if verbose:
        for d in diagnostics:
            print(d.render(), file=stream)
        return
    for kind, severity, count in diagnostics.counts_by_kind():
        example = next(d for d in diagnostics if d.kind == kind and d.severity is severity)
        print(f"{severity.value}: {kind} x{count} (e.g. {example.message} at {example.location()})", file=stream)
    print("  (use -v to list each one with its JSON pointer)", file=stream)


def _warnings_gate(args: argparse.Namespace, diagnostics: Diagnostics) -> bool:
    """``--fail-on-warnings``: True (and the warnings listed) when the run must fail on them."""
    warnings = diagnostics.warnings
    if not getattr(args, "fail_on_warnings", False) or not warnings:
        return False
    for d in warnings:
        print(d.render(), file=sys.stderr)
    print(f"error: {len(warnings)} generator warning(s) and --fail-on-warnings\n  hint: fix the spec or config at the locations above, or drop --fail-on-warnings", file=sys.stderr)
    return True


def _invocation(args: argparse.Namespace, command: str) -> str:
    """The command line the user ran, with its subcommand replaced by ``command`` (for hints)."""
    import os
    import shlex

    argv = list(getattr(args, "argv", None) or sys.argv[1:])
    if args.command in argv:
        argv[argv.index(args.command)] = command
    program = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    from generator import DISTRIBUTION

    prefix = [DISTRIBUTION] if program == DISTRIBUTION else [_python(), "-m", "generator"]
    return shlex.join(prefix + argv)


def _python() -> str:
    """How the user names this interpreter: ``python`` when that is it on PATH, else its path (``.venv/bin/python``)."""
    import os
    import shutil

    exe = os.path.abspath(sys.executable)
    for name in ("python", "python3"):
        found = shutil.which(name)
        if found and os.path.abspath(found) == exe:
            return name
    relative = os.path.relpath(exe)
    return relative if not relative.startswith("..") else exe


def _load_config(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """``--config``; without it, a note when ./pyproject.toml holds a configuration that is not used
    (a pyproject.toml is read only when named: it may be another project's)."""
    from generator.config import TOML_TABLE, toml_reader

    if args.config is None:
        here = Path("pyproject.toml")
        holds = False
        try:
            text = here.read_text("utf-8") if here.is_file() else ""
            if f"[{'.'.join(TOML_TABLE)}" in text or f"{TOML_TABLE[1]} =" in text:  # cheap test first: most pyprojects have none
                holds = TOML_TABLE[1] in toml_reader().loads(text).get(TOML_TABLE[0], {})
        except (OSError, UnicodeDecodeError, ValueError):
            holds = False  # not ours to report: the file is not the configuration
        if holds:
            print(f"note: {here} has a [{'.'.join(TOML_TABLE)}] table, not used without --config {here}", file=sys.stderr)
    return load_config(args.config)


def _output(args: argparse.Namespace) -> Path:
    """The checked output folder (see :mod:`generator.write.outdir`)."""
    from generator.write import MANIFEST_NAME
    from generator.write.outdir import check_output_dir

    return check_output_dir(args.output, args.spec, MANIFEST_NAME)


def cmd_generate(args: argparse.Namespace) -> int:
    from generator.load.files import forget_reads
    from generator.write.journal import recover

    start = time.perf_counter()
    forget_reads()
    args.output = _output(args)
    recovered = recover(args.output)
    for note in recovered:  # debris of a killed run goes first, whatever happens next
        print(f"note: {note}", file=sys.stderr)
    state = _state_key(args)
    skipped = None if recovered else _up_to_date(args, state, start)
    if skipped is not None:
        return skipped
    from generator.pipeline import run
    from generator.write import write_tree

    config = _load_config(args)
    result = run(args.spec, config, _options(args, config.formatter, config.templates))
    if _warnings_gate(args, result.diagnostics):
        print(f"{args.output} was left as it was", file=sys.stderr)
        return EXIT_ERROR
    from generator.load.parse import gc_paused
    from generator.progress import stage

    with stage("write", result.timings, _progress(args)), gc_paused():  # gc: as in the pipeline (generator.pipeline.run)
        written = write_tree(result.files, args.output, force=args.force, preserve=config.preserve, spec=_spec_stamp(result.api), hooks=config.hooks_post)
    if config.hooks_post and written.switched:
        with stage("hooks", result.timings, _progress(args)):
            _post_hooks(result.files, args.output, config, result.api)
    if not config.hooks_post:  # what hooks leave depends on tools outside the inputs: no fast path then
        _record_state(args, state, config, result)
    for note in written.recovered:
        print(f"note: {note}", file=sys.stderr)
    if not args.quiet:
        report(result.diagnostics, verbose=args.verbose)
    elapsed = time.perf_counter() - start
    if args.verbose:
        print("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()), file=sys.stderr)
    api = result.api
    warnings = len(result.diagnostics.warnings)
    print(
        f"generated {api.package.name}: {len(api.operations)} operations, {len(api.types)} models, "
        f"{written.written} files written ({written.unchanged} unchanged, {written.removed} removed"
        f"{f', {len(written.preserved)} preserved' if written.preserved else ''}), "
        f"{warnings} warnings, {elapsed:.2f}s -> {args.output}"
    )
    if not args.quiet:
        _print_content_loss(result.diagnostics)
    return EXIT_OK


def _state_key(args: argparse.Namespace) -> str:
    """The no-op fast path's key for this output folder and these options (:mod:`generator.write.uptodate`)."""
    import os

    from generator.format import find_ruff
    from generator.write.uptodate import state_key

    def absolute(p: object) -> str:
        return os.path.abspath(str(p)) if p else ""

    options = [
        absolute(args.spec), absolute(args.config), absolute(args.templates), args.formatter, args.strict, args.no_validate,
        [absolute(d) for d in args.allow_ref_dir], args.max_document_mb,
    ]
    ruff = find_ruff()
    return state_key(args.output, options, ruff[-1] if ruff else None)


def _up_to_date(args: argparse.Namespace, state: str, start: float) -> int | None:
    """When the inputs and the files on disk are what the last run into this folder saw and wrote,
    say so (its warnings too) and skip the pipeline: the exit code; None when the run must go on."""
    from generator.write.uptodate import check, diagnostics_from

    summary = check(state, args.output)
    if summary is None:
        return None
    diagnostics = diagnostics_from(summary.diagnostics)
    if _warnings_gate(args, diagnostics):
        print(f"{args.output} was left as it was", file=sys.stderr)
        return EXIT_ERROR
    quiet = getattr(args, "quiet", False)
    if not quiet:
        report(diagnostics, verbose=args.verbose)
    print(
        f"generated {summary.package}: {summary.operations} operations, {summary.models} models, "
        f"0 files written ({summary.files} unchanged, 0 removed), {len(diagnostics.warnings)} warnings, "
        f"{time.perf_counter() - start:.2f}s -> {args.output} (up to date: spec, config, templates, generator "
        "and files unchanged since the last run)"
    )
    for message, hint in () if quiet else summary.loud:
        print(f"WARNING: {message}\n  hint: {hint}", file=sys.stderr)
    return EXIT_OK


def _record_state(args: argparse.Namespace, state: str, config: object, result: object) -> None:
    from generator.load.files import files_read
    from generator.render.renderer import TEMPLATE_DIR
    from generator.write import MANIFEST_NAME
    from generator.write.uptodate import Summary, diagnostics_data, record

    api = result.api  # type: ignore[attr-defined]
    templates = getattr(args, "templates", None) or getattr(config, "templates", None)
    flavours = Path(__file__).resolve().parent / "flavours"  # runtime extras may be templates, not only .py
    folders = [TEMPLATE_DIR] + ([flavours] if flavours.is_dir() else []) + ([Path(templates).resolve()] if templates else [])
    from generator.diagnostics import CONTENT_LOSS_KIND

    loud = tuple((d.message, d.hint) for d in result.diagnostics if d.kind == CONTENT_LOSS_KIND)  # type: ignore[attr-defined]
    summary = Summary(api.package.name, len(api.operations), len(api.types), len(result.files), diagnostics_data(result.diagnostics), loud)  # type: ignore[attr-defined]
    record(state, args.output, result.files, MANIFEST_NAME, files_read(), folders, summary)  # type: ignore[attr-defined]


def _post_hooks(files: dict[str, str], out: Path, config, api) -> None:  # type: ignore[no-untyped-def]
    """Run ``hooks.post`` in ``out``; on a failure put the plain generation back and raise (see :mod:`generator.hooks`)."""
    from generator.hooks import HookFailure, failure_error, run_hooks
    from generator.write import record_hooks, write_tree

    def undo() -> None:  # the plain generation: hook edits undone, no hooks recorded
        write_tree(files, out, force=True, preserve=config.preserve, spec=_spec_stamp(api))

    undo()  # the hooks always start from the plain generation, so what they leave depends on nothing earlier
    try:
        run_hooks(config.hooks_post, out)
    except HookFailure as failure:
        undo()
        raise failure_error(failure, out) from None
    except KeyboardInterrupt:
        undo()
        raise
    record_hooks(files, out, config.hooks_post)


def _print_content_loss(diagnostics: Diagnostics) -> None:
    """A large share of operations lost content (issue 7, class 14): said last and loud, not only in the counts."""
    from generator.diagnostics import CONTENT_LOSS_KIND

    for d in diagnostics:
        if d.kind == CONTENT_LOSS_KIND:
            print(f"WARNING: {d.message}\n  hint: {d.hint}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    """Exit codes a CI gate can tell apart: 0 up to date, 1 drift (or warnings with --fail-on-warnings), 2 bad input."""
    from generator.pipeline import run
    from generator.write import diff_tree

    try:
        args.output = _output(args)
        config = _load_config(args)
        result = run(args.spec, config, _options(args, config.formatter, config.templates))
        diff = diff_tree(result.files, args.output, preserve=config.preserve, spec=_spec_stamp(result.api), hooks=config.hooks_post)
    except GeneratorError as exc:
        exc.exit_code = EXIT_USAGE
        raise
    warned = _warnings_gate(args, result.diagnostics)
    if not diff.has_changes:
        if warned:
            return EXIT_DRIFT
        print(f"{args.output} is up to date with {args.spec}")
        return EXIT_OK
    if not args.quiet:
        print(diff.summary, file=sys.stderr)
    print(f"error: {args.output} is out of date with {args.spec}\n  hint: run '{_invocation(args, 'generate')}' and commit the result (add --force to discard hand edits of generated files)", file=sys.stderr)
    return EXIT_DRIFT


def cmd_diff(args: argparse.Namespace) -> int:
    """Exit 0, or 1 with --fail-on-breaking when a change breaks callers; bad input exits 2."""
    from generator.diff import diff_files, render
    from generator.pipeline import Options

    try:
        config = load_config(args.config)
        options = Options(validate=False, allowed_ref_dirs=tuple(args.allow_ref_dir), max_document_mb=args.max_document_mb)
        changes, old, new = diff_files(args.old, args.new, config, options)
    except GeneratorError as exc:
        exc.exit_code = EXIT_USAGE
        raise
    sys.stdout.write(render(changes, old, new, args.format))
    if args.fail_on_breaking and any(c.breaking for c in changes):
        print(f"error: {sum(c.breaking for c in changes)} breaking change(s) from {args.old} to {args.new} (--fail-on-breaking)", file=sys.stderr)
        return EXIT_BREAKING
    return EXIT_OK


def _spec_stamp(api: object) -> dict[str, str]:
    """The spec a folder is generated from, for its manifest (title, info.version, sha256)."""
    stamp = getattr(api, "spec", None)
    return {"title": stamp.title, "version": stamp.version, "sha256": stamp.sha256} if stamp is not None and stamp.sha256 else {}


def cmd_ir(args: argparse.Namespace) -> int:
    from generator.pipeline import build_ir

    config = load_config(args.config)
    diagnostics = Diagnostics(default_file=str(args.spec))
    api = build_ir(args.spec, config, _options(args, config.formatter, config.templates), diagnostics)
    from generator.emit import emit, to_data as emission_data
    from generator.ir import to_data

    dump = to_data(api)
    # The emission layer: each module's imports and definition order, each method's runtime call.
    dump["emission"] = emission_data(emit(api, diagnostics))
    if not args.quiet:
        report(diagnostics, verbose=args.verbose)
    sys.stdout.write(json.dumps(dump, indent=2, ensure_ascii=False, default=str) + "\n")
    return EXIT_ERROR if diagnostics.errors else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.pipeline import Options, build_ir

    config = load_config(args.config)
    diagnostics = Diagnostics(default_file=str(args.spec))
    options = Options(validate=True, strict=args.strict, allowed_ref_dirs=tuple(args.allow_ref_dir), max_document_mb=args.max_document_mb, progress=_progress(args))
    api = build_ir(args.spec, config, options, diagnostics)
    for d in diagnostics if not args.quiet else ():
        print(d.render())
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    print(f"{args.spec}: OpenAPI {api.spec_version}, {len(api.operations)} operations, {errors} errors, {len(diagnostics) - errors} warnings")
    return EXIT_ERROR if errors else EXIT_OK


def cmd_context(args: argparse.Namespace) -> int:
    """The globals and, per template render, the variables the template is given."""
    from generator.emit import api_info
    from generator.pipeline import build_ir
    from generator.render.context import EXTENSION_CONTEXT, TEMPLATE_CONTEXT, record, subject, to_data

    config = load_config(args.config)
    options = _options(args, config.formatter, config.templates)
    diagnostics = Diagnostics(default_file=str(args.spec))
    api = build_ir(args.spec, config, options, diagnostics)
    from generator.render.user_templates import check_readable, template_error

    user_templates = options.templates or config.templates
    check_readable(user_templates)
    try:
        recorded = record(api, user_templates=user_templates, tests=config.tests)
    except Exception as exc:
        located = template_error(exc, user_templates)
        if located is None:
            raise
        raise located from None
    known = set(TEMPLATE_CONTEXT) | set(EXTENSION_CONTEXT) | {name for name, _ in recorded}  # mixin templates of the config too
    if args.template and args.template not in known:
        import difflib

        close = difflib.get_close_matches(args.template, sorted(known), n=1)
        raise GeneratorError(f"no template {args.template!r} is rendered for this spec", hint=(f"did you mean {close[0]}? " if close else "") + "one of: " + ", ".join(sorted(known)), exit_code=EXIT_USAGE)
    renders = []
    for name, context in recorded:
        if args.template and name != args.template:
            continue
        if args.module and subject(context) != args.module:
            continue
        renders.append({"template": name, "module": subject(context), "context": to_data(context)})
    if (args.template or args.module) and not renders:
        raise GeneratorError("no template render matches --template/--module", hint="run without them to see every render and its module", exit_code=EXIT_USAGE)
    report(diagnostics, verbose=args.verbose)
    dump = {"globals": {"api": to_data(api_info(api)), "macros": "macros(name): the merged macros of a macro file (docs/templates.md)"}, "renders": renders}
    sys.stdout.write(json.dumps(dump, indent=2, ensure_ascii=False) + "\n")
    return EXIT_ERROR if diagnostics.errors else EXIT_OK


def cmd_config_docs(args: argparse.Namespace) -> int:
    from generator.config_docs import render

    sys.stdout.write(render())
    return EXIT_OK


COMMANDS = {"context": cmd_context, "generate": cmd_generate, "check": cmd_check, "diff": cmd_diff, "ir": cmd_ir, "validate": cmd_validate, "config-docs": cmd_config_docs}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. SIGTERM is handled like Ctrl-C (exit 130), and the message after an interrupt
    says what is true of the output folder: untouched, unless the switch had already been made."""
    from generator.diagnostics import os_error
    from generator.write.journal import InterruptedAfterSwitch

    args = _parser().parse_args(argv)
    args.argv = list(argv) if argv is not None else sys.argv[1:]
    previous = _on_signals_raise_interrupted()
    try:
        return COMMANDS[args.command](args)
    except GeneratorError as exc:
        print(exc.render(), file=sys.stderr)
        return exc.exit_code
    except InterruptedAfterSwitch:
        print(f"interrupted after the switch: {args.output} holds the new generation", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted; the output folder was left as it was" if hasattr(args, "output") else "interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a last net: stages turn the OSErrors they expect into located messages
        print(os_error(exc, f"{args.command} failed", path=str(getattr(args, "output", "") or getattr(args, "spec", "") or args.new)).render(), file=sys.stderr)
        return EXIT_ERROR
    except RecursionError:
        print(f"error: {args.spec}: the document is nested too deeply to process\n  hint: flatten it, or report the spec if it is legitimate", file=sys.stderr)
        return EXIT_ERROR
    except MemoryError:
        print(f"error: {args.spec}: the input needs more memory than is available\n  hint: check it for alias or reference bombs", file=sys.stderr)
        return EXIT_ERROR
    finally:
        _restore_signals(previous)


def run() -> None:
    """The command-line entry point (``pyoasgen``, ``python -m generator``): :func:`main`, then exit.

    A generation leaves millions of objects on the heap (document, IR, emission, files); tearing
    them down one by one at interpreter exit takes ~0.1 s of a warm OpenAI run and does nothing
    for the user. So, once everything is written and the output streams are flushed, the process
    ends with ``os._exit``. Under a profiler or tracer (``python -m cProfile``, coverage), which
    report at normal exit, it exits normally.

    For the same reason the cycle collector is off for the whole short-lived process (the pipeline
    makes almost no cyclic garbage; see :func:`generator.pipeline.run`): switched back on at the
    end of a command, its first pass over the run's objects cost ~0.1 s."""
    import gc
    import os

    gc.disable()
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: let normal exit report it as Python would
        raise SystemExit(code) from None
    os._exit(code)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM. A subclass on purpose: CPython marks an *exact* KeyboardInterrupt that
    passes through ``PyRun_*`` (which native extensions use) as unhandled and then ends the process
    with SIGINT at exit, even after ``main`` caught it and chose exit code 130."""


def _on_signals_raise_interrupted() -> dict[int, object]:
    """SIGINT and SIGTERM raise :class:`Interrupted` in the main thread; returns the old handlers."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}

    def handler(signum: int, frame: object) -> None:
        raise Interrupted

    previous: dict[int, object] = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        current = signal.getsignal(signum)
        if signum == signal.SIGINT and current is not signal.default_int_handler:
            continue  # someone (a test runner, an embedding app) handles Ctrl-C its own way
        previous[signum] = signal.signal(signum, handler)
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    import signal

    for signum, old in previous.items():
        signal.signal(signum, old)  # type: ignore[arg-type]
