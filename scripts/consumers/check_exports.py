#!/usr/bin/env python3
"""Load Diptych's exports with the real tools and check what they see.

    python scripts/consumers/check_exports.py EXPORT_DIR [EXPORT_DIR ...]

Each EXPORT_DIR holds one project's exports as scripts/consumers/run.sh
writes them (out.jsonl, pairs.jsonl, spans.csv, tasks.json +
tasks.config.xml, doccano.jsonl, doccano-relations.jsonl, spacy.jsonl,
brat/, tags.conll, annotations.jsonld, spans.parquet +
spans.documents.parquet). The jsonl export is the reference: every other
format must give the same spans.

Checks: pandas reads the CSV as it is; pyarrow (and pandas) read the
Parquet files; spaCy builds Docs from the spacy export, doc.char_span
aligns every span that sits on its token boundaries, and
scripts/to_docbin.py writes a DocBin that loads back; the Label Studio
tasks match a JSON schema and their config (from_name/to_name/labels/
choices/relations), and value.text == data.text[start:end]; the W3C file
matches a JSON schema and its selectors agree with the text; doccano's
UTF-16 offsets, brat's .txt/.ann, CoNLL's BIO tags and the claim pairs
agree with the reference. Prints one line per check and closes with
"N passed, M failed"; exits 1 on any failure.
"""

import collections
import csv
import json
import os
import subprocess
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET

RESULTS = []


def check(name):
    def wrap(fn):
        def run(folder, *args):
            label = f"{os.path.basename(folder.rstrip('/'))}: {name}"
            try:
                detail = fn(folder, *args)
                RESULTS.append((label, True, detail or ""))
            except Exception as err:  # noqa: BLE001 - every failure is reported
                RESULTS.append((label, False, f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=3)}"))

        return run

    return wrap


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def reference(folder):
    """Documents by id, and every span as (document, start, end, label, text) in code points."""
    docs = {}
    spans = set()
    for line in read_jsonl(os.path.join(folder, "out.jsonl")):
        docs[line["id"]] = line
        for s in line["spans"]:
            spans.add((line["id"], s["start"], s["end"], s["label"], s["text"]))
    return docs, spans


@check("jsonl: text[start:end] == span.text, links resolve")
def check_jsonl(folder):
    docs, spans = reference(folder)
    ids = {s["id"] for d in docs.values() for s in d["spans"]}
    links = 0
    for doc in docs.values():
        assert doc["offset_unit"] == "codepoint", doc["offset_unit"]
        for s in doc["spans"]:
            assert doc["text"][s["start"]:s["end"]] == s["text"], (doc["id"], s)
        for link in doc["links"]:
            assert link["from"] in ids and link["to"] in ids, link
            assert link["from_document"] in docs and link["to_document"] in docs, link
            links += 1
    return f"{len(docs)} documents, {len(spans)} spans, {links} links"


INVISIBLE = set("\u00ad\u180e\ufeff") | {chr(c) for r in ((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069)) for c in range(r[0], r[1] + 1)}


def starts_a_formula(cell):
    """As the CSV writer decides: a tab or CR first, or one of =+-@ (or
    their full-width forms) after leading whitespace and invisible characters."""
    if cell[:1] in ("\t", "\r"):
        return True
    rest = cell.lstrip("".join(INVISIBLE) + "".join(chr(c) for c in range(0x3001) if chr(c).isspace()))
    return rest[:1] != "" and rest[:1] in "=+-@＝＋－＠"


@check("pandas.read_csv reads spans.csv unchanged")
def check_csv(folder):
    import pandas as pd

    docs, spans = reference(folder)
    frame = pd.read_csv(os.path.join(folder, "spans.csv"))
    expected = ["id", "document", "start", "end", "offset_unit", "label", "text", "sentiment", "target", "note", "annotator", "status"]
    assert list(frame.columns) == expected, list(frame.columns)
    assert len(frame) == len(spans), (len(frame), len(spans))
    assert str(frame["start"].dtype).startswith("int") and str(frame["end"].dtype).startswith("int")
    neutralised = 0
    for row in frame.itertuples():
        text = docs[row.document.lstrip("'")]["text"][row.start:row.end]
        if row.text != text:
            # Formula triggers are neutralised with a leading quote, nothing else changes.
            assert row.text == "'" + text and starts_a_formula(text), (row.text, text)
            neutralised += 1
    for column in ("text", "note", "target", "annotator", "document", "label"):
        for cell in frame[column].dropna():
            assert not starts_a_formula(str(cell)), (column, cell)
    return f"{len(frame)} rows, {neutralised} text cells neutralised"


