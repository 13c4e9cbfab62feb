#!/usr/bin/env python3
"""Writes a project of N labels and N annotations (default 200,000 each) over
a one-article corpus, to time how the project file's label checks scale:

    python3 scripts/bench/big_labels.py /tmp/biglabels [N]
    /usr/bin/time -f "%e s %M KB" target/release/diptych check /tmp/biglabels/big.ron

(`check` exits 1 here: the article's recorded hash is left empty on purpose.)
"""
import os
import sys

root = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
os.makedirs(os.path.join(root, "corpus"), exist_ok=True)
with open(os.path.join(root, "corpus", "a.txt"), "w") as f:
    f.write("Title\nThe body of the article, with enough words to hold spans.\n")
out = [
    "(",
    '  format: "diptych-project",',
    "  version: 1,",
    '  name: "Big labels",',
    '  corpus: "corpus",',
    "  labels: [",
]
out += [f'    (id: "l{i}", name: "Label {i}", color: "#e8a33d", key: None),' for i in range(n)]
out += [
    "  ],",
    "  documents: [",
    '    (id: "a.txt", title: "Title", hash: "", format: Text, fields: (sentiment: None, status: ToDo, note: "")),',
    "  ],",
    "  annotations: [",
]
out += [
    f'    (id: {i + 1}, document: "a.txt", span: (0, 5), label: "l{n - 1 - i}", sentiment: None, '
    'target: None, note: "", annotator: "x", created: "2026-11-22T08:00:00Z", '
    'modified: "2026-11-22T08:00:00Z", status: Accepted, '
    'quote: (exact: "Title", prefix: "", suffix: "\\nThe body of the article, with eno")),'
    for i in range(n)
]
out += ["  ],", "  links: [],", ")"]
with open(os.path.join(root, "big.ron"), "w") as f:
    f.write("\n".join(out))
