#!/usr/bin/env python3
"""Turn Diptych's `spacy` export into a spaCy DocBin (.spacy), no code needed.

    diptych export project.ron --format spacy -o export.jsonl
    python scripts/to_docbin.py export.jsonl out.spacy

Needs spaCy (`pip install spacy`); only a blank pipeline is used
(`spacy.blank(LANG)`, default "en"), so no model is downloaded.

Each line's spans become `doc.spans[KEY]` (default "sc", what spaCy's
SpanCategorizer reads; spans may overlap there). With --ents, the longest
non-overlapping spans also become `doc.ents` (for the NER component).

Offsets are code points, what `Doc.char_span` takes. A span whose ends do
not fall on spaCy token boundaries cannot be a spaCy Span: it is listed on
stderr (document, offsets, label, text) and left out, never moved silently;
--alignment expand|contract snaps such spans outward/inward instead
(and still lists them). Exit status: 0, or 1 with --strict when any span was
misaligned.
"""

import argparse
import json
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="the JSONL written by `diptych export --format spacy`")
    parser.add_argument("output", help="the .spacy file to write")
    parser.add_argument("--lang", default="en", help="language of spacy.blank (default: en)")
    parser.add_argument("--spans-key", default="sc", help="key of doc.spans (default: sc)")
    parser.add_argument("--ents", action="store_true", help="also set doc.ents (non-overlapping spans)")
    parser.add_argument(
        "--alignment",
        choices=["strict", "expand", "contract"],
        default="strict",
        help="what to do with spans off token boundaries (default: strict = leave out)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if any span is misaligned")
    args = parser.parse_args(argv)

    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank(args.lang)
    store = DocBin(store_user_data=True)
    docs = spans = misaligned = 0
    with open(args.input, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                sys.exit(f"{args.input}:{number}:{err.colno}: {err.msg}")
            meta = record.get("meta", {})
            unit = meta.get("offset_unit", "codepoint")
            if unit != "codepoint":
                sys.exit(f"{args.input}:{number}: offsets are {unit}; export with --offsets codepoint")
            doc = nlp.make_doc(record["text"])
            doc.user_data["document"] = meta.get("document")
            kept = []
            for span in record.get("spans", []):
                spans += 1
                start, end, label = span["start"], span["end"], span["label"]
                made = doc.char_span(start, end, label=label, alignment_mode="strict")
                if made is None:
                    misaligned += 1
                    quote = record["text"][start:end]
                    print(
                        f"{meta.get('document', f'line {number}')}: {start}..{end} {label} "
                        f"{quote[:60]!r} does not align to spaCy tokens",
                        file=sys.stderr,
                    )
                    if args.alignment != "strict":
                        made = doc.char_span(start, end, label=label, alignment_mode=args.alignment)
                if made is not None:
                    kept.append(made)
            doc.spans[args.spans_key] = kept
            if args.ents:
                doc.ents = filter_spans(kept)
            store.add(doc)
            docs += 1
    store.to_disk(args.output)
    print(
        f"wrote {args.output}: {docs} doc(s), {spans} span(s), {misaligned} not on token boundaries"
        + (" (listed above)" if misaligned else "")
    )
    return 1 if args.strict and misaligned else 0


if __name__ == "__main__":
    sys.exit(main())