@check("pyarrow and pandas read the Parquet files")
def check_parquet(folder):
    import pandas as pd
    import pyarrow.parquet as pq

    docs, spans = reference(folder)
    table = pq.read_table(os.path.join(folder, "spans.parquet"))
    documents = pq.read_table(os.path.join(folder, "spans.documents.parquet"))
    meta = table.schema.metadata or {}
    assert meta.get(b"diptych.offset_unit") == b"codepoint", meta
    assert table.num_rows == len(spans), (table.num_rows, len(spans))
    assert documents.num_rows == len(docs)
    texts = dict(zip(documents.column("id").to_pylist(), documents.column("text").to_pylist()))
    got = set()
    for row in table.to_pylist():
        assert texts[row["document"]][row["start"]:row["end"]] == row["text"], row
        got.add((row["document"], row["start"], row["end"], row["label"], row["text"]))
    assert got == spans
    frame = pd.read_parquet(os.path.join(folder, "spans.parquet"))
    joined = frame.merge(pd.read_parquet(os.path.join(folder, "spans.documents.parquet")), left_on="document", right_on="id")
    assert len(joined) == len(frame)
    return f"{table.num_rows} span rows, {documents.num_rows} document rows, schema: {', '.join(table.schema.names)}"


@check("DuckDB and Polars read the Parquet files and join spans to their documents")
def check_parquet_engines(folder):
    import duckdb
    import polars as pl

    docs, spans = reference(folder)
    span_file = os.path.join(folder, "spans.parquet")
    doc_file = os.path.join(folder, "spans.documents.parquet")
    # DuckDB slices with 1-based code-point indices.
    rows = duckdb.sql(
        f"SELECT s.document, s.start, s.\"end\", s.label, s.text, substring(d.text, s.start + 1, s.\"end\" - s.start) AS cut "
        f"FROM '{span_file}' s JOIN '{doc_file}' d ON s.document = d.id"
    ).fetchall()
    assert len(rows) == len(spans), (len(rows), len(spans))
    for document, start, end, label, text, cut in rows:
        assert cut == text, (document, start, end, text, cut)
    frame = pl.read_parquet(span_file).join(pl.read_parquet(doc_file), left_on="document", right_on="id")
    assert frame.height == len(spans)
    got = {(r["document"], r["start"], r["end"], r["label"], r["text"]) for r in frame.iter_rows(named=True)}
    assert got == spans
    return f"duckdb {duckdb.__version__}: {len(rows)} rows sliced; polars {pl.__version__}: {frame.height} rows joined"


@check("spaCy: char_span aligns every span on token boundaries; to_docbin.py round trip")
def check_spacy(folder):
    import spacy
    from spacy.tokens import DocBin

    docs, spans = reference(folder)
    nlp = spacy.blank("en")
    path = os.path.join(folder, "spacy.jsonl")
    total = aligned = off_tokens = 0
    got = set()
    misaligned = set()
    for record in read_jsonl(path):
        doc = nlp.make_doc(record["text"])
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t.text) for t in doc}
        for s in record["spans"]:
            total += 1
            quote = record["text"][s["start"]:s["end"]]
            got.add((record["meta"]["document"], s["start"], s["end"], s["label"], quote))
            made = doc.char_span(s["start"], s["end"], label=s["label"])
            on_tokens = s["start"] in starts and s["end"] in ends
            if on_tokens:
                assert made is not None and made.text == quote, (record["meta"]["document"], s)
                aligned += 1
            else:
                assert made is None, s
                off_tokens += 1
                misaligned.add((record["meta"]["document"], s["start"], s["end"]))
    assert got == spans
    # Diptych's own warning names every span spaCy cannot align (it may name more).
    with open(os.path.join(folder, "spacy.report.json"), encoding="utf-8") as f:
        warned_ids = {(w.get("document"), w.get("annotation")) for w in json.load(f)["warnings"]}
    warned = {
        (d["id"], s["start"], s["end"]) for d in docs.values() for s in d["spans"] if (d["id"], s["id"]) in warned_ids
    }
    assert misaligned <= warned, (misaligned - warned, warned)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.spacy")
        script = os.path.join(os.path.dirname(__file__), "..", "to_docbin.py")
        run = subprocess.run([sys.executable, script, path, out], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert run.stderr.count("does not align") == off_tokens, (run.stderr, off_tokens)
        loaded = list(DocBin().from_disk(out).get_docs(nlp.vocab))
        assert len(loaded) == len(docs)
        assert sum(len(d.spans["sc"]) for d in loaded) == aligned
    return (
        f"{total} spans: {aligned} aligned, {off_tokens} off spaCy's token boundaries "
        f"(reported by to_docbin.py; diptych warned about {len(warned)})"
    )


LS_TASKS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
            "annotations": {"type": "array", "items": {"$ref": "#/$defs/group"}},
            "predictions": {"type": "array", "items": {"allOf": [{"$ref": "#/$defs/group"}, {"required": ["model_version"]}]}},
        },
    },
    "$defs": {
        "group": {
            "type": "object",
            "required": ["result"],
            "properties": {"result": {"type": "array", "items": {"$ref": "#/$defs/result"}}},
        },
        "result": {
            "type": "object",
            "required": ["type"],
            "oneOf": [
                {
                    "properties": {"type": {"const": "relation"}},
                    "required": ["from_id", "to_id", "direction", "labels"],
                },
                {
                    "properties": {
                        "type": {"enum": ["labels", "choices", "textarea"]},
                        "id": {"type": "string"},
                        "from_name": {"type": "string"},
                        "to_name": {"type": "string"},
                        "value": {
                            "type": "object",
                            "required": ["start", "end"],
                            "properties": {"start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}},
                        },
                    },
                    "required": ["id", "from_name", "to_name", "value"],
                },
            ],
        },
    },
}


