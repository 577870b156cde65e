//! The documents a city publishes from its data – the community plan, the action plan of a
//! year, the combined evaluation of two years, the catalogue book, the information guides and
//! the plain-language version of a plan. Each is built as one [`Publication`], a list of
//! blocks; one typst template prints every kind and the web shows the same blocks as a page,
//! so the page and the PDF cannot say different things.

use std::collections::BTreeMap;

use blake2::Digest;

use kpss_domain::money::sum;
use serde::Serialize;

use crate::Error;

mod kept;
mod qr;

pub use qr::qr_pixels;

/// The typst template of every publication; it reads the [`Publication`] as `data.json`.
const TEMPLATE: &str = include_str!("publication.typ");

/// A document ready to print or show.
#[derive(Debug, Clone, Serialize)]
pub struct Publication {
    /// The title on the cover and in the running head.
    pub title: String,
    /// The line under the title (the city, the period).
    pub subtitle: String,
    /// Further lines of the cover: the council's resolution, the publisher.
    pub cover: Vec<String>,
    /// A4, or A5 for a leaflet.
    pub paper: Paper,
    /// Whether the document opens with its contents (long documents; a leaflet has none).
    pub contents: bool,
    /// Headings of this level and above start a new page; 0: none do.
    pub new_page: u8,
    /// The content in reading order.
    pub blocks: Vec<Block>,
}

/// The page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    A4,
    /// A leaflet: the guides.
    A5,
}

/// One piece of a publication, in reading order.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A heading; level 1 starts a new page in A4 documents. `anchor` makes it a link target.
    Heading {
        level: u8,
        text: String,
        anchor: Option<String>,
    },
    /// A paragraph of plain text; blank lines split it into paragraphs.
    Text { text: String },
    /// A note in smaller grey type.
    Note { text: String },
    /// Label – value pairs.
    Facts { facts: Vec<(String, String)> },
    /// A table; columns from `left` on hold numbers and are set to the right.
    Table(Table),
    /// One entry of a list with a QR code of its address: a service, a card.
    Item(Item),
    /// An index: names with the numbers of the items they point to.
    Index { entries: Vec<IndexEntry> },
}

/// A table of a publication.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Table {
    /// A bold line above the table that stays with it.
    pub caption: Option<String>,
    /// The column names; the header repeats on every page the table runs to.
    pub header: Vec<String>,
    /// The body, in order.
    pub rows: Vec<Row>,
    /// A totals row in bold.
    pub footer: Option<Vec<String>>,
    /// How many leading columns hold text; the rest are numbers.
    pub left: usize,
    /// Relative width of each column: 0 = as wide as its content, n = n shares of the rest.
    pub widths: Vec<u8>,
}

impl Table {
    /// Widths of `columns` columns: the first takes the room left, the others their content.
    #[must_use]
    pub fn first_wide(columns: usize) -> Vec<u8> {
        std::iter::once(1)
            .chain(std::iter::repeat_n(0, columns.saturating_sub(1)))
            .collect()
    }

    /// Amounts by funding source (rows) and year (columns) with totals, in whole Kč; only
    /// sources with an amount; none when nothing is left.
    #[must_use]
    pub fn costs(
        caption: Option<String>,
        sources: &[(String, String)],
        years: &[i32],
        amounts: &BTreeMap<(String, i32), i64>,
    ) -> Option<Self> {
        let czk = kpss_domain::czech::format_czk;
        // A source no longer on the tenant's list still has its row, named by its code, so
        // the rows add up to the totals.
        let mut sources = sources.to_vec();
        for (code, _) in amounts.keys() {
            if !sources.iter().any(|(c, _)| c == code) {
                sources.push((code.clone(), code.clone()));
            }
        }
        let rows: Vec<Row> = sources
            .iter()
            .filter(|(code, _)| {
                years
                    .iter()
                    .any(|y| amounts.contains_key(&(code.clone(), *y)))
            })
            .map(|(code, name)| {
                let per_year: Vec<i64> = years
                    .iter()
                    .map(|y| amounts.get(&(code.clone(), *y)).copied().unwrap_or(0))
                    .collect();
                let mut cells = vec![name.clone()];
                cells.extend(per_year.iter().map(|a| czk(*a)));
                if years.len() > 1 {
                    cells.push(czk(sum(per_year)));
                }
                Row::new(cells)
            })
            .collect();
        if rows.is_empty() {
            return None;
        }
        let per_year: Vec<i64> = years
            .iter()
            .map(|y| {
                sum(amounts
                    .iter()
                    .filter(|((_, yy), _)| yy == y)
                    .map(|(_, a)| *a))
            })
            .collect();
        let mut header = vec!["Zdroj financování".to_owned()];
        header.extend(years.iter().map(ToString::to_string));
        let mut footer = vec!["Celkem".to_owned()];
        footer.extend(per_year.iter().map(|a| czk(*a)));
        if years.len() > 1 {
            header.push("Celkem".to_owned());
            footer.push(czk(sum(per_year)));
        }
        Some(Self {
            caption,
            widths: std::iter::once(1)
                .chain(header.iter().skip(1).map(|_| 0))
                .collect(),
            header,
            rows,
            footer: Some(footer),
            left: 1,
        })
    }
}

