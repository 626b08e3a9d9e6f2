#!/usr/bin/env python3
"""An annotated edition at scale, for the apparatus benchmark of issue #14.

    python3 bench/gen_apparatus.py OUT [--words 1000000] [--glosses 10000] [--terms 5000]
                                       [--citations 20000] [--sections 50] [--works 2000]

Writes OUT/edition.yaml and OUT/content/: essay sections of about `words` words in
paragraphs of about 100, `glosses` glosses anchored to four-word passages that occur once,
`terms` glossary terms used in the text, and `citations` author–date citations
(`(Name 1987, 12)`, `Name (1987)`) to `works` works of a CSL-YAML bibliography. Every run with
the same arguments writes the same files.
"""

import argparse
import random
from pathlib import Path

SYLLABLES = "ka lo mi ne ru sa te vo pi da ge ho ji fu ba ce xo zu wy qe".split()


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--glosses", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=5_000)
    parser.add_argument("--citations", type=int, default=20_000)
    parser.add_argument("--sections", type=int, default=50)
    parser.add_argument("--works", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    content = out / "content"
    for folder in ("essay", "glosses"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (out / "edition.yaml").write_text(
        "title: Apparatus at scale\nlanguage: en\ncitations:\n  style: chicago-author-date\n  natural: true\n"
    )

    # Common words of two or three syllables; terms and names of four, so none is a common word.
    common = sorted({word(rng, rng.choice((2, 3))) for _ in range(6000)})
    terms = []
    seen = set(common)
    while len(terms) < args.terms:
        t = word(rng, 4)
        if t not in seen:
            seen.add(t)
            terms.append(t)
    names = []
    while len(names) < args.works // 2:
        n = word(rng, 4).capitalize()
        if n.lower() not in seen:
            seen.add(n.lower())
            names.append(n)
    works = [(names[i % len(names)], 1900 + (i * 7) % 120) for i in range(args.works)]
    works = sorted(set(works))

    paragraphs_total = max(1, args.words // 100)
    per_section = max(1, paragraphs_total // args.sections)
    # Where the apparatus goes: each citation and term use in a random paragraph.
    cite_at = [rng.randrange(paragraphs_total) for _ in range(args.citations)]
    term_at = [rng.randrange(paragraphs_total) for _ in range(args.terms * 3)]
    cites = {}
    for k, p in enumerate(cite_at):
        cites.setdefault(p, []).append(k)
    uses = {}
    for k, p in enumerate(term_at):
        uses.setdefault(p, []).append(terms[k % len(terms)])

    sections = []
    paragraph = 0
    for s in range(args.sections):
        slug = f"part-{s + 1:03}"
        paras = []
        count = per_section if s < args.sections - 1 else paragraphs_total - paragraph
        for _ in range(count):
            words = [rng.choice(common) for _ in range(100)]
            for t in uses.get(paragraph, []):
                words.insert(rng.randrange(len(words)), t)
            for k in cites.get(paragraph, []):
                name, year = works[k % len(works)]
                at = rng.randrange(1, len(words))
                if k % 2:
                    words.insert(at, f"{name} ({year})")
                else:
                    words[at - 1] += f" ({name} {year}, {1 + k % 300})"
            text = " ".join(words)
            paras.append(text[0].upper() + text[1:] + ".")
            paragraph += 1
        sections.append((slug, paras))
        body = "\n\n".join(paras)
        (content / "essay" / f"{s + 1:03}-{slug}.md").write_text(f"---\ntitle: Part {s + 1}\n---\n{body}\n")

    # Glosses: a four-word passage of a paragraph, kept when it occurs once in its section.
    made = 0
    tries = 0
    while made < args.glosses and tries < args.glosses * 20:
        tries += 1
        slug, paras = sections[rng.randrange(len(sections))]
        text = paras[rng.randrange(len(paras))]
        plain = text.split()
        if len(plain) < 8:
            continue
        start = rng.randrange(len(plain) - 4)
        quote = " ".join(plain[start : start + 4])
        if any(c in quote for c in "()0123456789.,") or sum(p.count(quote) for p in paras) != 1:
            continue
        made += 1
        (content / "glosses" / f"g{made:05}.md").write_text(
            f"---\nanchor:\n  quote: \"{quote}\"\n  section: {slug}\n---\nA gloss on this passage, number {made}.\n"
        )

    with open(content / "glossary.yaml", "w") as f:
        for t in terms:
            f.write(f"- id: {t}\n  term: \"{t}\"\n  definition: The term {t}, defined.\n")
    with open(content / "bibliography.yaml", "w") as f:
        for name, year in works:
            f.write(
                f"- id: {name.lower()}{year}\n  type: book\n  author: [{{family: {name}, given: Ana}}]\n"
                f"  issued: {{date-parts: [[{year}]]}}\n  title: \"A Book by {name}\"\n  publisher: Press\n"
            )
    print(f"{paragraph} paragraphs in {len(sections)} sections, {made} glosses, {len(terms)} terms, "
          f"{args.citations} citations of {len(works)} works")


if __name__ == "__main__":
    main()
