//! The Data page's import as one state machine: which files are picked, what the importer
//! made of each, and where the batch stands on its way into the dataset.
//!
//! ```text
//! step       from                                 to
//! pick       Idle, Review, Checked, Failed, Done  Reading (the batch kept; a done one gone)
//! file_read  Reading                              Reading, with one file more
//! read_all   Reading, every picked file read      Review (lookups proposed)
//! cancel     Reading, Parsing                     Review, with a Note saying what stopped
//! edit       Reading, Review, Failed              the same (Review, Failed: Idle once empty)
//!            Checked                              Review (the report is out of date)
//! parse      Review, Checked, Failed              Parsing (when a file is importable)
//! parsed     Parsing                              Saving (no row refused), else Checked
//! confirm    Checked                              Saving
//! saved      Saving                               Done
//! failed     Saving                               Failed(ImportFlowError), the batch kept
//! dismiss    Done, Checked                        Idle, Review
//! clear      Idle, Review, Checked, Failed, Done  Idle
//! ```
//!
//! Each variant carries the data of its step; a transition is a method that consumes the
//! flow and returns the next one, and a step that makes no sense where the flow stands (a
//! confirmation with no report, new files while a batch is being saved) leaves it as it
//! is. A file that cannot be imported stays in the batch with its [`ImportFlowError`],
//! beside the others, until the user removes it.
//!
//! Pure: the browser work (reading files, running the parser in slices, saving) is done by
//! the page, which reports each outcome here. Errors stay typed; only the view words them
//! ([`crate::i18n::Texts::import_flow_error`]).

use std::sync::Arc;

use crate::core::import::{
    propose_each, Analysis, DateOrder, Field, ImportError, LookupTarget, Mapping, MergeSummary,
    ParseOptions, Parsed, Present,
};
use crate::core::model::{Dataset, Kind};
use crate::storage::StorageError;

/// Why a file, or the import of a batch, did not go through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportFlowError {
    /// The browser could not read the file. Holds the browser's name for the failure (a
    /// `DOMException` name such as `NotReadableError`), an identifier rather than prose.
    Unreadable(String),
    /// The importer refused the whole file (empty, binary, too large, a quote never
    /// closed, ...).
    Refused(ImportError),
    /// The merged data could not be saved; nothing changed.
    Storage(StorageError),
}

impl From<ImportError> for ImportFlowError {
    fn from(e: ImportError) -> Self {
        ImportFlowError::Refused(e)
    }
}

impl From<StorageError> for ImportFlowError {
    fn from(e: StorageError) -> Self {
        ImportFlowError::Storage(e)
    }
}

/// A picked file and what the importer made of it.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingFile {
    /// Unique within the page, given by the caller (the view keys the file's card by it).
    pub key: usize,
    /// The file's name as picked.
    pub name: String,
    /// Its text, decoded (see `core::import::decode`), which the import parses; empty when
    /// the file was refused. Shared as it is: an `Arc<str>` would copy the whole file.
    pub text: Arc<String>,
    /// The analysis, or why the file cannot be imported.
    pub analysis: Result<Analysis, ImportFlowError>,
    /// The user's choices for the parse (day/month orders).
    pub options: ParseOptions,
    /// Bumped on every edit, so the file's card renders again.
    pub revision: u32,
    /// The mapping came from an earlier import of the same header set.
    pub remembered: bool,
    /// The lookup this file looks like (proposed once, when the batch it came in was read;
    /// the kind picker keeps offering it).
    pub lookup_offer: Option<LookupTarget>,
    /// Lookups were proposed for it already (files of earlier batches keep their kind).
    proposed: bool,
}

impl PendingFile {
    /// A file read and analysed (or refused), with the mapping remembered for its headers
    /// from an earlier import, if any.
    pub fn new(
        key: usize,
        name: String,
        text: Arc<String>,
        analysis: Result<Analysis, ImportFlowError>,
        remembered: Option<&Mapping>,
    ) -> PendingFile {
        let mut analysis = analysis;
        let mut was_remembered = false;
        if let (Ok(a), Some(m)) = (analysis.as_mut(), remembered) {
            was_remembered = *m != a.mapping;
            a.set_mapping(m.clone());
        }
        PendingFile {
            key,
            name,
            text,
            analysis,
            options: ParseOptions::default(),
            revision: 0,
            remembered: was_remembered,
            lookup_offer: None,
            proposed: false,
        }
    }

