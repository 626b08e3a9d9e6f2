//! Dates as the three sources write them, read into the one form the CSL engine takes.
//!
//! Editors and their tools write `{date-parts: [[1975, 3]]}` (with numbers or digit strings),
//! a bare year (`issued: 2001`, as Pandoc writes CSL-YAML), EDTF strings (`"1975-03-14"`,
//! `"1917/1921"`, `"1975~"`), or CSL-JSON's `raw` and `literal`. Whatever the form, the engine
//! is given `{"date-parts": [[year, month, day]]}` with exactly one date: hayagriva 0.10
//! panics on a range (two dates in `date-parts`, or a `raw` range) and on an empty date, so a
//! range keeps only its start, and the formatted reference shows the first year. This module
//! does not know which fields are dates; the caller does.

use serde_json::{json, Value};

/// A date read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Date {
    /// The year of the date, or of the start of a range: the year texts cite.
    pub year: i16,
    /// The date as the CSL engine is given it.
    pub csl: Value,
}

/// One calendar date: a year, with an optional month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ymd {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
}

/// The CSL variables that hold dates.
pub const VARIABLES: &[&str] = &[
    "accessed",
    "available-date",
    "event-date",
    "issued",
    "original-date",
    "submitted",
];

/// Reads a date in any form the sources write; the error says what is wrong, in a phrase
/// that follows "is not a date: ".
pub fn read(value: &Value) -> Result<Date, String> {
    match value {
        Value::Number(n) => {
            let year = n
                .as_i64()
                .ok_or_else(|| format!("{n} is not a whole number"))?;
            let year = check_part(year, 0)?;
            Ok(single(
                Ymd {
                    year,
                    month: None,
                    day: None,
                },
                false,
            ))
        }
        Value::String(s) => {
            let (start, circa) = edtf(s)?;
            Ok(single(start, circa))
        }
        Value::Object(map) => {
            let (start, circa) = if let Some(parts) = map.get("date-parts") {
                (date_parts(parts)?, false)
            } else if let Some(raw) = map.get("raw") {
                from_text(raw, "raw")?
            } else if let Some(literal) = map.get("literal") {
                from_text(literal, "literal")?
            } else {
                return Err("a date holds `date-parts`, e.g. [[1975, 3]]".into());
            };
            let mut date = single(start, circa);
            // `circa` and `season` are read by the engine as they are; the rest of a date's
            // keys (`literal` once read, `edtf`…) would only confuse it.
            for key in ["circa", "season"] {
                if let Some(v) = map.get(key) {
                    date.csl[key] = v.clone();
                }
            }
            Ok(date)
        }
        Value::Null => Err("it is empty".into()),
        _ => Err("a date is a year, a text such as \"1975-03\", or date-parts".into()),
    }
}

fn single(date: Ymd, circa: bool) -> Date {
    let mut parts = vec![json!(date.year)];
    if let Some(m) = date.month {
        parts.push(json!(m));
        if let Some(d) = date.day {
            parts.push(json!(d));
        }
    }
    let mut csl = json!({ "date-parts": [parts] });
    if circa {
        csl["circa"] = json!(true);
    }
    Date {
        year: date.year,
        csl,
    }
}

/// CSL's `date-parts`: one date, or two for a range, each a year with an optional month and
/// day, as numbers or as digits in strings (as some exports write them).
fn date_parts(parts: &Value) -> Result<Ymd, String> {
    let Some(dates) = parts.as_array() else {
        return Err("`date-parts` must be a list of dates, e.g. [[1917, 10]]".into());
    };
    if dates.is_empty() || dates.len() > 2 {
        return Err("`date-parts` holds one date, or two for a range".into());
    }
    let mut read = Vec::new();
    for date in dates {
        let Some(numbers) = date.as_array() else {
            return Err("each date in `date-parts` is a list: [year, month, day]".into());
        };
        if numbers.is_empty() || numbers.len() > 3 {
            return Err("a date is [year], [year, month] or [year, month, day]".into());
        }
        let mut ymd = Vec::new();
        for (i, n) in numbers.iter().enumerate() {
            let value = match n {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            };
            let Some(value) = value else {
                return Err(format!("`{n}` is not a whole number"));
            };
            ymd.push(check_part(value, i)?);
        }
        read.push(Ymd {
            year: ymd[0],
            month: ymd.get(1).map(|&m| m as u8),
            day: ymd.get(2).map(|&d| d as u8),
        });
    }
    Ok(read[0])
}

/// A year, month (13–24 are CSL's seasons) or day, by its place in a date.
fn check_part(value: i64, place: usize) -> Result<i16, String> {
    let (name, range) = match place {
        0 => ("year", -9999..=9999),
        1 => ("month", 1..=24),
        _ => ("day", 1..=31),
    };
    if !range.contains(&value) {
        return Err(format!("{value} is not a {name}"));
    }
    Ok(value as i16)
}

/// `raw` or `literal`: EDTF if it is, else the one four-digit year it holds (`Spring 1975`).
fn from_text(value: &Value, key: &str) -> Result<(Ymd, bool), String> {
    let Some(text) = value.as_str() else {
        return Err(format!("`{key}` must be a text"));
    };
    if let Ok(read) = edtf(text) {
        return Ok(read);
    }
    match years_in(text).first() {
        Some(&year) => Ok((
            Ymd {
                year,
                month: None,
                day: None,
            },
            false,
        )),
        None => Err(format!("`{key}` “{text}” holds no year")),
    }
}

/// The four-digit numbers of a text that stand alone (not part of a longer number).
fn years_in(text: &str) -> Vec<i16> {
    let bytes = text.as_bytes();
    let mut years = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4 {
            if let Ok(y) = text[start..i].parse() {
                years.push(y);
            }
        }
    }
    years
}

