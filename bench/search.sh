#!/usr/bin/env bash
# What the search costs: the index of this edition and of N generated pages (10,000 unless
# given) — its size beside the site's, the time the build spends making it (median of 5
# builds, from `--timings`) — and what a reader's browser loads for a first query.
# Needs a release build, ../shared/bench/gen_corpus.py, and the browser tests' packages
# (`npm ci --prefix tests/browser`). Output goes to tmpfs.
#   bash bench/search.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/glossator
n=${1:-10000}
work=/dev/shm/glossator-search-bench
rm -rf "$work"
mkdir -p "$work"

median_of_index() {
  local root=$1 out=$2
  for _ in 1 2 3 4 5; do
    "$bin" build --root "$root" --output "$out" --timings 2>&1 \
      | awk '/^the search index/ {print $4}'
  done | sort -n | sed -n 3p
}

echo "== this edition"
echo "search index: $(median_of_index . "$work/edition-site") ms (median of 5 builds)"
node tests/browser/search-report.mjs "$work/edition-site" Kornilov Lenin councils '"dual power"' Rate

echo "== $n generated pages"
python3 ../shared/bench/gen_corpus.py "$n" "$work/corpus" --layouts plain >/dev/null
mkdir -p "$work/pages/content/essay"
printf 'title: Benchmark\n' > "$work/pages/edition.yaml"
printf -- '---\ntitle: Essay\n---\nA section.\n' > "$work/pages/content/essay/01-essay.md"
cp -r "$work/corpus/plain" "$work/pages/content/pages"
echo "search index: $(median_of_index "$work/pages" "$work/pages-site") ms (median of 5 builds)"
node tests/browser/search-report.mjs "$work/pages-site" historian harvest '"the council"' lantern so
