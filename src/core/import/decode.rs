//! Stage 1: bytes → text. A byte-order mark decides; else UTF-8 if the bytes are valid
//! UTF-8; else UTF-16 by its pattern of zero bytes; else `chardetng` guesses (GBK/GB18030,
//! Windows-1252, ...) and `encoding_rs` decodes. Nothing is garbled silently: bytes that are
//! invalid in the chosen encoding are counted and reported.
//!
//! [`decode`] does it all. The web page does it in two places, so that its module holds
//! no legacy encoding's tables (a few hundred kilobytes): [`decode_utf8`] takes a UTF-8
//! file as it is, and gives any other file's bytes back for the helper worker's
//! [`transcode`]; the page then [`check_text`]s the worker's text. `decode` is those same
//! steps, so the two ways give the same result.

use super::issue::ImportError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// The encoding a file was read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextEncoding {
    /// The `encoding_rs` encoding.
    pub encoding: &'static Encoding,
    /// True when the file starts with a byte-order mark.
    pub bom: bool,
}

impl TextEncoding {
    /// UTF-8 without a BOM.
    pub const UTF8: TextEncoding = TextEncoding {
        encoding: UTF_8,
        bom: false,
    };

    /// UTF-8 with a BOM.
    pub const UTF8_BOM: TextEncoding = TextEncoding {
        encoding: UTF_8,
        bom: true,
    };

    /// The encoding named `name` (as [`TextEncoding::name`] gives it), `None` if
    /// `encoding_rs` knows no such name.
    pub fn named(name: &str, bom: bool) -> Option<TextEncoding> {
        let encoding = Encoding::for_label_no_replacement(name.as_bytes())?;
        (encoding.name() == name).then_some(TextEncoding { encoding, bom })
    }

    /// The WHATWG name: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GBK`, `gb18030`, `windows-1252`, ...
    pub fn name(self) -> &'static str {
        self.encoding.name()
    }

    /// The name, with " (BOM)" when the file had one.
    pub fn label(self) -> String {
        if self.bom {
            format!("{} (BOM)", self.name())
        } else {
            self.name().to_string()
        }
    }
}

/// Text decoded from a file's bytes.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text, without the BOM. Borrowed when the file was UTF-8.
    pub text: Cow<'a, str>,
    /// How it was read.
    pub encoding: TextEncoding,
    /// True when some bytes were invalid and replaced by U+FFFD.
    pub replaced: bool,
}

/// Magic numbers of binary formats people drop by mistake.
const MAGIC: [(&[u8], &str); 6] = [
    (
        b"PK\x03\x04",
        "an Excel workbook (.xlsx) or another zip archive; save it as CSV",
    ),
    (
        b"\xD0\xCF\x11\xE0",
        "an old Excel workbook (.xls); save it as CSV",
    ),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"\x1F\x8B", "a gzip archive"),
];

/// Detects the encoding of `bytes` and decodes them.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, ImportError> {
    decode_guessing(bytes, guess_legacy)
}

/// [`decode`], with `legacy` standing in for [`guess_legacy`] (called with the first MiB of
/// bytes that are neither UTF-8 nor UTF-16, nor start with a byte-order mark, and whether
/// that is all of them). For the fuzz targets: the guess is a third-party crate's, costly
/// under coverage instrumentation, and what follows it is the same whichever legacy
/// encoding is chosen.
#[doc(hidden)]
pub fn decode_guessing(
    bytes: &[u8],
    legacy: impl FnOnce(&[u8], bool) -> &'static Encoding,
) -> Result<Decoded<'_>, ImportError> {
    let decoded = match sniff(bytes)? {
        // Valid UTF-8 is checked once (a million rows are tens of megabytes).
        None => match std::str::from_utf8(bytes) {
            Ok(text) => Decoded {
                text: Cow::Borrowed(text),
                encoding: TextEncoding::UTF8,
                replaced: false,
            },
            Err(_) => decode_as(bytes, guess(bytes, legacy)),
        },
        Some(encoding) => decode_as(bytes, encoding),
    };
    check_text(&decoded.text)?;
    Ok(decoded)
}

/// What [`decode_utf8`] made of a file's bytes.
#[derive(Debug)]
pub enum Utf8<'a> {
    /// The file is UTF-8 (with or without a BOM): what [`decode`] gives, the text being
    /// the file's own bytes.
    Text(Decoded<'a>),
    /// The file is in another encoding (a BOM's, UTF-16 by its zeros, a guess), or UTF-8
    /// with invalid bytes: its bytes, given back, for [`transcode`] and then [`check_text`].
    Other(Vec<u8>),
}

