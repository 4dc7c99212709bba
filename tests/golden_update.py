"""``make golden``: rewrite tests/golden/<fixture>/ from tests/fixtures/ (review the diff before committing)."""

from __future__ import annotations

import shutil

from tests.support import GOLDEN, configured_goldens, generate_files, golden_fixtures, golden_name


def main() -> None:
    runs = [(golden_name(spec), spec, None) for spec in golden_fixtures()] + configured_goldens()
    for name, spec, config in runs:
        target = GOLDEN / name
        files = generate_files(spec, config=config)
        if target.exists():
            shutil.rmtree(target)
        for rel, text in files.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        print(f"{name}: {len(files)} files")


if __name__ == "__main__":
    main()
