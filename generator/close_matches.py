"""Did-you-mean for stale configuration entries: difflib's answer, without difflib's full scan.

:class:`CloseMatcher` gives, for a word, what ``difflib.get_close_matches(word, known, n=1)``
gives; :func:`generator.config.stale_entries` uses it for every key of a config that names
nothing in the spec.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class CloseMatcher:
    """The did-you-mean of :func:`generator.config.stale_entries`: for a word, the string of ``known`` that
    ``difflib.get_close_matches(word, known, n=1)`` gives (the highest :class:`difflib.SequenceMatcher`
    ratio of at least ``cutoff``; of equal ratios, the greatest string), without its cost.

    difflib computes, for every known string, two upper bounds of the ratio (the lengths', then
    ``quick_ratio``: the characters both have, with multiplicity) before the ratio itself, all in
    Python; a config written for a larger spec (``spec/openai.config.yaml`` has ~150 ``models`` keys
    that ``spec/openai.yaml`` lacks) made that ~0.8 s of a run. Here the shared characters of the word
    and every known string are counted at once from an index (character, occurrence) -> known strings,
    which gives ``quick_ratio`` exactly. Strings are then taken in descending order of that bound, only
    until it falls below the best ratio found; each gets a tighter bound, the longest common
    subsequence (the matching blocks difflib finds are one), before its ratio. Ratios are difflib's
    own, compared as it compares them, so the answer is difflib's."""

    def __init__(self, known: Iterable[str], cutoff: float = 0.6) -> None:
        self.known = sorted(set(known))
        self._known_set = set(self.known)
        self.cutoff = cutoff
        self._index: dict[tuple[str, int], list[int]] = {}
        for i, text in enumerate(self.known):
            for key in _occurrences(text):
                self._index.setdefault(key, []).append(i)

    def closest(self, word: str) -> str | None:
        import difflib
        from collections import Counter

        if word in self._known_set:
            return word  # its own best match (ratio 1.0); an empty word, which shares no character, would be missed below
        shared: Counter[int] = Counter()
        for key in _occurrences(word):
            hits = self._index.get(key)
            if hits:
                shared.update(hits)
        # As SequenceMatcher.quick_ratio computes it (2.0 * matches / total length), so ties stay ties.
        bounds = [(2.0 * count / (len(self.known[i]) + len(word)), self.known[i]) for i, count in shared.items()]
        bounds = sorted((b for b in bounds if b[0] >= self.cutoff), reverse=True)
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)  # as get_close_matches: the known string is seq1, the word seq2
        positions: dict[str, int] = {}
        for i, ch in enumerate(word):
            positions[ch] = positions.get(ch, 0) | 1 << i
        best: tuple[float, str] | None = None
        for bound, text in bounds:
            floor = self.cutoff if best is None else best[0]
            if bound < floor:
                break  # neither this string nor any after it can reach the best ratio
            if 2.0 * _common_subsequence(text, positions, len(word)) / (len(text) + len(word)) < floor:
                continue
            matcher.set_seq1(text)
            ratio = matcher.ratio()
            if ratio >= self.cutoff and (best is None or (ratio, text) > best):
                best = (ratio, text)
        return best[1] if best is not None else None


def _common_subsequence(text: str, positions: Mapping[str, int], length: int) -> int:
    """The length of the longest common subsequence of ``text`` and a word of ``length`` characters
    whose ``positions`` (character -> bit mask of where it occurs) are given: Hyyro's bit-parallel
    algorithm, a few integer operations per character of ``text``."""
    full = (1 << length) - 1
    v = full
    for ch in text:
        u = v & positions.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return length - v.bit_count()


def _occurrences(text: str) -> list[tuple[str, int]]:
    """``(character, how many times it came before)`` per character: ``"aba"`` -> ``a0 b0 a1``. Two
    strings share as many of these as ``quick_ratio`` counts matching characters."""
    seen: dict[str, int] = {}
    out: list[tuple[str, int]] = []
    for ch in text:
        n = seen.get(ch, 0)
        seen[ch] = n + 1
        out.append((ch, n))
    return out