@check("Label Studio: schema, config names, value.text == data.text[start:end]")
def check_label_studio(folder):
    import jsonschema

    docs, spans = reference(folder)
    with open(os.path.join(folder, "tasks.json"), encoding="utf-8") as f:
        tasks = json.load(f)
    jsonschema.validate(tasks, LS_TASKS_SCHEMA)
    config = ET.parse(os.path.join(folder, "tasks.config.xml")).getroot()
    controls = {}
    for tag in config.iter():
        if tag.get("name") and tag.get("toName"):
            values = {child.get("value") for child in tag}
            controls[tag.get("name")] = (tag.tag, tag.get("toName"), values)
    object_names = {tag.get("name") for tag in config.iter() if tag.tag == "Text"}
    relation_values = {r.get("value") for r in config.iter("Relation")}
    kinds = {"Labels": "labels", "Choices": "choices", "TextArea": "textarea"}
    got = set()
    results = 0
    for task in tasks:
        text = task["data"]["text"]
        for group in task.get("annotations", []) + task.get("predictions", []):
            regions = {r["id"] for r in group["result"] if r["type"] == "labels"}
            for r in group["result"]:
                results += 1
                if r["type"] == "relation":
                    assert r["from_id"] in regions and r["to_id"] in regions, r
                    assert set(r["labels"]) <= relation_values, r
                    continue
                tag, to_name, values = controls[r["from_name"]]
                assert r["to_name"] == to_name and to_name in object_names, r
                assert kinds[tag] == r["type"], (tag, r)
                value = r["value"]
                assert r["id"] in regions, r  # Per-region results belong to a region.
                if r["type"] == "labels":
                    assert value["text"] == text[value["start"]:value["end"]], r
                    assert set(value["labels"]) <= values, (value["labels"], values)
                    for label in value["labels"]:
                        got.add((task["data"]["document"], value["start"], value["end"], label, value["text"]))
                elif r["type"] == "choices":
                    assert set(value["choices"]) <= values, r
    assert got == spans
    return f"{len(tasks)} tasks, {results} results, controls: {', '.join(sorted(controls))}"


W3C_SCHEMA = {
    "type": "object",
    "required": ["@context", "type", "first"],
    "properties": {
        "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
        "type": {"const": "AnnotationCollection"},
        "first": {
            "type": "object",
            "required": ["type", "items"],
            "properties": {
                "type": {"const": "AnnotationPage"},
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "type", "motivation", "body", "target"],
                        "properties": {"type": {"const": "Annotation"}, "id": {"type": "string", "format": "uri"}},
                    },
                },
            },
        },
    },
}


@check("W3C Web Annotation: schema, TextQuote/TextPosition selectors agree with the text")
def check_w3c(folder):
    import jsonschema
    from urllib.parse import unquote

    docs, spans = reference(folder)
    with open(os.path.join(folder, "annotations.jsonld"), encoding="utf-8") as f:
        collection = json.load(f)
    jsonschema.validate(collection, W3C_SCHEMA)
    items = collection["first"]["items"]
    assert collection["total"] == len(items)
    ids = {item["id"] for item in items}
    got = set()
    links = 0
    for item in items:
        if item["motivation"] == "linking":
            assert item["target"] in ids, item
            assert any(b.get("id") in ids for b in item["body"]), item
            links += 1
            continue
        source = unquote(item["target"]["source"])
        text = docs[source]["text"]
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        exact = text[position["start"]:position["end"]]
        assert exact == quote["exact"], (item["id"], exact, quote["exact"])
        assert text[: position["start"]].endswith(quote["prefix"]), item["id"]
        assert text[position["end"]:].startswith(quote["suffix"]), item["id"]
        label = next(b["value"] for b in item["body"] if b.get("purpose") == "classifying")
        got.add((source, position["start"], position["end"], label, exact))
    assert got == spans
    return f"{len(items) - links} annotations, {links} links"


