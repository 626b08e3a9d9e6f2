//! The index as scripts: `search/index.js` (what there is), shards of words
//! (`search/w-<hex>.js`) and chunks of documents (`search/d-<n>.js`). Each calls the theme's
//! `glossatorSearch` with its part, so a `<script>` element loads it where `fetch` cannot: a
//! site opened from the disk.

use super::documents::Doc;
use super::index::{Entry, Index};
use serde_json::json;
use std::fmt::Write;

/// A shard of words is cut further by the next letter when its file would pass this.
const SHARD_BYTES: usize = 24 * 1024;
/// The longest key a shard is cut to; below that a shard takes what it gets.
const KEY_CHARS: usize = 4;
/// A chunk of documents ends once it passes this.
const CHUNK_BYTES: usize = 16 * 1024;
/// Documents written at a time on one core.
const DOCS_A_RUN: usize = 512;

/// Entries written at a time on one core.
const WORDS_AT_ONCE: usize = 64;

/// One file of the index, by its path in the site.
pub struct IndexFile {
    pub path: String,
    pub text: String,
}

/// Writes the index's files, each handed to `emit` as it is made: the chunks of documents,
/// which hold every text of the edition, are never all held at once.
pub fn write(
    docs: &[Doc],
    index: Index,
    synonyms: &[Vec<String>],
    emit: &(dyn Fn(IndexFile) + Sync),
) {
    use rayon::prelude::*;
    // Each word's entry is written on every core; the postings are let go once written.
    let words: Vec<(&String, &Entry)> = index.words.iter().collect();
    // A few words at a time, so that a core that comes from the print document finds some
    // left to take.
    let written: Vec<String> = words
        .par_iter()
        .with_max_len(WORDS_AT_ONCE)
        .map(|(word, entry)| entry_json(word, entry, &index))
        .collect();
    drop(words);
    let mut entries: Vec<(String, String)> = index.words.into_keys().zip(written).collect();
    let mut shards: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    cut(&entries, 0..entries.len(), String::new(), &mut shards);
    // Each shard is a run of the words, in order: each is written on its own core from its
    // run, its entries let go as they are copied there.
    let mut keys = Vec::with_capacity(shards.len());
    let mut runs = Vec::with_capacity(shards.len());
    let mut rest: &mut [(String, String)] = &mut entries;
    for (key, members) in shards {
        let (run, after) = std::mem::take(&mut rest).split_at_mut(members.len());
        rest = after;
        runs.push((key.clone(), run));
        keys.push(key);
    }
    let shard_files: Vec<(String, String)> = runs
        .into_par_iter()
        .map(|(key, run)| {
            let mut text = format!("{},{{", json!(key));
            for (i, entry) in run.iter_mut().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                let (word, entry) = std::mem::take(entry);
                let _ = write!(text, "{}:{entry}", json!(word));
            }
            text.push('}');
            (format!("search/{}", shard_file(&key)), text)
        })
        .collect();
    drop(entries);
    // Every part names the index it belongs to, so that a page holding one index never mixes
    // in a part of the next (a host's cache, a preview rebuilt while it is open): a hash of
    // every part, the shards' and then the documents', in order. The documents are hashed and
    // cut into chunks on every core, from what their rows will say and how long the rows will
    // be, so that the chunks are written once, already naming the index. FxHash, not SipHash:
    // the stamp tells one build's index from the next and guards against no one, and eighty
    // megabytes of text took SipHash a tenth of a second.
    let mut hasher = rustc_hash::FxHasher::default();
    for (_, text) in &shard_files {
        std::hash::Hash::hash(text, &mut hasher);
    }
    let runs: Vec<&[Doc]> = docs.chunks(DOCS_A_RUN).collect();
    let planned: Vec<(Vec<usize>, u64)> = runs
        .par_iter()
        .enumerate()
        .map(|(r, run)| (chunk_starts(r, run), hash_of(run)))
        .collect();
    let mut starts = Vec::new();
    // The number of each run's first chunk.
    let mut first_chunk = Vec::with_capacity(runs.len());
    for (run_starts, hash) in planned {
        use std::hash::Hasher;
        first_chunk.push(starts.len());
        hasher.write_u64(hash);
        for first in run_starts {
            hasher.write_usize(first);
            starts.push(first);
        }
    }
    let stamp = format!("{:016x}", std::hash::Hasher::finish(&hasher));
    let stamp_json = json!(stamp).to_string();
    shard_files.into_par_iter().for_each(|(path, text)| {
        emit(IndexFile {
            path,
            text: format!("glossatorSearch.words({stamp_json},{text});\n"),
        })
    });
    runs.par_iter().enumerate().for_each(|(r, run)| {
        let opening =
            |k: usize| format!("glossatorSearch.docs({stamp_json},{},[", first_chunk[r] + k);
        for (k, (_, mut text)) in chunks_of(r, run, opening).into_iter().enumerate() {
            text.push_str("]);\n");
            emit(IndexFile {
                path: format!("search/d-{}.js", first_chunk[r] + k),
                text,
            });
        }
    });
    // Where each chunk starts, as gaps from the one before: a large site has thousands.
    let gaps: Vec<usize> = starts
        .iter()
        .scan(0, |last, &s| {
            let gap = s - *last;
            *last = s;
            Some(gap)
        })
        .collect();
    let meta = json!({
        "version": 1,
        "stamp": stamp,
        "documents": docs.len(),
        "chunks": gaps,
        "shards": keys,
        "synonyms": synonyms,
    });
    emit(IndexFile {
        path: "search/index.js".into(),
        text: format!("glossatorSearch.meta({meta});\n"),
    });
}

