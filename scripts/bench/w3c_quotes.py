#!/usr/bin/env python3
"""Writes a 2 MB article in which "the deal" occurs 58,824 times and a W3C
file of 2,000 annotations quoting it, each told apart only by its prefix,
with positions that drifted (so every span is found by its quote):

    python3 scripts/bench/w3c_quotes.py /tmp/w3c
    target/release/diptych new /tmp/w3c/corpus -o /tmp/w3c/p.ron
    /usr/bin/time -f "%e s %M KB" target/release/diptych import /tmp/w3c/p.ron \\
        --format w3c /tmp/w3c/w3c.json --dry-run
"""
import json
import os
import sys

root = sys.argv[1]
os.makedirs(os.path.join(root, "corpus"), exist_ok=True)
parts, size, count = ["Title\n"], 6, 0
while size < 2_000_000:
    segment = f"Item {count:07d} says the deal holds. "
    parts.append(segment)
    size += len(segment)
    count += 1
text = "".join(parts)
with open(os.path.join(root, "corpus", "a.txt"), "w") as f:
    f.write(text)
items = []
for k in range(2000):
    n = k * (count // 2000)
    prefix = f"Item {n:07d} says "
    start = text.index(prefix) + len(prefix)
    items.append({
        "id": f"urn:x:{k}", "type": "Annotation", "motivation": "classifying",
        "body": [{"type": "TextualBody", "purpose": "classifying", "value": "Claim"}],
        "target": {"source": "a.txt", "selector": [
            {"type": "TextQuoteSelector", "exact": "the deal", "prefix": prefix, "suffix": " holds."},
            {"type": "TextPositionSelector", "start": start + 3, "end": start + 11},
        ]},
    })
collection = {
    "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
    "label": "x", "total": len(items),
    "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
}
with open(os.path.join(root, "w3c.json"), "w") as f:
    json.dump(collection, f)
