#!/usr/bin/env python3
"""One essay section of many paragraphs, built at several sizes: is the build linear in them?

    python3 bench/long_section.py 10000 50000 100000 [--runs 3] [--glossator target/release/glossator]

Each edition holds one section of N paragraphs of about 60 words (a sentence generator seeded
by the paragraph's number, so every size holds the smaller ones' paragraphs first). Prints the
median wall time and peak memory of each size, and the time per 1,000 paragraphs.
"""

import argparse
import random
import shutil
import statistics
from pathlib import Path

from compare import measure

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("council soviet worker delegate factory strike assembly party power revolution "
         "committee district city rule poor democracy recall vote mandate order").split()


def paragraph(i: int) -> str:
    r = random.Random(i)
    words = [r.choice(WORDS) for _ in range(60)]
    return " ".join(words).capitalize() + "."


def edition(n: int, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "essay").mkdir(parents=True)
    (root / "edition.yaml").write_text("title: One long section\n")
    body = "\n\n".join(paragraph(i) for i in range(n))
    (root / "content" / "essay" / "01-long.md").write_text(f"---\ntitle: Long\n---\n{body}\n")
    return root


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--glossator", default=str(ROOT / "target" / "release" / "glossator"))
    parser.add_argument("--work", default="/dev/shm/glossator-long")
    args = parser.parse_args()
    work = Path(args.work)
    print("| paragraphs | wall (s) | peak memory (MiB) | ms per 1,000 paragraphs |")
    print("| ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        root = edition(n, work / f"long-{n}")
        walls, peaks = [], []
        for _ in range(args.runs):
            measured = measure([args.glossator, "build", "--root", str(root), "--output", str(work / "out")], work / "out")
            if measured is None:
                raise SystemExit(f"the build of {n:,} paragraphs failed")
            walls.append(measured[0])
            peaks.append(measured[2])
        wall = statistics.median(walls)
        print(f"| {n:,} | {wall:.2f} | {statistics.median(peaks):.0f} | {wall * 1000 / n * 1000:.1f} |")


if __name__ == "__main__":
    main()
