//! The fonts the PDF is set in, inside the binary: ET Book for the text (the theme's own
//! WOFF files, unpacked here, since Typst reads only TrueType and OpenType) and Typst's
//! bundled fonts for what ET Book lacks (Libertinus Serif has Greek and Cyrillic).

use std::io::Read;
use typst::foundations::Bytes;
use typst::text::Font;

const ET_BOOK: [&[u8]; 3] = [
    include_bytes!("../../themes/default/static/fonts/et-book-roman-line-figures.woff"),
    include_bytes!(
        "../../themes/default/static/fonts/et-book-display-italic-old-style-figures.woff"
    ),
    include_bytes!("../../themes/default/static/fonts/et-book-bold-line-figures.woff"),
];

/// Every font the typesetter may use, ET Book first.
pub fn all() -> Vec<Font> {
    let et_book = ET_BOOK.iter().filter_map(|woff| sfnt_of_woff(woff));
    let bundled = typst_assets::fonts().map(|data| data.to_vec());
    et_book
        .chain(bundled)
        .flat_map(|data| Font::iter(Bytes::new(data)).collect::<Vec<_>>())
        .collect()
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The OpenType font inside a WOFF 1.0 file: its tables, inflated where they were
/// compressed, behind a new table directory (W3C, WOFF File Format 1.0, section 5).
pub fn sfnt_of_woff(woff: &[u8]) -> Option<Vec<u8>> {
    if woff.get(..4)? != b"wOFF" {
        return None;
    }
    let flavor = u32_at(woff, 4)?;
    let count = u16_at(woff, 12)? as usize;
    let mut tables = Vec::with_capacity(count);
    for k in 0..count {
        let entry = 44 + 20 * k;
        let tag = u32_at(woff, entry)?;
        let offset = u32_at(woff, entry + 4)? as usize;
        let packed = u32_at(woff, entry + 8)? as usize;
        let length = u32_at(woff, entry + 12)? as usize;
        let checksum = u32_at(woff, entry + 16)?;
        let stored = woff.get(offset..offset.checked_add(packed)?)?;
        let data = if packed < length {
            let mut out = Vec::with_capacity(length);
            flate2::read::ZlibDecoder::new(stored)
                .read_to_end(&mut out)
                .ok()?;
            out
        } else {
            stored.to_vec()
        };
        if data.len() != length {
            return None;
        }
        tables.push((tag, checksum, data));
    }
    let mut power = 1usize;
    let mut selector = 0u16;
    while power * 2 <= count {
        power *= 2;
        selector += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&flavor.to_be_bytes());
    out.extend_from_slice(&(count as u16).to_be_bytes());
    out.extend_from_slice(&((power * 16) as u16).to_be_bytes());
    out.extend_from_slice(&selector.to_be_bytes());
    out.extend_from_slice(&((count * 16 - power * 16) as u16).to_be_bytes());
    let mut offset = 12 + 16 * count;
    for (tag, checksum, data) in &tables {
        out.extend_from_slice(&tag.to_be_bytes());
        out.extend_from_slice(&checksum.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, _, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_fonts_unpack_into_fonts_typst_reads() {
        for woff in ET_BOOK {
            let sfnt = sfnt_of_woff(woff).expect("a WOFF 1.0 file");
            let font = Font::new(Bytes::new(sfnt), 0).expect("an OpenType font");
            assert_eq!(font.info().family, "ETBembo");
        }
    }

    #[test]
    fn what_is_not_woff_gives_no_font() {
        assert!(sfnt_of_woff(b"wOFF").is_none());
        assert!(sfnt_of_woff(b"OTTO and more bytes").is_none());
    }
}
