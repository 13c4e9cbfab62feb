//! Import settings: the formats read, the unit of their offsets, and
//! whether spans come in as annotations or as suggestions.

use std::fmt;

use serde::Serialize;

use crate::model::OffsetUnit;

/// The formats Diptych reads annotations from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportFormat {
    /// Diptych's own `jsonl` export.
    Jsonl,
    /// A Label Studio JSON export, or a task list in its import shape (with predictions).
    LabelStudio,
    /// doccano JSONL, `label` or `entities`/`relations` form.
    Doccano,
    /// W3C Web Annotation JSON-LD (a collection, a page, a list or one annotation).
    W3c,
}

impl ImportFormat {
    /// Every format.
    pub const ALL: [Self; 4] = [Self::Jsonl, Self::LabelStudio, Self::Doccano, Self::W3c];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jsonl => "jsonl",
            Self::LabelStudio => "label-studio",
            Self::Doccano => "doccano",
            Self::W3c => "w3c",
        }
    }

    /// The unit a file of this format counts in when neither it nor the user says.
    pub fn default_unit(self) -> ImportUnit {
        match self {
            Self::Doccano => ImportUnit::Utf16,
            _ => ImportUnit::Codepoint,
        }
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ImportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|f| f.name()).collect();
                format!("unknown import format {s:?} (one of: {})", names.join(", "))
            })
    }
}

/// The unit of offsets in an imported file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportUnit {
    Codepoint,
    Utf16,
    Byte,
    /// Extended grapheme clusters (doccano's grapheme mode).
    Grapheme,
}

impl ImportUnit {
    /// The name on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Codepoint => "codepoint",
            Self::Utf16 => "utf16",
            Self::Byte => "byte",
            Self::Grapheme => "grapheme",
        }
    }

    /// Parses a unit name as written by exports (`codepoint`, `utf16`, `byte`, `grapheme`).
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Codepoint, Self::Utf16, Self::Byte, Self::Grapheme]
            .into_iter()
            .find(|u| u.name() == name)
    }
}

impl From<OffsetUnit> for ImportUnit {
    fn from(unit: OffsetUnit) -> Self {
        match unit {
            OffsetUnit::Byte => Self::Byte,
            OffsetUnit::Codepoint => Self::Codepoint,
            OffsetUnit::Utf16 => Self::Utf16,
        }
    }
}

impl std::str::FromStr for ImportUnit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| {
            format!("unknown offset unit {s:?} (one of: codepoint, utf16, byte, grapheme)")
        })
    }
}

impl fmt::Display for ImportUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How imported spans enter the project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportAs {
    /// As the file has them: annotations stay annotations, predictions and
    /// suggestions stay suggestions.
    #[default]
    Annotations,
    /// Everything as suggestions (`Suggested { source: "import:FORMAT", score }`).
    Suggestions,
}

impl std::str::FromStr for ImportAs {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "annotations" => Ok(Self::Annotations),
            "suggestions" => Ok(Self::Suggestions),
            _ => Err(format!("expected annotations or suggestions, found {s:?}")),
        }
    }
}

/// Settings of an import.
#[derive(Clone, Debug, Default)]
pub struct ImportSettings {
    pub mode: ImportAs,
    /// The offset unit; `None` for what the file says, else the format's default.
    pub offsets: Option<ImportUnit>,
    /// Who made the spans that do not say (`--annotator`); `None`: the
    /// format's name (`jsonl`, `label-studio`, …).
    pub annotator: Option<String>,
}