/// Amounts added up by (funding source, year): what [`Table::costs`] prints.
pub fn by_source_and_year<'a>(
    amounts: impl IntoIterator<Item = (&'a str, i32, i64)>,
) -> BTreeMap<(String, i32), i64> {
    let mut out: BTreeMap<(String, i32), i64> = BTreeMap::new();
    for (source, year, amount) in amounts {
        let entry = out.entry((source.to_owned(), year)).or_default();
        *entry = sum([*entry, amount]);
    }
    out
}

/// A row of a table; a subtotal is printed in bold.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Row {
    /// One text per column, numbers already in Czech notation.
    pub cells: Vec<String>,
    /// Printed in bold: a subtotal.
    pub strong: bool,
}

impl Row {
    /// A plain row.
    #[must_use]
    pub fn new(cells: Vec<String>) -> Self {
        Self {
            cells,
            strong: false,
        }
    }

    /// A row in bold.
    #[must_use]
    pub fn strong(cells: Vec<String>) -> Self {
        Self {
            cells,
            strong: true,
        }
    }
}

/// An entry with its number (what the index points to), its page online as a QR code, and its
/// facts.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Running number within the publication; anchors are `p{number}`.
    pub number: usize,
    /// The heading level of its title: one below the heading it stands under.
    pub level: u8,
    /// The name printed after its number.
    pub title: String,
    /// The item's page online (absolute), printed and as QR code.
    pub url: String,
    /// Where the PDF's template finds the QR code of `url` (made only for the PDF, [`pdf`]);
    /// empty on the page, which links instead.
    pub qr: String,
    /// Label – value pairs, one a line (a leaflet runs the values together); only those with a
    /// value ([`Item::fact`]).
    pub facts: Vec<(String, String)>,
    /// A short description under the facts.
    pub text: Option<String>,
}

impl Item {
    /// An item of `url` with its QR code, under a heading of `level - 1`.
    #[must_use]
    pub fn new(number: usize, level: u8, title: String, url: String) -> Self {
        Self {
            number,
            level,
            title,
            qr: String::new(),
            url,
            facts: Vec::new(),
            text: None,
        }
    }

    /// Adds a fact if it has a value.
    #[must_use]
    pub fn fact(mut self, label: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.trim().is_empty() {
            self.facts.push((label.to_owned(), value));
        }
        self
    }
}

/// A name of the index and the numbers of its items.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    /// What the reader looks up: a service, an organisation, a district.
    pub name: String,
    /// The numbers of its items, ascending.
    pub items: Vec<usize>,
}

/// Waits until no publication is being typeset, nor the memory of the last one freed: a
/// benchmark times a document alone, and reads the memory it took from a quiet start.
pub fn settled() {
    crate::typesetting::settled();
}

/// The publication as a PDF, with a QR code on every item. The same publication again (the
/// catalogue unchanged since) comes from [`kept`] without typesetting.
pub fn pdf(publication: Publication) -> Result<Vec<u8>, Error> {
    let data = serde_json::to_vec(&publication).map_err(|e| Error::Typesetting(e.to_string()))?;
    let key: kept::Key = blake2::Blake2b512::digest(&data).into();
    if let Some(pdf) = kept::get(&key) {
        return Ok(pdf);
    }
    let pdf = typeset(publication)?;
    kept::put(key, &pdf);
    Ok(pdf)
}

