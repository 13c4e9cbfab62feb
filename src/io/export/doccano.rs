//! `doccano`: doccano's sequence-labelling JSONL, one line per document.
//!
//! ```text
//! {"text":"…","label":[[3,9,"Claim"]],"document":"a.txt","offset_unit":"utf16"}
//! ```
//!
//! With `relations`, the relation-extraction form instead:
//!
//! ```text
//! {"text":"…","entities":[{"id":12,"label":"Claim","start_offset":3,"end_offset":9}],
//!  "relations":[{"id":1,"from_id":12,"to_id":14,"type":"supports"}],
//!  "document":"a.txt","offset_unit":"utf16"}
//! ```
//!
//! doccano's UI counts UTF-16 code units (JavaScript string indices), so
//! that is the default unit here. doccano keeps unknown keys (`document`,
//! `offset_unit`) as metadata. Its files carry no span text, sentiment or
//! note; relations join spans of one document only.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{ExportError, Selection};

pub(super) fn write(
    selection: &mut Selection<'_>,
    out: &Path,
    relations: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    let sel = &*selection;
    let unit = sel.unit.to_string();
    let mut relations_of: Vec<Vec<serde_json::Value>> = vec![Vec::new(); sel.docs.len()];
    let mut across = 0;
    if relations {
        for link in &sel.links {
            let (Some(&(da, _)), Some(&(db, _))) =
                (sel.index.get(&link.from), sel.index.get(&link.to))
            else {
                continue;
            };
            if da != db {
                across += 1;
                continue;
            }
            relations_of[da].push(json!({
                "id": link.id.0,
                "from_id": link.from.0,
                "to_id": link.to.0,
                "type": link.kind.name(),
            }));
        }
    }
    let file = sel.write_file(out, |w| {
        for (i, doc) in sel.docs.iter().enumerate() {
            let mut line = json!({ "text": doc.text });
            if relations {
                line["entities"] = doc
                    .spans
                    .iter()
                    .map(|s| {
                        json!({
                            "id": s.annotation.id.0,
                            "label": s.label,
                            "start_offset": s.start,
                            "end_offset": s.end,
                        })
                    })
                    .collect();
                line["relations"] = std::mem::take(&mut relations_of[i]).into();
            } else {
                line["label"] = doc
                    .spans
                    .iter()
                    .map(|s| json!([s.start, s.end, s.label]))
                    .collect();
            }
            line["document"] = doc.doc.id.as_str().into();
            line["offset_unit"] = unit.as_str().into();
            serde_json::to_writer(&mut *w, &line)?;
            w.write_all(b"\n")?;
            sel.progress(i + 1);
        }
        Ok(())
    })?;
    let written = if relations {
        sel.links.len() - across
    } else {
        0
    };
    if relations && across > 0 {
        selection.warn(
            None,
            None,
            format!("{across} link(s) across documents left out: doccano relations join spans of one document"),
        );
    } else if !relations && !sel.links.is_empty() {
        let n = sel.links.len();
        selection.warn(
            None,
            None,
            format!(
                "{n} link(s) left out: use --relations to write doccano's entities/relations form"
            ),
        );
    }
    selection.links_written = Some(written);
    Ok(vec![file])
}