    /// A file that cannot be imported at all (unreadable, or refused before it was read).
    pub fn refused(key: usize, name: String, error: ImportFlowError) -> PendingFile {
        PendingFile::new(key, name, Arc::default(), Err(error), None)
    }

    /// True when the file can be parsed.
    pub fn importable(&self) -> bool {
        self.analysis.is_ok()
    }

    /// Applies one edit of its card.
    fn apply(&mut self, edit: FileEdit) {
        match (edit, self.analysis.as_mut()) {
            (FileEdit::Assign(field, column), Ok(a)) => a.assign(field, column),
            (FileEdit::Kind(kind), Ok(a)) => a.set_kind(kind),
            (FileEdit::AsLookup, Ok(a)) => a.set_lookup(self.lookup_offer.clone()),
            (FileEdit::DateOrder(column, order), _) => {
                self.options.date_orders.retain(|(c, _)| *c != column);
                self.options.date_orders.push((column, order));
            }
            _ => {}
        }
        self.revision += 1;
    }
}

/// A change the user makes on a file's card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileEdit {
    /// Reads a field from a column (or from none).
    Assign(Field, Option<usize>),
    /// Reads the file as records of this kind.
    Kind(Kind),
    /// Reads the file as the lookup proposed for it.
    AsLookup,
    /// The day/month order of a date column.
    DateOrder(usize, DateOrder),
    /// Leaves the file out of the batch.
    Remove,
}

/// Why the batch is back in review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The user stopped reading this file (it and the files after it are left out).
    ReadingCancelled(String),
    /// The user stopped the import; nothing was imported.
    ImportCancelled,
}

/// Where the import stands, with the data of that step.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ImportFlow {
    /// No file picked (or the batch was cleared).
    #[default]
    Idle,
    /// Files being read and analysed, one after the other.
    Reading {
        /// The batch so far: earlier files and those of this pick already read.
        files: Vec<PendingFile>,
        /// The names of the picked files not read yet, the one being read first.
        waiting: Vec<String>,
        /// How many files this pick had.
        picked: usize,
    },
    /// The user checks what the importer decided for each file.
    Review {
        /// The batch: every file picked, read or refused.
        files: Vec<PendingFile>,
        /// Why the batch came back here, when the user stopped something.
        note: Option<Note>,
    },
    /// The importable files being parsed.
    Parsing {
        /// The batch; a cancel goes back to reviewing it.
        files: Vec<PendingFile>,
    },
    /// Parsed, and some rows were refused: the report waits for the user's go-ahead.
    Checked {
        /// The batch, reviewed again if the user goes back.
        files: Vec<PendingFile>,
        /// Every importable file, parsed.
        parsed: Arc<Vec<Parsed>>,
    },
    /// Merging into the dataset and saving.
    Saving {
        /// The batch (kept until the save went through).
        files: Vec<PendingFile>,
        /// The names of the files parsed.
        names: Vec<String>,
        /// The parsed files to merge, until the page takes them ([`ImportFlow::take_records`]).
        records: Arc<Vec<Parsed>>,
    },
    /// Saved: the dataset shown is the one stored.
    Done {
        /// What the merge did, per kind.
        summary: MergeSummary,
        /// The names of the files imported.
        names: Vec<String>,
    },
    /// The import failed; the batch is kept so the user can try again.
    Failed {
        /// The batch, as it was before the failed step.
        files: Vec<PendingFile>,
        /// Why the save failed, typed until `i18n` words it.
        error: ImportFlowError,
    },
}

impl ImportFlow {
    /// Applies `step` to the flow in place (`flow.advance(ImportFlow::cancel)`).
    pub fn advance(&mut self, step: impl FnOnce(ImportFlow) -> ImportFlow) {
        *self = step(std::mem::take(self));
    }

    /// The files of the batch (none while idle or done).
    pub fn files(&self) -> &[PendingFile] {
        match self {
            ImportFlow::Idle | ImportFlow::Done { .. } => &[],
            ImportFlow::Reading { files, .. }
            | ImportFlow::Review { files, .. }
            | ImportFlow::Parsing { files }
            | ImportFlow::Checked { files, .. }
            | ImportFlow::Saving { files, .. }
            | ImportFlow::Failed { files, .. } => files,
        }
    }

