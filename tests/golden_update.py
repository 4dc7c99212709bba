"""``make golden``: rewrite tests/golden/<fixture>/ from tests/fixtures/ (review the diff before committing)."""

from __future__ import annotations

import shutil

from tests.support import GOLDEN, generate_files, golden_fixtures, golden_name


def main() -> None:
    for spec in golden_fixtures():
        target = GOLDEN / golden_name(spec)
        files = generate_files(spec)
        if target.exists():
            shutil.rmtree(target)
        for rel, text in files.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        print(f"{golden_name(spec)}: {len(files)} files")


if __name__ == "__main__":
    main()