/// The chunks of documents of the `r`th run, each with its first document: a chunk ends once
/// its rows pass its size, and never spans two runs. Each row is written straight from its
/// document into its chunk: a JSON value or a string of each would copy every text. A chunk
/// begins with what `opening` gives for its number in the run.
fn chunks_of(r: usize, run: &[Doc], opening: impl Fn(usize) -> String) -> Vec<(usize, String)> {
    let mut chunks = Vec::new();
    let mut chunk = opening(0);
    // Where the chunk's rows begin, after its opening.
    let mut rows = chunk.len();
    let mut first = r * DOCS_A_RUN;
    for (k, doc) in run.iter().enumerate() {
        if chunk.len() > rows {
            chunk.push(',');
        }
        write_row(&mut chunk, doc);
        if chunk.len() - rows > CHUNK_BYTES || k + 1 == run.len() {
            let next = opening(chunks.len() + 1);
            rows = next.len();
            chunks.push((first, std::mem::replace(&mut chunk, next)));
            first = r * DOCS_A_RUN + k + 1;
        }
    }
    chunks
}

/// A document's row, `[5,"title","place","url","text"]`, as serde_json writes the row's
/// tuple: a string with nothing to escape (nearly every text) is copied whole, where serde_json
/// reads it a byte at a time.
/// The chunk is text throughout, so that a megabyte of it is not checked again for UTF-8.
fn write_row(out: &mut String, doc: &Doc<'_>) {
    let (kind, title, place, url, text) = row(doc);
    out.push('[');
    push_number(out, u32::from(kind));
    for s in [title, place, url, text] {
        out.push(',');
        if escapes_any(s) {
            out.push_str(&serde_json::to_string(s).unwrap_or_default());
        } else {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
    }
    out.push(']');
}

/// Whether JSON escapes any of the string's bytes: `"`, `\` and the controls. Every byte is
/// asked, without stopping at the first found, which the compiler makes a test of many bytes
/// at once (a loop that stops reads a byte at a time, thirteen times slower here).
fn escapes_any(s: &str) -> bool {
    s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// A document as its chunk lists it.
fn row<'d>(doc: &'d Doc<'_>) -> (u8, &'d str, &'d str, &'d str, &'d str) {
    (doc.kind as u8, &doc.title, &doc.place, &doc.url, &doc.text)
}

/// Where `chunks_of` begins each chunk of the `r`th run, from the lengths of the rows it
/// would write: the chunks are numbered, and named by the index, before any is written.
fn chunk_starts(r: usize, run: &[Doc]) -> Vec<usize> {
    let mut starts = vec![r * DOCS_A_RUN];
    let mut size = 0;
    for (k, doc) in run.iter().enumerate() {
        if size > 0 {
            size += 1;
        }
        let (kind, title, place, url, text) = row(doc);
        // `[5,"title","place","url","text"]`.
        size += 2 + (kind.checked_ilog10().unwrap_or(0) as usize + 1) + 4;
        size += [title, place, url, text]
            .map(json_string_len)
            .iter()
            .sum::<usize>();
        if size > CHUNK_BYTES && k + 1 < run.len() {
            starts.push(r * DOCS_A_RUN + k + 1);
            size = 0;
        }
    }
    starts
}

/// How long serde_json writes a string: quoted, `"` and `\` and the controls escaped, short
/// where JSON has a short form.
fn json_string_len(s: &str) -> usize {
    // Most text has nothing to escape: that is asked first.
    if !escapes_any(s) {
        return s.len() + 2;
    }
    let escapes: usize = s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 1,
            0..=0x1f => 5,
            _ => 0,
        })
        .sum();
    s.len() + escapes + 2
}