    /// True while files are read, parsed or saved: the batch cannot change then.
    pub fn busy(&self) -> bool {
        matches!(
            self,
            ImportFlow::Reading { .. } | ImportFlow::Parsing { .. } | ImportFlow::Saving { .. }
        )
    }

    /// True when [`ImportFlow::parse`] would start: the flow is not busy and some file of
    /// the batch can be imported.
    pub fn can_parse(&self) -> bool {
        !self.busy() && self.files().iter().any(PendingFile::importable)
    }

    /// The column mappings of the batch's importable files, by their headers (to be
    /// remembered for the next import of the same export once this one is saved).
    pub fn mappings(&self) -> Vec<(Vec<String>, Mapping)> {
        (self.files().iter())
            .filter_map(|f| f.analysis.as_ref().ok())
            .map(|a| (a.headers.clone(), a.mapping.clone()))
            .collect()
    }

    /// The batch, taken out of a state where the user may change it.
    fn into_batch(self) -> Result<Vec<PendingFile>, ImportFlow> {
        match self {
            ImportFlow::Idle | ImportFlow::Done { .. } => Ok(Vec::new()),
            ImportFlow::Review { files, .. }
            | ImportFlow::Checked { files, .. }
            | ImportFlow::Failed { files, .. } => Ok(files),
            busy => Err(busy),
        }
    }

    /// The user picked files (named `names`, to be read in this order). Refused while a
    /// batch is being read, parsed or saved; a finished import's outcome is left behind.
    pub fn pick(self, names: Vec<String>) -> ImportFlow {
        if names.is_empty() {
            return self;
        }
        match self.into_batch() {
            Ok(files) => ImportFlow::Reading {
                files,
                picked: names.len(),
                waiting: names,
            },
            Err(busy) => busy,
        }
    }

    /// The file being read is read (or refused): it joins the batch.
    pub fn file_read(self, file: PendingFile) -> ImportFlow {
        match self {
            ImportFlow::Reading {
                mut files,
                mut waiting,
                picked,
            } if !waiting.is_empty() => {
                waiting.remove(0);
                files.push(file);
                ImportFlow::Reading {
                    files,
                    waiting,
                    picked,
                }
            }
            other => other,
        }
    }

    /// Every picked file is read: the files of this pick that look like lookup files
    /// (against the `stored` records and the batch's other files) are proposed as such,
    /// and the batch is up for review.
    pub fn read_all(self, stored: &Dataset) -> ImportFlow {
        match self {
            ImportFlow::Reading {
                mut files, waiting, ..
            } if waiting.is_empty() => {
                offer_lookups(&mut files, stored);
                ImportFlow::review(files, None)
            }
            other => other,
        }
    }

    /// The user stopped the running step: reading keeps the files read so far, and parsing
    /// imports nothing. The batch goes back to review, saying what was stopped.
    pub fn cancel(self) -> ImportFlow {
        match self {
            ImportFlow::Reading {
                files, mut waiting, ..
            } if !waiting.is_empty() => {
                let name = waiting.swap_remove(0);
                ImportFlow::review(files, Some(Note::ReadingCancelled(name)))
            }
            ImportFlow::Parsing { files } => ImportFlow::review(files, Some(Note::ImportCancelled)),
            other => other,
        }
    }

    /// The user changed the file `key` on its card. A report shown is then out of date and
    /// goes; while the batch is parsed or saved nothing changes.
    pub fn edit(self, key: usize, edit: FileEdit) -> ImportFlow {
        let change = |files: &mut Vec<PendingFile>| match edit {
            FileEdit::Remove => files.retain(|f| f.key != key),
            _ => files
                .iter_mut()
                .filter(|f| f.key == key)
                .for_each(|f| f.apply(edit)),
        };
        match self {
            ImportFlow::Reading {
                mut files,
                waiting,
                picked,
            } => {
                change(&mut files);
                ImportFlow::Reading {
                    files,
                    waiting,
                    picked,
                }
            }
            ImportFlow::Review { mut files, note } => {
                change(&mut files);
                // A note about a batch the user emptied goes with it.
                let note = note.filter(|_| !files.is_empty());
                ImportFlow::review(files, note)
            }
            ImportFlow::Checked { mut files, .. } => {
                change(&mut files);
                ImportFlow::review(files, None)
            }
            ImportFlow::Failed { mut files, error } => {
                change(&mut files);
                if files.is_empty() {
                    ImportFlow::Idle
                } else {
                    ImportFlow::Failed { files, error }
                }
            }
            other => other,
        }
    }