/// [`decode`] without the decoders of other encodings than UTF-8 (and the guess of which
/// one a file is in): the bytes of a UTF-8 file become its text without a copy, after one
/// check that they are UTF-8; any other file's bytes are given back. The web page's module
/// calls only this, so the tables of the legacy encodings are left out of it: its helper
/// worker decodes the other files ([`transcode`]).
pub fn decode_utf8(bytes: Vec<u8>) -> Result<Utf8<'static>, ImportError> {
    let bom = match sniff(&bytes)? {
        Some(encoding) if encoding == TextEncoding::UTF8_BOM => true,
        Some(_) => return Ok(Utf8::Other(bytes)),
        None => false,
    };
    // A BOM is valid UTF-8 itself (U+FEFF): the bytes after it are UTF-8 when all are.
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Ok(Utf8::Other(e.into_bytes())),
    };
    let encoding = if bom {
        text.drain(..UTF_8_BOM.len());
        TextEncoding::UTF8_BOM
    } else {
        TextEncoding::UTF8
    };
    check_text(&text)?;
    Ok(Utf8::Text(Decoded {
        text: Cow::Owned(text),
        encoding,
        replaced: false,
    }))
}

/// Decodes a file that [`decode_utf8`] gave back (its encoding found as [`decode`] finds
/// it). The text is not checked yet: [`check_text`] it, as `decode` does.
pub fn transcode(bytes: &[u8]) -> Decoded<'_> {
    let encoding = match sniff(bytes) {
        Ok(Some(encoding)) => encoding,
        _ => guess(bytes, guess_legacy),
    };
    decode_as(bytes, encoding)
}

/// Refuses a decoded text that is empty (whitespace only) or looks binary, as [`decode`]
/// does.
pub fn check_text(text: &str) -> Result<(), ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if looks_binary(text) {
        return Err(ImportError::Binary {
            what: "binary data",
        });
    }
    Ok(())
}

/// Decodes `bytes` with a known encoding (as found by [`decode`]); never fails.
pub fn decode_as(bytes: &[u8], encoding: TextEncoding) -> Decoded<'_> {
    let body = if encoding.bom {
        &bytes[bom_len(encoding.encoding).min(bytes.len())..]
    } else {
        bytes
    };
    if encoding.encoding == UTF_8 {
        if let Ok(text) = std::str::from_utf8(body) {
            return Decoded {
                text: Cow::Borrowed(text),
                encoding,
                replaced: false,
            };
        }
    }
    let (text, replaced) = encoding.encoding.decode_without_bom_handling(body);
    Decoded {
        text,
        encoding,
        replaced,
    }
}

fn bom_len(encoding: &'static Encoding) -> usize {
    if encoding == UTF_8 {
        UTF_8_BOM.len()
    } else {
        2
    }
}

/// UTF-8's byte-order mark.
const UTF_8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the bytes say before any decoding: refused (whitespace only, a binary format's magic
/// number, NUL bytes), the encoding a BOM names or UTF-16's pattern of zeros gives, or
/// `None`: UTF-8 if they are valid UTF-8, else a [`guess`].
fn sniff(bytes: &[u8]) -> Result<Option<TextEncoding>, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return Ok(Some(TextEncoding {
            encoding,
            bom: true,
        }));
    }
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Err(ImportError::Binary { what });
        }
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Ok(Some(TextEncoding {
            encoding,
            bom: false,
        }));
    }
    if bytes.contains(&0) {
        return Err(ImportError::Binary {
            what: "binary data",
        });
    }
    Ok(None)
}

/// The encoding of bytes that are not valid UTF-8 and have no BOM: UTF-8 still when only a
/// few bytes are invalid ([`mostly_utf8`]), else `legacy`'s guess (`chardetng`'s:
/// [`guess_legacy`]).
fn guess(bytes: &[u8], legacy: impl FnOnce(&[u8], bool) -> &'static Encoding) -> TextEncoding {
    if mostly_utf8(bytes) {
        return TextEncoding::UTF8;
    }
    // A guess from the first MiB is plenty and keeps huge files fast.
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    TextEncoding {
        encoding: legacy(sample, sample.len() == bytes.len()),
        bom: false,
    }
}

/// The most bytes the legacy encoding is guessed from (1 MiB).
const SAMPLE_BYTES: usize = 1 << 20;

/// `chardetng`'s guess of the legacy encoding (never UTF-8) of `sample`, the first MiB of
/// a file (`whole`: all of it).
#[doc(hidden)]
pub fn guess_legacy(sample: &[u8], whole: bool) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, whole);
    detector.guess(None, false)
}

/// UTF-8 with a few stray invalid bytes (a file pasted together from two sources): reading it
/// as UTF-8 keeps every valid character, where a legacy encoding would garble them all.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes[..bytes.len().min(SAMPLE_BYTES)].utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    multibyte >= 4 && invalid * 10 <= multibyte
}

/// UTF-16 text without a BOM: nearly every other byte is zero (ASCII-range characters).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if zeros_odd * 10 >= pairs * 6 && zeros_even * 10 <= pairs {
        Some(UTF_16LE)
    } else if zeros_even * 10 >= pairs * 6 && zeros_odd * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when the start of the text is full of control characters (not tab/CR/LF).
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(4096) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\u{c}') {
            control += 1;
        }
    }
    control * 20 > total
}