/// An EDTF date or range as the sources write it: `1975`, `1975-03`, `1975-03-14`, a
/// qualifier `~` `?` `%` (approximate, uncertain: both marked circa), a negative year
/// `-0044`, and `start/end`. Returns the start, and whether it is approximate.
fn edtf(text: &str) -> Result<(Ymd, bool), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let (start, end) = match text.split_once('/') {
        Some((s, e)) => (s.trim(), Some(e.trim())),
        None => (text, None),
    };
    let open = |s: &str| s.is_empty() || s == "..";
    if open(start) || end.is_some_and(open) {
        return Err(format!(
            "“{text}” is an open range; give both ends (1917/1921) or one date"
        ));
    }
    let first = edtf_date(start).map_err(|why| format!("“{text}” {why}"))?;
    if let Some(end) = end {
        let last = edtf_date(end).map_err(|why| format!("“{text}” {why}"))?;
        if (last.0.year, last.0.month, last.0.day) < (first.0.year, first.0.month, first.0.day) {
            return Err(format!("“{text}” ends before it starts"));
        }
    }
    Ok(first)
}

fn edtf_date(text: &str) -> Result<(Ymd, bool), &'static str> {
    const SHAPE: &str = "is not a date such as 1975, 1975-03 or 1975-03-14";
    let qualified = text.trim_end_matches(['~', '?', '%']);
    let circa = qualified.len() != text.len();
    let (negative, digits) = match qualified.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, qualified),
    };
    let parts: Vec<&str> = digits.split('-').collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        || parts[0].len() > 4
        || parts[1..].iter().any(|p| p.len() != 2)
    {
        return Err(SHAPE);
    }
    let number = |i: usize| parts.get(i).map(|p| p.parse::<i64>().unwrap_or(0));
    let year = number(0).unwrap_or(0) * if negative { -1 } else { 1 };
    let year = check_part(year, 0).map_err(|_| SHAPE)?;
    let month = match number(1) {
        // EDTF's seasons are 21–24, as CSL's.
        Some(m) if (1..=12).contains(&m) || (21..=24).contains(&m) => Some(m as u8),
        Some(_) => return Err("has no such month"),
        None => None,
    };
    let day = match number(2) {
        Some(d) if (1..=31).contains(&d) && month.is_some_and(|m| m <= 12) => Some(d as u8),
        Some(_) => return Err("has no such day"),
        None => None,
    };
    Ok((Ymd { year, month, day }, circa))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(v: Value) -> Result<i16, String> {
        read(&v).map(|d| d.year)
    }

    fn parts(v: Value) -> Value {
        read(&v).unwrap().csl["date-parts"].clone()
    }

    #[test]
    fn every_written_form_gives_one_date() {
        assert_eq!(
            parts(json!({"date-parts": [[1975, 3]]})),
            json!([[1975, 3]])
        );
        assert_eq!(
            parts(json!({"date-parts": [["1975", "3"]]})),
            json!([[1975, 3]])
        );
        assert_eq!(parts(json!(2001)), json!([[2001]]));
        assert_eq!(parts(json!("1975")), json!([[1975]]));
        assert_eq!(parts(json!("1975-03")), json!([[1975, 3]]));
        assert_eq!(parts(json!("1975-03-14")), json!([[1975, 3, 14]]));
        assert_eq!(parts(json!({"raw": "1975-03-14"})), json!([[1975, 3, 14]]));
        assert_eq!(parts(json!({"literal": "Spring 1975"})), json!([[1975]]));
        assert_eq!(parts(json!("-0044-03-15")), json!([[-44, 3, 15]]));
    }

    #[test]
    fn a_range_keeps_its_start_for_the_engine() {
        assert_eq!(parts(json!("1917/1921")), json!([[1917]]));
        assert_eq!(
            parts(json!({"date-parts": [[1917], [1921]]})),
            json!([[1917]])
        );
        assert_eq!(parts(json!({"raw": "1917-02/1921-03"})), json!([[1917, 2]]));
        assert_eq!(year(json!("1917/1921")), Ok(1917));
    }

    #[test]
    fn circa_and_season_are_kept() {
        let d = read(&json!("1975~")).unwrap();
        assert_eq!(d.csl, json!({"date-parts": [[1975]], "circa": true}));
        let d = read(&json!({"date-parts": [[1975]], "season": 2, "literal": "x"})).unwrap();
        assert_eq!(d.csl, json!({"date-parts": [[1975]], "season": 2}));
    }

    #[test]
    fn what_is_not_a_date_says_why() {
        for (v, why) in [
            (json!("abc"), "is not a date such as"),
            (json!("1917/"), "open range"),
            (json!("/1921"), "open range"),
            (json!("1921/1917"), "ends before"),
            (json!(99999), "99999 is not a year"),
            (json!("99999"), "is not a date such as"),
            (json!("1975-13"), "no such month"),
            (json!("1975-02-32"), "no such day"),
            (json!({"date-parts": [[]]}), "a date is [year]"),
            (json!({"date-parts": [[""]]}), "is not a whole number"),
            (json!({"date-parts": [[1917], []]}), "a date is [year]"),
            (json!({"date-parts": [[1], [2], [3]]}), "one date, or two"),
            (json!({"date-parts": 1917}), "must be a list"),
            (json!({"literal": "n.d."}), "holds no year"),
            (json!({"raw": 1975}), "must be a text"),
            (json!({"season": 1}), "holds `date-parts`"),
            (json!(1975.5), "not a whole number"),
            (json!([1975]), "a date is a year"),
            (json!(null), "empty"),
        ] {
            let err = read(&v).unwrap_err();
            assert!(err.contains(why), "{v}: {err}");
        }
    }
}