fn typeset(mut publication: Publication) -> Result<Vec<u8>, Error> {
    use kpss_domain::czech::tie;
    use rayon::prelude::*;
    publication.title = tie(&publication.title);
    publication.subtitle = tie(&publication.subtitle);
    for line in &mut publication.cover {
        *line = tie(line);
    }
    // The prose tied for Czech line breaks, and a code for each of 28 000 items of the
    // catalogue book: on every core.
    let codes: Vec<Option<Vec<u8>>> = publication
        .blocks
        .par_iter_mut()
        .map(|block| {
            tie_block(block);
            match block {
                Block::Item(item) => qr_pixels(&item.url),
                _ => None,
            }
        })
        .collect();
    let mut files = Vec::new();
    for (block, code) in publication.blocks.iter_mut().zip(codes) {
        if let (Block::Item(item), Some(pixels)) = (block, code) {
            item.qr = format!("qr/{}", item.number);
            files.push((item.qr.clone(), pixels));
        }
    }
    let data = serde_json::to_vec(&publication).map_err(|e| Error::Typesetting(e.to_string()))?;
    crate::typesetting::pdf_with_files(TEMPLATE, data, files)
}

/// Ties the text of a block for print ([`kpss_domain::czech::tie`]); the names of an index
/// stand a line each.
fn tie_block(block: &mut Block) {
    use kpss_domain::czech::tie;
    let tie_values = |facts: &mut Vec<(String, String)>| {
        for (_, value) in facts {
            *value = tie(value);
        }
    };
    match block {
        Block::Heading { text, .. } | Block::Text { text } | Block::Note { text } => {
            *text = tie(text);
        }
        Block::Facts { facts } => tie_values(facts),
        Block::Item(item) => {
            item.title = tie(&item.title);
            tie_values(&mut item.facts);
            if let Some(text) = &mut item.text {
                *text = tie(text);
            }
        }
        Block::Table(table) => {
            // Narrow columns of names break most often.
            table.caption = table.caption.as_deref().map(tie);
            for row in &mut table.rows {
                for cell in &mut row.cells {
                    *cell = tie(cell);
                }
            }
        }
        Block::Index { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cost_table_totals_sources_and_years() {
        let sources = [
            ("MSK".to_owned(), "Kraj".to_owned()),
            ("MPSV".to_owned(), "Ministerstvo".to_owned()),
            ("EU".to_owned(), "Evropská unie".to_owned()),
        ];
        let amounts = BTreeMap::from([
            (("MSK".to_owned(), 2025), 1_000),
            (("MSK".to_owned(), 2026), 2_500),
            (("MPSV".to_owned(), 2026), 400_000),
            (("ZRUSENY".to_owned(), 2025), 7),
        ]);
        let t = Table::costs(None, &sources, &[2025, 2026], &amounts).unwrap();
        assert_eq!(t.header, ["Zdroj financování", "2025", "2026", "Celkem"]);
        assert_eq!(t.rows.len(), 3, "no row for a source without amounts");
        assert_eq!(
            t.rows[2].cells[0], "ZRUSENY",
            "a source off the list keeps its row"
        );
        assert_eq!(t.rows[0].cells[3], "3\u{a0}500\u{a0}Kč");
        assert_eq!(
            t.footer.unwrap(),
            [
                "Celkem",
                "1\u{a0}007\u{a0}Kč",
                "402\u{a0}500\u{a0}Kč",
                "403\u{a0}507\u{a0}Kč"
            ]
        );
        assert!(Table::costs(None, &sources, &[2027], &amounts).is_none());
    }

    #[test]
    fn an_item_keeps_only_facts_with_a_value() {
        let item = Item::new(1, 3, "Služba".into(), "https://x.cz/katalog/1".into())
            .fact("Telefon", "")
            .fact("E-mail", "a@b.cz");
        assert_eq!(item.facts, vec![("E-mail".to_owned(), "a@b.cz".to_owned())]);
    }
}
