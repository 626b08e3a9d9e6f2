//! Reading an edition's text files: one road for every file, so that every file is decoded the
//! same way and every failure names its path.
//!
//! A file is read as UTF-8, its byte-order mark dropped and its text normalised to NFC, so that
//! a quote typed in one normal form finds the essay's text typed in the other. Line breaks are
//! kept as they are, so lines counted in the text are the lines of the file. This module does
//! not parse anything.

use crate::diagnostic::Diagnostic;
use std::io::ErrorKind;
use std::path::Path;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The text of `root/file`, or `None` when there is no such file. A file that exists but
/// cannot be read or decoded is an error naming `file` (relative to the root).
pub fn optional(root: &Path, file: &Path) -> Result<Option<String>, Diagnostic> {
    let path = root.join(file);
    let is_folder = || {
        Diagnostic::error(file, None, "is a folder, where a file is expected")
            .with_help("move the folder away and put the file in its place")
    };
    // Opened first, and asked what it is only when that fails or once it is open: an edition
    // of ten thousand pages is read with ten thousand questions fewer.
    let opened = match std::fs::File::open(&path) {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            // A symbolic link that leads nowhere is a mistake, not an absent file.
            if std::fs::symlink_metadata(&path).is_ok() {
                return Err(Diagnostic::error(
                    file,
                    None,
                    "is a symbolic link to a file that does not exist",
                )
                .with_help("point the link at an existing file, or remove it"));
            }
            return Ok(None);
        }
        // Some systems refuse to open a folder at all.
        Err(_) if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) => return Err(is_folder()),
        Err(e) => return Err(cannot_read(file, &e)),
        Ok(opened) => opened,
    };
    let size = match opened.metadata() {
        Ok(m) if m.is_dir() => return Err(is_folder()),
        Ok(m) => m.len(),
        Err(e) => return Err(cannot_read(file, &e)),
    };
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Read through `take`, which reads to the end without asking the file its size and place
    // again, as reading a `File` itself does.
    std::io::Read::read_to_end(&mut std::io::Read::take(&opened, u64::MAX), &mut bytes)
        .map_err(|e| cannot_read(file, &e))?;
    decode(file, bytes).map(Some)
}

/// The text of `root/file`, which must exist.
pub fn required(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    optional(root, file)?.ok_or_else(|| Diagnostic::error(file, None, "the file does not exist"))
}

/// The text of `root/file` read again, once it was read: what `required` gave then, unless
/// the file changed since.
pub fn again(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(file)).map_err(|e| cannot_read(file, &e))?;
    decode(file, bytes)
}

fn cannot_read(file: &Path, e: &std::io::Error) -> Diagnostic {
    let help = match e.kind() {
        ErrorKind::PermissionDenied => "make the file readable, e.g. `chmod u+r FILE`",
        _ => "check that the file exists and can be read",
    };
    Diagnostic::error(file, None, format!("cannot read the file: {e}")).with_help(help)
}

/// Bytes to NFC text without a byte-order mark; bytes that are not UTF-8 are an error on the
/// line where the first bad byte stands.
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = 1 + bytes[..valid].iter().filter(|&&b| b == b'\n').count();
        Diagnostic::error(
            file,
            Some(line),
            format!(
                "the file is not UTF-8 text: byte 0x{:02X} on line {line} is not UTF-8",
                bytes[valid]
            ),
        )
        .with_help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(nfc(text))
}

/// `text` in Unicode normal form C.
pub fn nfc(text: String) -> String {
    match quick_check(&text) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// `is_nfc_quick`, with ASCII passed over many bytes at a time: an ASCII character is a
/// starter that the check lets pass and that clears what it remembers, so the check of a
/// text is that of its runs of other characters, each on its own. Most text is ASCII with
/// a dash or a quotation mark here and there, and the check decoded every character.
fn quick_check(text: &str) -> IsNormalized {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let mut result = IsNormalized::Yes;
    let mut i = 0;
    loop {
        while bytes.get(i..i + BLOCK).is_some_and(<[u8]>::is_ascii) {
            i += BLOCK;
        }
        while bytes.get(i).is_some_and(u8::is_ascii) {
            i += 1;
        }
        if i == bytes.len() {
            return result;
        }
        // A run of other characters begins and ends at ASCII or at the text's ends, which
        // are the bounds of characters.
        let start = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii()) {
            i += 1;
        }
        match is_nfc_quick(text[start..i].chars()) {
            IsNormalized::No => return IsNormalized::No,
            IsNormalized::Maybe => result = IsNormalized::Maybe,
            IsNormalized::Yes => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_is_an_error_on_its_line() {
        let e = decode(Path::new("g.yaml"), b"- id: a\n  term: caf\xe9\n".to_vec()).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("0xE9"), "{}", e.message);
    }

    #[test]
    fn the_check_by_runs_says_what_the_check_of_every_character_says() {
        // Runs that compose (e + acute), that are composed already, marks out of order,
        // characters that may compose (Maybe), in ASCII of every length around them.
        let pieces = [
            "e\u{301}",
            "\u{e9}",
            "\u{301}\u{316}",
            "\u{316}\u{301}",
            "\u{3099}",
            "\u{2014}",
            "\u{1100}\u{1161}",
            "\u{ac00}",
            "\u{212b}",
            "\u{f900}",
            "",
        ];
        let ascii = "The Soviet met in the Technological Institute.";
        let mut texts = Vec::new();
        for a in &pieces {
            for b in &pieces {
                for n in [0, 1, 31, 32, 33, 70] {
                    let pad = &ascii.repeat(2)[..n];
                    texts.push(format!("{pad}{a}{pad}{b}{pad}"));
                    texts.push(format!("{a}{b}{pad}"));
                }
            }
        }
        let mut seen = [false; 3];
        for text in &texts {
            let whole = is_nfc_quick(text.chars());
            assert_eq!(quick_check(text), whole, "{text:?}");
            seen[whole as usize] = true;
        }
        assert_eq!(seen, [true; 3], "the texts give every answer the check has");
    }

    #[test]
    fn bom_is_dropped_and_text_composed() {
        let t = decode(Path::new("a"), "\u{feff}cafe\u{301}".as_bytes().to_vec()).unwrap();
        assert_eq!(t, "caf\u{e9}");
    }

    #[test]
    fn a_folder_in_place_of_a_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("glossary.yaml")).unwrap();
        let e = optional(dir.path(), Path::new("glossary.yaml")).unwrap_err();
        assert!(e.message.contains("folder"), "{}", e.message);
        assert_eq!(optional(dir.path(), Path::new("none.yaml")).unwrap(), None);
    }
}