/// A run of documents' hash, of all that their rows say: the index's stamp is made of these.
fn hash_of(run: &[Doc]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    for doc in run {
        row(doc).hash(&mut hasher);
    }
    hasher.finish()
}

/// `[[doc, weight, gap, weight…], [relatives], [accented spellings]]`, the lists left out
/// from the end when empty: documents as gaps from the one before, which keeps long lists
/// short.
fn entry_json(word: &str, entry: &Entry, index: &Index) -> String {
    // A posting is a gap and a weight of a digit or two each, and a common word has a posting
    // in most documents: made in a string of about its size, it is not copied as it grows.
    let postings: usize = entry.postings.runs().iter().map(Vec::len).sum();
    // Each posting's few bytes are put together apart and copied in at once: pushed one by
    // one, each byte asks whether the list has room.
    let mut list = Vec::with_capacity(postings * 6 + 16);
    list.extend_from_slice(b"[[");
    let mut last = 0u32;
    // The comma before each posting but the first.
    let mut comma = 0;
    for run in entry.postings.runs() {
        for p in run {
            let mut bytes = [b','; 24];
            let mut n = comma;
            n += put_number(&mut bytes[n..], p.doc - last);
            n += 1;
            n += put_number(&mut bytes[n..], index.weight(p));
            list.extend_from_slice(&bytes[..n]);
            last = p.doc;
            comma = 1;
        }
    }
    // Digits and commas: ASCII, which the check passes over many bytes at a time.
    let mut out = String::from_utf8(list).unwrap_or_default();
    out.push(']');
    let relatives = index.relatives(word);
    if !relatives.is_empty() || !entry.accented.is_empty() {
        let _ = write!(out, ",{}", json!(relatives));
    }
    if !entry.accented.is_empty() {
        let _ = write!(out, ",{}", json!(entry.accented));
    }
    out.push(']');
    out
}

/// Puts `n` in decimal at the start of `bytes` (which has room for ten digits), and says how
/// many digits it took.
fn put_number(bytes: &mut [u8], mut n: u32) -> usize {
    // Most are a digit or two: gaps between documents, and weights.
    if n < 10 {
        bytes[0] = b'0' + n as u8;
        return 1;
    }
    if n < 100 {
        bytes[0] = b'0' + (n / 10) as u8;
        bytes[1] = b'0' + (n % 10) as u8;
        return 2;
    }
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let len = digits.len() - at;
    bytes[..len].copy_from_slice(&digits[at..]);
    len
}

/// Writes `n` in decimal: millions of postings are written, and `write!` costs more per
/// number than the digits do.
fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let len = put_number(&mut digits, n);
    // Digits are ASCII: the run is copied whole, not pushed a character at a time.
    out.push_str(std::str::from_utf8(&digits[..len]).unwrap_or_default());
}

