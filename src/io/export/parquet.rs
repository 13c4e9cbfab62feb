//! `parquet`: Apache Parquet, one row per span, and the documents in a second file.
//!
//! `OUT` holds the spans, `STEM.documents.parquet` beside it the documents
//! (join on `spans.document = documents.id`). Strings are UTF-8 `STRING`
//! columns, integers `INT64`, the score `DOUBLE`; snappy compression; one
//! row group per 65,536 rows. pyarrow, pandas, DuckDB, Polars and Spark
//! read both files as they are. The offset unit is in the `offset_unit`
//! column and in the file's key-value metadata (`diptych.offset_unit`).
//!
//! ```text
//! spans:     document, id, start, end, offset_unit, label, text, sentiment?,
//!            target?, note, annotator, status, source?, score?
//! documents: id, path, title, text, hash, status, sentiment?, note, spans
//! ```
//!
//! Written through parquet's low-level column writer: no arrow crates.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ::parquet::basic::Compression;
use ::parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use ::parquet::errors::ParquetError;
use ::parquet::file::metadata::KeyValue;
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::SerializedFileWriter;
use ::parquet::schema::parser::parse_message_type;

use super::{ExportError, Selection, companion, sentiment_name, status_name};

const SPANS_SCHEMA: &str = "message span {
    required binary document (STRING);
    required int64 id;
    required int64 start;
    required int64 end;
    required binary offset_unit (STRING);
    required binary label (STRING);
    required binary text (STRING);
    optional binary sentiment (STRING);
    optional binary target (STRING);
    required binary note (STRING);
    required binary annotator (STRING);
    required binary status (STRING);
    optional binary source (STRING);
    optional double score;
}";

const DOCUMENTS_SCHEMA: &str = "message document {
    required binary id (STRING);
    required binary path (STRING);
    required binary title (STRING);
    required binary text (STRING);
    required binary hash (STRING);
    required binary status (STRING);
    optional binary sentiment (STRING);
    required binary note (STRING);
    required int64 spans;
}";

const ROW_GROUP: usize = 65_536;

/// One column's values, in schema order.
enum Column {
    Str(Vec<ByteArray>),
    OptStr(Vec<Option<ByteArray>>),
    Int(Vec<i64>),
    OptDouble(Vec<Option<f64>>),
}

