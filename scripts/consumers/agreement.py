"""`diptych agree` against the libraries people trust.

Generates a corpus and two- and three-annotator annotations (correlated, with
shifted boundaries, nested and one-sided spans), imports them into a project,
runs `diptych agree --json` by character and by word, and checks every figure:
Cohen's kappa against scikit-learn's cohen_kappa_score, Fleiss' kappa against
statsmodels, Krippendorff's nominal alpha against the `krippendorff` package
(all to 1e-9; NaN or a refusal there is null here), and span F1 (exact, and by
overlap with a maximum one-to-one matching) against a plain count.

Usage: python agreement.py BIN WORKDIR   (run.sh calls it)
"""

import itertools
import json
import math
import random
import re
import subprocess
import sys
from pathlib import Path

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

BIN, WORK = sys.argv[1], Path(sys.argv[2])
LABELS = ["Claim", "Disclaimer"]
SENTIMENTS = [None, "positive", "negative", "neutral"]
WORDS = "the deal was signed café by analysts who said markets moved naïve view".split()
TOL = 1e-9
failures = []


def check(what, ours, theirs):
    undefined = theirs is None or (isinstance(theirs, float) and math.isnan(theirs))
    if undefined:
        ok = ours is None
    else:
        ok = ours is not None and abs(ours - theirs) <= TOL
    if not ok:
        failures.append(f"{what}: diptych {ours}, reference {theirs}")


def make_text(rng):
    sentences = []
    for _ in range(rng.randint(3, 8)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 12))]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), "📈")
        sentences.append(" ".join(words) + ".")
    return " ".join(sentences)


def make_spans(rng, text, annotators):
    """Spans per annotator: alice's own, others copying, shifting or skipping them."""
    n = len(text)
    spans = {a: [] for a in annotators}
    for _ in range(rng.randint(0, 6)):
        start = rng.randrange(n - 1)
        end = min(n, start + rng.randint(1, 40))
        label = rng.choice(LABELS)
        sentiment = rng.choice(SENTIMENTS)
        for a in annotators:
            r = rng.random()
            if a == annotators[0] or r < 0.45:
                spans[a].append((start, end, label, sentiment if r < 0.8 else rng.choice(SENTIMENTS)))
            elif r < 0.75:
                s = min(n - 1, max(0, start + rng.randint(-5, 5)))
                e = min(n, max(s + 1, end + rng.randint(-5, 5)))
                spans[a].append((s, e, rng.choice(LABELS) if r < 0.5 else label, sentiment))
            # else: this annotator did not mark it
    for a in annotators:
        if rng.random() < 0.3 and spans[a]:
            # A span nested inside another.
            s, e, label, sentiment = spans[a][0]
            if e - s > 4:
                spans[a].append((s + 1, e - 1, label, sentiment))
        if rng.random() < 0.2:
            # One-sided: only this annotator.
            s = rng.randrange(n - 1)
            spans[a].append((s, min(n, s + rng.randint(1, 15)), rng.choice(LABELS), None))
    return spans


def units(text, unit):
    if unit == "char":
        return [(i, i + 1) for i, c in enumerate(text) if not c.isspace()]
    return [m.span() for m in re.finditer(r"\w+", text)]


def inside(units_, s, e):
    return [k for k, (us, ue) in enumerate(units_) if s <= us and ue <= e]


def matching(a, b, share):
    """Kuhn's augmenting paths, left in order, edges in order (as diptych)."""
    owner = [None] * len(b)

    def augment(i, seen):
        for j in range(len(b)):
            if share(a[i], b[j]) and not seen[j]:
                seen[j] = True
                if owner[j] is None or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(a)):
        augment(i, [False] * len(b))
    return [(owner[j], j) for j in range(len(b)) if owner[j] is not None]


def reference(docs, spans, annotators, unit):
    """Every figure `diptych agree` reports, computed here."""
    vectors = {(l, a): [] for l in LABELS for a in annotators}
    counts = {}  # (label, pair) -> [exact, overlap, |A|, |B|]
    sentiment_pairs = {p: ([], []) for p in itertools.combinations(annotators, 2)}
    for doc, text in docs.items():
        cut = units(text, unit)
        for label in LABELS:
            ranges = {}
            for a in annotators:
                mine = sorted(((s, e, sent) for s, e, l, sent in spans[doc][a] if l == label), key=lambda r: r[:2])
                ranges[a] = [(s, e, set(inside(cut, s, e)), sent) for s, e, sent in mine]
                marked = set().union(*[r[2] for r in ranges[a]]) if ranges[a] else set()
                vectors[(label, a)].extend(1 if k in marked else 0 for k in range(len(cut)))
            for x, y in itertools.combinations(annotators, 2):
                a, b = ranges[x], ranges[y]
                exact = sum(
                    min(sum(1 for r in a if r[:2] == key), sum(1 for r in b if r[:2] == key))
                    for key in {r[:2] for r in a}
                )
                pairs = matching(a, b, lambda p, q: bool(p[2] & q[2]))
                for i, j in pairs:
                    sentiment_pairs[(x, y)][0].append(a[i][3] or "none")
                    sentiment_pairs[(x, y)][1].append(b[j][3] or "none")
                c = counts.setdefault((label, (x, y)), [0, 0, 0, 0])
                c[0] += exact
                c[1] += len(pairs)
                c[2] += len(a)
                c[3] += len(b)
    return vectors, counts, sentiment_pairs