/// Cuts the words into shards: those under `key` make one, unless it would be too large;
/// then each next letter makes its own, and the words that are `key` itself stay under it.
/// A word is thus in the shard of the longest key that begins it. The words are sorted, so
/// each shard is a run of them, and the shards come in the words' order.
fn cut(
    entries: &[(String, String)],
    members: std::ops::Range<usize>,
    key: String,
    out: &mut Vec<(String, std::ops::Range<usize>)>,
) {
    let size: usize = entries[members.clone()]
        .iter()
        .map(|(word, entry)| word.len() + entry.len() + 4)
        .sum();
    let depth = key.chars().count();
    if depth > 0 && (size <= SHARD_BYTES || depth >= KEY_CHARS) {
        out.push((key, members));
        return;
    }
    // The word that is `key` itself sorts before every longer one.
    let mut start = members.start;
    while start < members.end && entries[start].0.chars().nth(depth).is_none() {
        start += 1;
    }
    if start > members.start {
        out.push((key.clone(), members.start..start));
    }
    while start < members.end {
        let Some(c) = entries[start].0.chars().nth(depth) else {
            break;
        };
        let mut end = start + 1;
        while end < members.end && entries[end].0.chars().nth(depth) == Some(c) {
            end += 1;
        }
        let mut next = key.clone();
        next.push(c);
        cut(entries, start..end, next, out);
        start = end;
    }
}