fn s(text: &str) -> ByteArray {
    ByteArray::from(text.as_bytes().to_vec())
}

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    let unit = sel.unit.to_string();
    let spans: Vec<_> = sel
        .docs
        .iter()
        .flat_map(|d| d.spans.iter().map(move |s| (d, s)))
        .collect();
    let span_columns = |rows: &[(&super::DocExport<'_>, &super::SpanExport<'_>)]| {
        let col_str = |f: &dyn Fn(&super::DocExport<'_>, &super::SpanExport<'_>) -> ByteArray| {
            Column::Str(rows.iter().map(|(d, sp)| f(d, sp)).collect())
        };
        let col_opt = |f: &dyn Fn(&super::SpanExport<'_>) -> Option<ByteArray>| {
            Column::OptStr(rows.iter().map(|(_, sp)| f(sp)).collect())
        };
        let col_int = |f: &dyn Fn(&super::SpanExport<'_>) -> i64| {
            Column::Int(rows.iter().map(|(_, sp)| f(sp)).collect())
        };
        vec![
            col_str(&|d, _| s(d.doc.id.as_str())),
            col_int(&|sp| sp.annotation.id.0 as i64),
            col_int(&|sp| sp.start as i64),
            col_int(&|sp| sp.end as i64),
            col_str(&|_, _| s(&unit)),
            col_str(&|_, sp| s(sp.label)),
            col_str(&|_, sp| s(sp.text)),
            col_opt(&|sp| sentiment_name(sp.annotation.sentiment).map(s)),
            col_opt(&|sp| sp.annotation.target.as_deref().map(s)),
            col_str(&|_, sp| s(&sp.annotation.note)),
            col_str(&|_, sp| s(&sp.annotation.annotator)),
            col_str(&|_, sp| {
                s(if sp.annotation.status.is_suggested() {
                    "suggested"
                } else {
                    "accepted"
                })
            }),
            // An accepted suggestion keeps its suggester's source and score.
            col_opt(&|sp| sp.annotation.suggester().map(|(source, _)| s(source))),
            Column::OptDouble(
                rows.iter()
                    .map(|(_, sp)| sp.annotation.suggester().map(|(_, score)| widen(score)))
                    .collect(),
            ),
        ]
    };
    let groups: Vec<Vec<Column>> = spans.chunks(ROW_GROUP).map(span_columns).collect();
    let bytes = encode(SPANS_SCHEMA, &unit, groups).map_err(parquet_error(out))?;
    let spans_file = sel.write_file(out, |w| w.write_all(&bytes))?;
    drop(bytes);
    sel.progress(sel.docs.len() / 2);

    let docs = &sel.docs;
    let doc_columns = vec![
        Column::Str(docs.iter().map(|d| s(d.doc.id.as_str())).collect()),
        Column::Str(docs.iter().map(|d| s(d.doc.id.file_path())).collect()),
        Column::Str(docs.iter().map(|d| s(&d.doc.title)).collect()),
        Column::Str(docs.iter().map(|d| s(d.text)).collect()),
        Column::Str(docs.iter().map(|d| s(&d.doc.hash.0)).collect()),
        Column::Str(
            docs.iter()
                .map(|d| s(status_name(d.record.fields.status)))
                .collect(),
        ),
        Column::OptStr(
            docs.iter()
                .map(|d| sentiment_name(d.record.fields.sentiment).map(s))
                .collect(),
        ),
        Column::Str(docs.iter().map(|d| s(&d.record.fields.note)).collect()),
        Column::Int(docs.iter().map(|d| d.spans.len() as i64).collect()),
    ];
    let docs_path = companion(out, "documents.parquet");
    let bytes =
        encode(DOCUMENTS_SCHEMA, &unit, vec![doc_columns]).map_err(parquet_error(&docs_path))?;
    let docs_file = sel.write_file(&docs_path, |w| w.write_all(&bytes))?;
    selection.links_written = Some(0);
    if !selection.links.is_empty() {
        let n = selection.links.len();
        selection.warn(None, None, format!("{n} link(s) left out: the parquet export has spans and documents only (use jsonl or pairs)"));
    }
    Ok(vec![spans_file, docs_file])
}

/// The f64 that prints like the f32 (0.9, not 0.8999999761581421).
fn widen(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

fn parquet_error(path: &Path) -> impl Fn(ParquetError) -> ExportError + '_ {
    move |err| {
        ExportError::Write(crate::io::atomic::WriteError {
            path: path.to_owned(),
            source: std::io::Error::other(err.to_string()),
        })
    }
}

/// A whole Parquet file in memory: the writer needs a `Send` sink, and the
/// atomic write then copies it out in one go.
fn encode(schema: &str, unit: &str, groups: Vec<Vec<Column>>) -> Result<Vec<u8>, ParquetError> {
    let schema = Arc::new(parse_message_type(schema)?);
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("diptych {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata(Some(vec![KeyValue::new(
            "diptych.offset_unit".to_owned(),
            unit.to_owned(),
        )]))
        .build();
    let mut buffer = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut buffer, schema, Arc::new(props))?;
    for columns in groups {
        let mut row_group = writer.next_row_group()?;
        let mut columns = columns.into_iter();
        while let Some(mut col) = row_group.next_column()? {
            let Some(values) = columns.next() else {
                return Err(ParquetError::General("more columns than values".into()));
            };
            match values {
                Column::Str(v) => {
                    col.typed::<ByteArrayType>().write_batch(&v, None, None)?;
                }
                Column::Int(v) => {
                    col.typed::<Int64Type>().write_batch(&v, None, None)?;
                }
                Column::OptStr(v) => {
                    let levels: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                    let present: Vec<ByteArray> = v.into_iter().flatten().collect();
                    col.typed::<ByteArrayType>()
                        .write_batch(&present, Some(&levels), None)?;
                }
                Column::OptDouble(v) => {
                    let levels: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                    let present: Vec<f64> = v.into_iter().flatten().collect();
                    col.typed::<DoubleType>()
                        .write_batch(&present, Some(&levels), None)?;
                }
            }
            col.close()?;
        }
        row_group.close()?;
    }
    writer.close()?;
    Ok(buffer)
}