def f1(matched, total):
    return None if total == 0 else 2 * matched / total


def kappa(x, y):
    if len(set(x) | set(y)) < 2:
        return None
    return float(cohen_kappa_score(x, y))


def alpha(rows):
    data = np.array(rows, dtype=float)
    if len(np.unique(data)) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def fleiss(rows):
    table, _ = aggregate_raters(np.array(rows).T)
    if table.shape[1] < 2:
        return None
    return float(fleiss_kappa(table, method="fleiss"))


def run(project, annotators, unit, docs, spans):
    args = [BIN, "agree", str(project), "--json", "--unit", unit, "--annotators", ",".join(annotators)]
    report = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    keys = ["unit", "annotators", "documents", "labels", "pairs", "sentiment", "per_document"]
    if list(report) != keys:
        failures.append(f"top-level keys {list(report)}")
    vectors, counts, sentiment_pairs = reference(docs, spans, annotators, unit)
    pairs = list(itertools.combinations(annotators, 2))
    where = f"{len(annotators)} annotators, {unit}"
    for label in LABELS:
        ours = report["labels"][label]
        rows = [vectors[(label, a)] for a in annotators]
        if ours["units"] != len(rows[0]):
            failures.append(f"{where} {label} units: {ours['units']} vs {len(rows[0])}")
        check(f"{where} {label} fleiss", ours["fleiss_kappa"], fleiss(rows))
        check(f"{where} {label} alpha", ours["krippendorff_alpha"], alpha(rows))
        two = kappa(rows[0], rows[1]) if len(annotators) == 2 else None
        check(f"{where} {label} cohen", ours["cohen_kappa"], two)
        for i, name in [(0, "f1_exact"), (1, "f1_overlap")]:
            per_pair = [f1(counts[(label, p)][i], counts[(label, p)][2] + counts[(label, p)][3]) for p in pairs]
            defined = [v for v in per_pair if v is not None]
            check(f"{where} {label} {name}", ours[name], sum(defined) / len(defined) if defined else None)
    for entry, (x, y) in zip(report["pairs"], pairs):
        if (entry["a"], entry["b"]) != (x, y):
            failures.append(f"{where} pair order {entry['a']},{entry['b']}")
        for label in LABELS:
            ours = entry["labels"][label]
            rows = [vectors[(label, x)], vectors[(label, y)]]
            c = counts[(label, (x, y))]
            check(f"{where} {x}-{y} {label} cohen", ours["cohen_kappa"], kappa(*rows))
            check(f"{where} {x}-{y} {label} alpha", ours["krippendorff_alpha"], alpha(rows))
            check(f"{where} {x}-{y} {label} f1_exact", ours["f1_exact"], f1(c[0], c[2] + c[3]))
            check(f"{where} {x}-{y} {label} f1_overlap", ours["f1_overlap"], f1(c[1], c[2] + c[3]))
    for entry, p in zip(report["sentiment"]["spans"], pairs):
        a, b = sentiment_pairs[p]
        if entry["items"] != len(a):
            failures.append(f"{where} sentiment items {entry['items']} vs {len(a)}")
        check(f"{where} {p} sentiment", entry["cohen_kappa"], kappa(a, b) if a else None)
    return sum(len(v) for v in vectors.values())


def main():
    rng = random.Random(20261130)
    corpus = WORK / "agreement-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    annotators = ["alice", "bob", "carol"]
    docs, spans = {}, {}
    for i in range(12):
        doc = f"doc{i:02}.txt"
        text = make_text(rng)
        (corpus / doc).write_text(text, encoding="utf-8")
        docs[doc] = text
        spans[doc] = make_spans(rng, text, annotators)
    project = WORK / "agreement.ron"
    subprocess.run([BIN, "new", str(corpus), "-o", str(project), "--force"], check=True, capture_output=True)
    lines = []
    for doc, by in spans.items():
        items = []
        for a in annotators:
            for s, e, label, sentiment in by[a]:
                item = {"id": f"{doc}#{len(items)}", "start": s, "end": e, "label": label, "annotator": a}
                if sentiment:
                    item["sentiment"] = sentiment
                items.append(item)
        lines.append(json.dumps({"id": doc, "spans": items}, ensure_ascii=False))
    jsonl = WORK / "agreement.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = subprocess.run([BIN, "import", str(project), str(jsonl), "--format", "jsonl"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"import failed ({out.returncode}): {out.stderr}")
    # Identical spans of one annotator import once; keep the reference in step.
    for doc in spans:
        for a in annotators:
            seen, kept = set(), []
            for s, e, label, sentiment in spans[doc][a]:
                if (s, e, label) not in seen:
                    seen.add((s, e, label))
                    kept.append((s, e, label, sentiment))
            spans[doc][a] = kept
    checked = 0
    for unit in ["char", "token"]:
        checked += run(project, annotators, unit, docs, spans)
        checked += run(project, annotators[:2], unit, docs, spans)
    if failures:
        print("\n".join(failures))
        sys.exit(f"agreement: {len(failures)} figures differ from the reference libraries")
    print(f"agreement: every figure equals scikit-learn, statsmodels and krippendorff to 1e-9 "
          f"(2 and 3 annotators, char and token units, {checked} unit codes)")


main()
