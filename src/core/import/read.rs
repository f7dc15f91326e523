//! [`read`]: [`analyze`](super::analyze) and [`parse`](super::parse) of a file in one
//! reading of its rows, for callers that take the automatic analysis as it is (the
//! benchmark entry point, the command line). The web app's import keeps the two steps: its
//! review screen shows the whole-file analysis before anything is parsed.

use super::analyze::PROFILE_ROWS;
use super::parse::{ParseOptions, Parsed, Parser};
use super::{check_size, decode, Analysis, Analyzer, Decoded, ImportError};
use crate::model::Kind;

/// The same analysis and parsed file as [`analyze`](super::analyze) followed by
/// [`parse`](super::parse) with `options`, but the rows are read once instead of twice:
/// past the profiled rows, the parser reads them by the provisional analysis of those rows
/// while the analyzer takes in their whole-file evidence (dates, decimal separators, rows
/// too long). When that evidence changes how a column is read (a day-first date on line
/// 50,000, say), the file is parsed again by the final analysis, so the result never
/// depends on the shortcut.
pub fn read(
    file_name: &str,
    bytes: &[u8],
    hint: Option<Kind>,
    options: &ParseOptions,
) -> Result<(Analysis, Parsed), ImportError> {
    check_size(bytes.len() as u64)?;
    read_decoded(file_name, &decode::decode(bytes)?, hint, options)
}

/// [`read`] of a decoded file (see [`decode`](super::decode)).
pub fn read_decoded(
    file_name: &str,
    decoded: &Decoded<'_>,
    hint: Option<Kind>,
    options: &ParseOptions,
) -> Result<(Analysis, Parsed), ImportError> {
    let text = &decoded.text;
    let mut analyzer = Analyzer::new(file_name, decoded, hint)?;
    if !analyzer.step(PROFILE_ROWS) {
        let analysis = analyzer.finish()?;
        let parsed = parse_text(&analysis, text, options, &mut |_| true);
        return Ok((analysis, parsed));
    }
    let mut provisional = analyzer.decide()?;
    provisional.row_count = analyzer.estimated_rows();
    let mut seen = 0u64;
    let parsed = parse_text(&provisional, text, options, &mut |record| {
        seen += 1;
        seen <= PROFILE_ROWS || analyzer.observe(record)
    });
    let analysis = analyzer.finish()?;
    if analysis.reading() == provisional.reading() {
        return Ok((analysis, parsed));
    }
    drop(parsed);
    let parsed = parse_text(&analysis, text, options, &mut |_| true);
    Ok((analysis, parsed))
}

/// Every row of `text` parsed by `analysis`, each record shown to `observe` first.
fn parse_text(
    analysis: &Analysis,
    text: &str,
    options: &ParseOptions,
    observe: &mut dyn FnMut(&csv::ByteRecord) -> bool,
) -> Parsed {
    let mut parser = Parser::new(analysis, text, options);
    while parser.step_with(8192, observe) {}
    parser.finish(false)
}