@check("doccano: UTF-16 offsets give the reference spans (both forms)")
def check_doccano(folder):
    docs, spans = reference(folder)

    def utf16_slice(text, start, end):
        data = text.encode("utf-16-le")
        return data[2 * start : 2 * end].decode("utf-16-le")

    for name, form in (("doccano.jsonl", "label"), ("doccano-relations.jsonl", "entities")):
        got = set()
        for line in read_jsonl(os.path.join(folder, name)):
            assert line["offset_unit"] == "utf16"
            text = line["text"]
            items = line[form]
            for item in items:
                if form == "label":
                    start, end, label = item
                else:
                    start, end, label = item["start_offset"], item["end_offset"], item["label"]
                quote = utf16_slice(text, start, end)
                cp_start = len(utf16_slice(text, 0, start))
                got.add((line["document"], cp_start, cp_start + len(quote), label, quote))
            if form == "entities":
                ids = {e["id"] for e in items}
                for r in line["relations"]:
                    assert r["from_id"] in ids and r["to_id"] in ids, r
        assert got == spans, name
    return "label and entities/relations forms"


@check("brat: .ann offsets index the .txt; annotation.conf declares every type")
def check_brat(folder):
    docs, spans = reference(folder)
    root = os.path.join(folder, "brat")
    conf = open(os.path.join(root, "annotation.conf"), encoding="utf-8").read()
    section, declared = None, collections.defaultdict(set)
    for line in conf.splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif line.strip() and not line.startswith("#"):
            declared[section].add(line.split("\t")[0].split()[0])
    count = 0
    for dirpath, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".ann"):
                continue
            text = open(os.path.join(dirpath, name[:-4] + ".txt"), encoding="utf-8", newline="").read()
            tids = set()
            for line in open(os.path.join(dirpath, name), encoding="utf-8"):
                line = line.rstrip("\n")
                ident, rest = line.split("\t", 1)
                if ident.startswith("T"):
                    kind_offsets, quote = rest.split("\t")
                    kind, offsets = kind_offsets.split(" ", 1)
                    assert kind in declared["entities"], kind
                    pieces = [text[int(a):int(b)] for a, b in (o.split(" ") for o in offsets.split(";"))]
                    assert " ".join(pieces) == quote, line
                    tids.add(ident)
                    count += 1
                elif ident.startswith("A"):
                    assert rest.split(" ")[0] in declared["attributes"], line
                    assert rest.split(" ")[1] in tids, line
                elif ident.startswith("R"):
                    kind, a1, a2 = rest.split(" ")
                    assert kind in declared["relations"], line
                    assert a1.split(":")[1] in tids and a2.split(":")[1] in tids, line
    assert count == len(spans), (count, len(spans))
    return f"{count} text-bound annotations"


@check("CoNLL: 4 columns, valid BIO, one -DOCSTART- per document")
def check_conll(folder):
    docs, spans = reference(folder)
    starts = tokens = 0
    previous = "O"
    with open(os.path.join(folder, "tags.conll"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("-DOCSTART-"):
                starts += line.startswith("-DOCSTART-")
                previous = "O"
                continue
            cols = line.split(" ")
            assert len(cols) == 4 and cols[1] == "-X-" and cols[2] == "_", line
            tag = cols[3]
            assert tag == "O" or tag[:2] in ("B-", "I-"), line
            if tag.startswith("I-"):
                assert previous[2:] == tag[2:], (previous, line)
            previous = tag
            tokens += 1
    assert starts == len(docs), (starts, len(docs))
    return f"{tokens} tokens in {starts} documents"


@check("pairs: both ends are reference spans of different documents")
def check_pairs(folder):
    docs, spans = reference(folder)
    by_id = {(d["id"], s["id"]): s for d in docs.values() for s in d["spans"]}
    pairs = read_jsonl(os.path.join(folder, "pairs.jsonl"))
    for p in pairs:
        assert p["document_a"] != p["document_b"], p
        for end in "ab":
            span = by_id[(p[f"document_{end}"], p[f"span_{end}"])]
            assert span["text"] == p[f"text_{end}"], p
            assert (span["start"], span["end"]) == (p[f"start_{end}"], p[f"end_{end}"]), p
        assert p["relation"] in ("same-claim", "supports", "contradicts"), p
    return f"{len(pairs)} pairs"


def main(folders):
    for folder in folders:
        for fn in (check_jsonl, check_csv, check_parquet, check_parquet_engines, check_spacy, check_label_studio, check_w3c, check_doccano, check_brat, check_conll, check_pairs):
            fn(folder)
    failed = 0
    for label, ok, detail in RESULTS:
        print(f"{'ok  ' if ok else 'FAIL'} {label}: {detail}")
        failed += not ok
    print(f"consumers: {len(RESULTS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