    /// The user asked to import the batch: its importable files are to be parsed. Refused
    /// when none is, or while the flow is busy.
    pub fn parse(self) -> ImportFlow {
        if !self.can_parse() {
            return self;
        }
        match self.into_batch() {
            Ok(files) => ImportFlow::Parsing { files },
            Err(busy) => busy,
        }
    }

    /// Every importable file is parsed: saved at once when no row was refused, else the
    /// report asks first.
    pub fn parsed(self, parsed: Vec<Parsed>) -> ImportFlow {
        match self {
            ImportFlow::Parsing { files } => {
                let parsed = Arc::new(parsed);
                if parsed.iter().all(|p| p.rows_rejected == 0) {
                    ImportFlow::saving(files, parsed)
                } else {
                    ImportFlow::Checked { files, parsed }
                }
            }
            other => other,
        }
    }

    /// The user read the report and imports what can be imported.
    pub fn confirm(self) -> ImportFlow {
        match self {
            ImportFlow::Checked { files, parsed } => ImportFlow::saving(files, parsed),
            other => other,
        }
    }

    /// The parsed files to merge, taken out of the saving step (so they are not kept twice
    /// while the merge builds the new dataset); empty in any other step.
    pub fn take_records(&mut self) -> Vec<Parsed> {
        match self {
            ImportFlow::Saving { records, .. } => Arc::unwrap_or_clone(std::mem::take(records)),
            _ => Vec::new(),
        }
    }

    /// The merged dataset is saved: the batch is done.
    pub fn saved(self, summary: MergeSummary) -> ImportFlow {
        match self {
            ImportFlow::Saving { names, .. } => ImportFlow::Done { summary, names },
            other => other,
        }
    }

    /// The save failed: nothing was imported, and the batch stays for another try.
    pub fn failed(self, error: impl Into<ImportFlowError>) -> ImportFlow {
        match self {
            ImportFlow::Saving { files, .. } => ImportFlow::Failed {
                files,
                error: error.into(),
            },
            other => other,
        }
    }

    /// The outcome shown is out of date (the user undid the last change): a report or a
    /// summary goes, the batch stays.
    pub fn dismiss(self) -> ImportFlow {
        match self {
            ImportFlow::Done { .. } => ImportFlow::Idle,
            ImportFlow::Checked { files, .. } => ImportFlow::review(files, None),
            other => other,
        }
    }

    /// The user dropped the batch. Refused while it is read, parsed or saved.
    pub fn clear(self) -> ImportFlow {
        match self.into_batch() {
            Ok(_) => ImportFlow::Idle,
            Err(busy) => busy,
        }
    }

    /// Review of `files`, or idle when there is none left.
    fn review(files: Vec<PendingFile>, note: Option<Note>) -> ImportFlow {
        match (files.is_empty(), note) {
            (true, None) => ImportFlow::Idle,
            (_, note) => ImportFlow::Review { files, note },
        }
    }

    /// Saving the batch's `parsed` files.
    fn saving(files: Vec<PendingFile>, parsed: Arc<Vec<Parsed>>) -> ImportFlow {
        let names = parsed.iter().map(|p| p.file_name.clone()).collect();
        ImportFlow::Saving {
            files,
            names,
            records: parsed,
        }
    }
}

/// Proposes each file not proposed for yet as a lookup when it looks like one, against
/// the `stored` records and the batch's other files; a file proposed is read as one until
/// the user picks a kind.
fn offer_lookups(files: &mut [PendingFile], stored: &Dataset) {
    let analyses: Vec<Option<&Analysis>> = files.iter().map(|f| f.analysis.as_ref().ok()).collect();
    let proposals = propose_each(&analyses, &Present::of_dataset(stored));
    for (file, proposal) in files.iter_mut().zip(proposals) {
        if std::mem::replace(&mut file.proposed, true) {
            continue;
        }
        if let Ok(a) = file.analysis.as_mut() {
            file.lookup_offer = proposal;
            a.set_lookup(file.lookup_offer.clone());
            file.revision += 1;
        }
    }
}
