"""Merge the surface names seen in a corpus into canonical names.

Three steps, each linear (or blocked) in the number of distinct names:

1. names with the same normalised key ("NovaTek" / "Novatek" / "Nova Tek") are one name;
2. a bare name equal to a full name minus its organisation suffix ("Acme" / "Acme AI",
   "Globex" / "Globex Holdings") is that organisation; suffixes come from ``alias_suffixes`` in
   ``factcheck/data/entity_words.json``;
3. rare spellings within a small edit distance of a frequent name ("Acne AI" / "Acme AI") are
   merged, comparing only within blocks that share the key's first three characters and only
   when both keys carry the same digits (so "Nova-4" and "Nova-5" stay apart).

The canonical name of a group is its most frequent full form (one with an organisation suffix if
the group has any), ties broken by the spelling with more capitals, then alphabetically.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from factcheck.extract.entities import _sets
from factcheck.names import name_key

__all__ = ["merge_aliases", "name_key"]

_RARE_MAX = 2  # names seen at most this often may be typos of frequent ones
_MIN_FUZZY_LEN = 6


def _core_key(name: str) -> str | None:
    """Key of ``name`` without trailing organisation suffixes, or None if it has none."""
    suffixes = _sets()["alias_suffixes_cf"]
    toks = name.split()
    n = len(toks)
    while n > 1 and toks[n - 1].casefold() in suffixes:
        n -= 1
    if n == len(toks):
        return None
    return name_key(" ".join(toks[:n]))


def _digits(key: str) -> str:
    return "".join(ch for ch in key if ch.isdigit())


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


_Blocks = dict[str, dict[int, tuple[list[str], list[int]]]]


def _links(keys: list[str], blocks: _Blocks, key_count: Mapping[str, int]) -> list[tuple[str, str]]:
    """(rare key, frequent key it is a misspelling of) for each of ``keys`` that has one."""
    out: list[tuple[str, str]] = []
    near_cache: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
    for k in keys:
        c = key_count[k]
        by_len = blocks[k[:3]]
        max_edits = 1 if len(k) < 12 else 2
        near = near_cache.get((k[:3], len(k)))
        if near is None:
            choices: list[str] = []
            order: list[int] = []
            for length in range(len(k) - max_edits, len(k) + max_edits + 1):
                got = by_len.get(length)
                if got:
                    choices += got[0]
                    order += got[1]
            near = near_cache[k[:3], len(k)] = (choices, order)
        if not near[0]:
            continue
        found = process.extract(k, near[0], scorer=Levenshtein.distance, score_cutoff=max_edits, limit=None)
        # the three nearest, ties in the order keys were first seen (as one scan of the block gives)
        order_of = near[1]
        found.sort(key=lambda h: (h[1], order_of[h[2]]))
        for hit, _dist, _ in found[:3]:
            if hit != k and _digits(hit) == _digits(k) and key_count[hit] >= 3 * c:
                out.append((k, hit))
                break
    return out


def merge_aliases(name_counts: Mapping[str, int], *, keys: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map every surface name to its canonical name (itself when it has no aliases).  ``keys`` gives
    each name's :func:`name_key` when the caller has it already.

    Every link this makes is between names whose keys start with the same character (the same key;
    a core that is a prefix of the full form's key; keys sharing their first three characters), so
    the names can be merged in parts by that character with the same result as all at once."""
    key_count: dict[str, int] = defaultdict(int)
    key_names: dict[str, list[str]] = defaultdict(list)
    key_of: dict[str, str] = {}
    for name, count in name_counts.items():
        k = name_key(name) if keys is None else keys[name]
        if not k:
            continue
        key_of[name] = k
        key_count[k] += count
        key_names[k].append(name)

    uf = _UnionFind()
    # Step 2: a bare name joins the one full form it is the core of ("Acme" -> "Acme AI").  Two full
    # forms are never merged with each other ("Delta Air Lines" and "Delta Electronics" are different
    # companies), and a bare name shared by several full forms stays apart (it is ambiguous).
    full_by_core: dict[str, set[str]] = defaultdict(set)
    for k, names in key_names.items():
        for name in names:
            core = _core_key(name)
            if core and core != k:
                full_by_core[core].add(k)
    for core, fulls in full_by_core.items():
        if core in key_count and len(fulls) == 1:
            uf.union(core, next(iter(fulls)))
    # Step 3: rare keys close to a frequent key of the same block.  A block is split by key length:
    # a key within `max_edits` edits differs in length by at most that much, so only those lengths
    # are compared (a gigabyte of news has ~360,000 rare names: 4x fewer comparisons).
    blocks: _Blocks = defaultdict(dict)
    for i, (k, c) in enumerate(key_count.items()):
        if c > _RARE_MAX and len(k) >= _MIN_FUZZY_LEN:
            keys_, order = blocks[k[:3]].setdefault(len(k), ([], []))
            keys_.append(k)
            order.append(i)
    rare = [
        k for k, c in key_count.items() if c <= _RARE_MAX and len(k) >= _MIN_FUZZY_LEN and k[:3] in blocks
    ]
    for k, hit in _links(rare, blocks, key_count):
        uf.union(k, hit)

    groups: dict[str, list[str]] = defaultdict(list)
    for k in key_count:
        groups[uf.find(k)].append(k)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) == 1 and len(key_names[members[0]]) == 1:  # most names: nothing to choose
            only = key_names[members[0]][0]
            out[only] = only
            continue
        names = [n for k in members for n in key_names[k]]
        with_suffix = [n for n in names if _core_key(n)]
        pool = with_suffix or names
        canonical = max(
            pool,
            key=lambda n: (
                key_count[key_of[n]],
                name_counts[n],
                sum(ch.isupper() for ch in n),
                -len(n),
                n,
            ),
        )
        for n in names:
            out[n] = canonical
    return out
