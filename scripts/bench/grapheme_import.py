#!/usr/bin/env python3
"""Writes a 2 MB article (accents and ZWJ emoji families) and a doccano file
of 2,000 spans in grapheme-cluster offsets, to time a grapheme-unit import:

    python3 scripts/bench/grapheme_import.py /tmp/graph     # needs `pip install regex`
    target/release/diptych new /tmp/graph/corpus -o /tmp/graph/p.ron
    /usr/bin/time -f "%e s %M KB" target/release/diptych import /tmp/graph/p.ron \\
        --format doccano /tmp/graph/doccano.jsonl --offsets grapheme --dry-run
"""
import json
import os
import sys

import regex  # grapheme clusters (\\X), as Diptych counts them

root = sys.argv[1]
os.makedirs(os.path.join(root, "corpus"), exist_ok=True)
unit = "Analysts said the deal, café and naïve 👩‍👩‍👧 were fine. "
text = "Title\n" + unit * (2_000_000 // len(unit.encode()))
with open(os.path.join(root, "corpus", "a.txt"), "w") as f:
    f.write(text)
clusters = len(regex.findall(r"\X", text))
step = clusters // 2100
labels = [[k * step + 10, k * step + 15, "Claim"] for k in range(2000)]
record = {"text": text, "label": labels, "document": "a.txt", "offset_unit": "grapheme"}
with open(os.path.join(root, "doccano.jsonl"), "w") as f:
    f.write(json.dumps(record, ensure_ascii=False) + "\n")