/// The file of a shard: its key's bytes in hex, since a key may be any letters.
pub fn shard_file(key: &str) -> String {
    let mut name = String::from("w-");
    for b in key.bytes() {
        let _ = write!(name, "{b:02x}");
    }
    name.push_str(".js");
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_cut_alike_whatever_opens_them() {
        use crate::search::documents::Kind;
        let docs: Vec<Doc> = (0..300)
            .map(|i| Doc {
                kind: Kind::Page,
                title: format!("Page {i}").into(),
                place: String::new(),
                url: format!("p{i}/index.html"),
                text: "a \"quoted\" word, ".repeat(i % 40 + 1).into(),
                title_searched: true,
            })
            .collect();
        let bare = chunks_of(0, &docs, |_| String::new());
        let opened = chunks_of(0, &docs, |k| format!("open({k},["));
        assert!(bare.len() > 2, "the documents fill several chunks");
        assert_eq!(bare.len(), opened.len());
        for (k, ((first, text), (first_opened, opened))) in bare.iter().zip(&opened).enumerate() {
            assert_eq!(first, first_opened);
            assert_eq!(opened, &format!("open({k},[{text}"));
        }
        // Every document is in one chunk, in order, as JSON the page can read.
        let rows: Vec<serde_json::Value> = bare
            .iter()
            .flat_map(|(_, text)| {
                serde_json::from_str::<Vec<serde_json::Value>>(&format!("[{text}]")).unwrap()
            })
            .collect();
        assert_eq!(rows.len(), docs.len());
        assert_eq!(rows[299][1], "Page 299");
        assert_eq!(rows[41][4], "a \"quoted\" word, ".repeat(2));
    }

    #[test]
    fn chunks_begin_where_the_lengths_of_their_rows_said_they_would() {
        use crate::search::documents::Kind;
        // Texts with every character JSON escapes, and some it does not, of many lengths.
        let odd: String = (0u8..0x80).map(char::from).chain(['é', 'ж', '’']).collect();
        let docs: Vec<Doc> = (0..1500)
            .map(|i| Doc {
                kind: [Kind::Page, Kind::Paragraph, Kind::Note][i % 3],
                title: format!("Page \"{i}\"").into(),
                place: odd.chars().take((i * 7) % 131).collect(),
                url: format!("p{i}/index.html#p{i}"),
                text: format!("{odd} {} ", "word ".repeat(i % 90)).into(),
                title_searched: true,
            })
            .collect();
        for (r, run) in docs.chunks(DOCS_A_RUN).enumerate() {
            let written: Vec<usize> = chunks_of(r, run, |_| String::new())
                .into_iter()
                .map(|(first, _)| first)
                .collect();
            assert!(written.len() > 3, "the run fills several chunks");
            assert_eq!(chunk_starts(r, run), written);
        }
    }

    #[test]
    fn a_row_is_written_as_serde_json_writes_it() {
        use crate::search::documents::Kind;
        // Every character below U+0100 in each field, alone and in a text; and plain words.
        let mut fields: Vec<String> = (0u32..0x100)
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}b"))
            .collect();
        fields.push(String::new());
        fields.push("Plain words, ‘quoted’ and «guillemets», with no escape.".into());
        fields.push("a \"quoted\" line\nand a tab\t, a \\ and \u{7}".into());
        for (i, field) in fields.iter().enumerate() {
            let doc = Doc {
                kind: [Kind::Paragraph, Kind::Work, Kind::Page][i % 3],
                title: field.clone().into(),
                place: fields[(i + 1) % fields.len()].clone(),
                url: format!("p{i}/index.html#{field}"),
                text: fields[(i * 7) % fields.len()].clone().into(),
                title_searched: true,
            };
            let mut written = String::new();
            write_row(&mut written, &doc);
            assert_eq!(
                written,
                serde_json::to_string(&row(&doc)).unwrap(),
                "{field:?}"
            );
        }
    }

    #[test]
    fn a_string_s_length_is_the_length_serde_json_writes() {
        let mut strings: Vec<String> = (0u32..0x100)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        strings.push(String::new());
        strings.push("a \"quoted\" line\nand a tab\t, a \\ and \u{7}".into());
        for s in strings {
            assert_eq!(
                json_string_len(&s),
                serde_json::to_string(&s).unwrap().len(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn an_entry_read_in_many_runs_counts_its_gaps_from_the_document_before() {
        use crate::search::documents::Kind;
        use crate::search::index::RUN;
        // The word in documents on both sides of each run's end, and every hundredth.
        let holds = |i: usize| i.is_multiple_of(100) || i % RUN == RUN - 1 || i.is_multiple_of(RUN);
        let docs: Vec<Doc> = (0..RUN * 5 + 9)
            .map(|i| Doc {
                kind: Kind::Page,
                title: String::new().into(),
                place: String::new(),
                url: format!("p{i}/index.html"),
                text: if holds(i) { "soviet" } else { "other" }.into(),
                title_searched: false,
            })
            .collect();
        let index = Index::build(&docs, "la");
        let json = entry_json("soviet", &index.words["soviet"], &index);
        let entry: Vec<Vec<u32>> = serde_json::from_str(&json).unwrap();
        let mut at = 0;
        let found: Vec<usize> = entry[0]
            .chunks(2)
            .map(|pair| {
                at += pair[0] as usize;
                at
            })
            .collect();
        let expected: Vec<usize> = (0..docs.len()).filter(|&i| holds(i)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn numbers_are_written_as_write_writes_them() {
        for n in [
            0,
            7,
            9,
            10,
            42,
            99,
            100,
            101,
            4_096,
            1_000_000,
            u32::MAX - 1,
            u32::MAX,
        ] {
            let mut out = String::from("[");
            push_number(&mut out, n);
            assert_eq!(out, format!("[{n}"));
        }
    }

    #[test]
    fn every_word_is_in_the_shard_of_the_longest_key_that_begins_it() {
        // Enough words under `c` to pass a shard's size, so `c` is cut by its next letter.
        let words: Vec<String> = (0..4000)
            .map(|i| format!("c{}{i}", ['a', 'o', 'u'][i % 3]))
            .chain(["c".to_string(), "dog".to_string()])
            .collect();
        let entries: Vec<(String, String)> = words
            .iter()
            .map(|w| (w.clone(), "[[0,1]]".to_string()))
            .collect();
        let mut sorted = entries.clone();
        sorted.sort();
        let mut shards = Vec::new();
        cut(&sorted, 0..sorted.len(), String::new(), &mut shards);
        let keys: Vec<&str> = shards.iter().map(|(k, _)| k.as_str()).collect();
        assert!(
            keys.contains(&"c") && keys.contains(&"ca") && keys.contains(&"d"),
            "{keys:?}"
        );
        for (key, members) in &shards {
            for m in members.clone() {
                let word = &sorted[m].0;
                let longest = keys
                    .iter()
                    .filter(|k| word.starts_with(**k))
                    .max_by_key(|k| k.len())
                    .unwrap();
                assert_eq!(longest, key, "{word}");
            }
        }
        let placed: usize = shards.iter().map(|(_, m)| m.len()).sum();
        assert_eq!(placed, words.len());
    }

    #[test]
    fn shard_files_are_named_by_their_keys_bytes() {
        assert_eq!(shard_file("ko"), "w-6b6f.js");
        assert_eq!(shard_file("ä"), "w-c3a4.js");
    }
}
