//! Checks of generated documents for tests: a PDF whose words overlap has text printed over
//! other text, which a text extractor does not notice. Poppler's `pdftotext -bbox` gives the
//! box of every word on every page.

use std::io::Write as _;
use std::process::Command;

/// A word on a page with its box in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// The words of every page of `pdf`, read by `pdftotext -bbox`. Under CI a missing
/// `pdftotext` fails the test; elsewhere it gives `None` and says so loudly.
#[must_use]
pub fn words(pdf: &[u8]) -> Option<Vec<Word>> {
    let available = Command::new("pdftotext").arg("-v").output().is_ok();
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext (poppler-utils) is missing under CI: PDF layout cannot be checked"
        );
        eprintln!("SKIPPED: install poppler-utils (pdftotext) to check PDF layout");
        return None;
    }
    let mut file = tempfile_in_target();
    file.1.write_all(pdf).expect("write the PDF");
    let out = Command::new("pdftotext")
        .args(["-bbox", "-q"])
        .arg(&file.0)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let _ = std::fs::remove_file(&file.0);
    assert!(out.status.success(), "pdftotext failed");
    Some(parse(&String::from_utf8_lossy(&out.stdout)))
}

fn tempfile_in_target() -> (std::path::PathBuf, std::fs::File) {
    let path = std::env::temp_dir().join(format!(
        "kpss-overlap-{}-{:?}.pdf",
        std::process::id(),
        std::thread::current().id()
    ));
    let file = std::fs::File::create(&path).expect("a temporary file");
    (path, file)
}

/// Reads `<page …>` and `<word xMin=… yMin=… xMax=… yMax=…>text</word>` lines.
fn parse(html: &str) -> Vec<Word> {
    let attr = |line: &str, name: &str| -> f64 {
        line.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let mut page = 0;
    let mut words = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
        } else if line.starts_with("<word ") {
            let text = line
                .split_once('>')
                .and_then(|(_, rest)| rest.rsplit_once("</word>"))
                .map(|(t, _)| t.to_owned())
                .unwrap_or_default();
            words.push(Word {
                page,
                text,
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
            });
        }
    }
    words
}

/// Pairs of words on the same page whose boxes overlap by more than a sliver (a quarter point
/// each way, which kerning and rounding of box coordinates can give touching words).
#[must_use]
pub fn overlaps(words: &[Word]) -> Vec<(Word, Word)> {
    const SLIVER: f64 = 0.25;
    let mut found = Vec::new();
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            if a.page != b.page {
                continue;
            }
            let dx = a.x1.min(b.x1) - a.x0.max(b.x0);
            let dy = a.y1.min(b.y1) - a.y0.max(b.y0);
            if dx > SLIVER && dy > SLIVER {
                found.push((a.clone(), b.clone()));
            }
        }
    }
    found
}

/// Fails with the overlapping words of `pdf`, if any (and when `pdftotext` is there).
pub fn assert_no_overlapping_words(pdf: &[u8]) {
    let Some(words) = words(pdf) else { return };
    assert!(!words.is_empty(), "the PDF has no text at all");
    let found = overlaps(&words);
    assert!(
        found.is_empty(),
        "{} pairs of words overlap, first: {:?}",
        found.len(),
        found.iter().take(5).collect::<Vec<_>>()
    );
}

/// The words that end a line: the next word on the page stands on another baseline.
#[must_use]
pub fn line_ends(words: &[Word]) -> Vec<&Word> {
    words
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            words.get(i + 1).is_none_or(|next| {
                next.page != w.page || (next.y0 - w.y0).abs() > (w.y1 - w.y0) / 2.0
            })
        })
        .map(|(_, w)| w)
        .collect()
}

/// Fails if a line of `pdf` ends with a one-letter preposition or conjunction (v, k, s, z,
/// o, u, a, i), which Czech typesetting keeps with the word after it.
pub fn assert_czech_line_breaks(pdf: &[u8]) {
    let Some(words) = words(pdf) else { return };
    let stranded: Vec<String> = line_ends(&words)
        .into_iter()
        .filter(|w| w.text.chars().count() == 1 && "vkszouaiVKSZOUAI".contains(&w.text))
        .map(|w| format!("„{}“ on page {}", w.text, w.page))
        .collect();
    assert!(
        stranded.is_empty(),
        "{} lines end with a one-letter word, first: {:?}",
        stranded.len(),
        stranded.iter().take(5).collect::<Vec<_>>()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_whose_boxes_cross_overlap_and_neighbours_do_not() {
        let word = |x0: f64, x1: f64| Word {
            page: 1,
            text: "slovo".into(),
            x0,
            y0: 10.0,
            x1,
            y1: 20.0,
        };
        assert_eq!(overlaps(&[word(0.0, 10.0), word(10.1, 20.0)]).len(), 0);
        assert_eq!(overlaps(&[word(0.0, 10.0), word(5.0, 20.0)]).len(), 1);
        let other_page = Word {
            page: 2,
            ..word(5.0, 20.0)
        };
        assert_eq!(overlaps(&[word(0.0, 10.0), other_page]).len(), 0);
        let parsed = parse(
            "<page width=\"595\" height=\"842\">\n<word xMin=\"1.5\" yMin=\"2\" xMax=\"3\" yMax=\"4\">Plnění</word>\n</page>",
        );
        assert_eq!(
            parsed,
            vec![Word {
                page: 1,
                text: "Plnění".into(),
                x0: 1.5,
                y0: 2.0,
                x1: 3.0,
                y1: 4.0
            }]
        );
    }
}
