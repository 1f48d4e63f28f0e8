#!/usr/bin/env python3
"""facts_identity.py - the facts and entity-name counts of a set of documents, pickled, so that a
speed change to the extractors can be checked to change nothing:

  git worktree add /tmp/base <commit>
  python bench/facts_identity.py /tmp/base  DIR... --out /tmp/base.pkl
  python bench/facts_identity.py /work/main DIR... --out /tmp/new.pkl --compare /tmp/base.pkl

CHECKOUT is put first on sys.path, so its `factcheck` package is the one measured.  At most
--per-dir files are taken from each DIR (sorted).
"""

import argparse
import pickle
import sys
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("checkout")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-dir", type=int, default=250)
    ap.add_argument("--compare")
    a = ap.parse_args()
    sys.path.insert(0, a.checkout)
    from factcheck.ingest.reader import read_document
    from factcheck.pipeline import document_facts

    files: list[Path] = []
    for d in a.dirs:
        files += sorted(p for p in Path(d).rglob("*") if p.suffix in (".txt", ".md", ".html"))[: a.per_dir]
    out = {}
    for p in files:
        doc = read_document(p.read_bytes(), p.suffix)
        facts, mentions = document_facts(doc, {})
        out[str(p)] = (
            [
                (
                    f.entity,
                    f.attribute,
                    f.quantity.text,
                    f.quantity.value,
                    f.quantity.start,
                    f.line,
                    f.origin,
                    str(f.as_of),
                    f.alt.text if f.alt else None,
                )
                for f, _ in facts
            ],
            sorted(mentions.items()),
        )
    Path(a.out).write_bytes(pickle.dumps(out))
    print(f"{len(out)} documents, {sum(len(v[0]) for v in out.values())} facts")
    if a.compare:
        base = pickle.loads(Path(a.compare).read_bytes())
        differ = [k for k in base if base[k] != out.get(k)]
        print(f"differ from {a.compare}: {len(differ)} documents")
        for k in differ[:5]:
            print("  ", k)
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
