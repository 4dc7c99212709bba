"""The config's did-you-mean (:class:`generator.close_matches.CloseMatcher`) answers as difflib does."""

from __future__ import annotations

import difflib
import random

from generator.close_matches import CloseMatcher
from generator.config import stale_entries


def _difflib(word: str, known: list[str]) -> str | None:
    found = difflib.get_close_matches(word, sorted(set(known)), n=1)
    return found[0] if found else None


def test_the_closest_key_is_difflibs_also_for_ties_repeats_and_long_keys() -> None:
    rng = random.Random(7)
    alphabet = "abcab_XY"  # few letters: many equal ratios, so ties are decided as difflib decides them
    for _ in range(800):
        known = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(rng.randint(0, 25))]
        matcher = CloseMatcher(known)
        for _ in range(4):
            word = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
            assert matcher.closest(word) == _difflib(word, known), (word, known)
    # 200 characters and more: difflib's "autojunk" changes the ratio itself
    for _ in range(20):
        known = ["".join(rng.choice(alphabet) for _ in range(rng.randint(150, 260))) for _ in range(8)]
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(190, 260)))
        assert CloseMatcher(known).closest(word) == _difflib(word, known)


def test_stale_entries_name_the_closest_known_key() -> None:
    [found] = stale_entries("models", ["CreateChatCompletionRequst", "Pet"], ["Pet", "CreateChatCompletionRequest", "CreateCompletionRequest"], "component schema is named", "c.yaml")
    assert found.pointer == "/models/CreateChatCompletionRequst"
    assert found.hint.startswith("did you mean 'CreateChatCompletionRequest'? ")
