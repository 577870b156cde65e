//! The population table of the forecast, in the layout of the Czech Statistical Office's open
//! data (a CSV with the columns `hodnota`, `vek_txt`, `vuzemi_txt` and `casref_do`, and
//! optionally `pohlavi_txt`): every row checked, every problem reported with its line.

use kpss_domain::forecast::AgeBand;

/// The most data rows one table may carry: 23 districts × 21 bands × 2 sexes × 30 years.
pub const MAX_POPULATION_ROWS: usize = 100_000;

/// A row as read: the district as the statistics name it, the year, the band and the people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationRow {
    pub line: usize,
    pub district: String,
    pub year: i32,
    pub band: AgeBand,
    pub people: i64,
}

/// What is wrong with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowProblem {
    /// `hodnota` is not a whole number.
    NotNumber,
    /// `hodnota` is below zero.
    Negative,
    /// `vek_txt` names no age band („0 až 5“, „95 a více“).
    Age,
    /// `casref_do` is not a date „2025-12-31“ or a year.
    Year,
    /// `vuzemi_txt` is empty.
    District,
}

/// Why a table is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PopulationProblem {
    /// Not a CSV with a header, or no data rows.
    Empty,
    /// These required columns are missing.
    MissingColumns(Vec<&'static str>),
    /// More than [`MAX_POPULATION_ROWS`] rows.
    TooManyRows,
    /// These rows are wrong: (line, problem).
    Rows(Vec<(usize, RowProblem)>),
}

/// Reads „0 až 5 (více nebo rovno 0 a méně než 5)“, „95 a více“ or a single age „45“.
fn age_band(text: &str) -> Option<AgeBand> {
    let numbers: Vec<u8> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let from = *numbers.first()?;
    if text.contains(" až ") || text.contains('-') || text.contains('–') {
        let to = *numbers.get(1)?;
        (to > from).then_some(AgeBand { from, to: Some(to) })
    } else if text.contains("více") {
        Some(AgeBand { from, to: None })
    } else {
        Some(AgeBand {
            from,
            to: Some(from.checked_add(1)?),
        })
    }
}

fn year(text: &str) -> Option<i32> {
    let year: i32 = text.trim().get(..4)?.parse().ok()?;
    (1900..=2200).contains(&year).then_some(year)
}

/// Reads a population table; rows split by sex are added up unless the table also has the
/// totals (rows with an empty `pohlavi_txt`), which are then used alone.
pub fn read_population(bytes: &[u8]) -> Result<Vec<PopulationRow>, PopulationProblem> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().ok_or(PopulationProblem::Empty)?;
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|_| PopulationProblem::Empty)?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (value, age, district, time, sex) = (
        find(&["hodnota"]),
        find(&["vek_txt"]),
        find(&["vuzemi_txt", "uzemi_txt"]),
        find(&["casref_do"]),
        find(&["pohlavi_txt"]),
    );
    let missing: Vec<&'static str> = [
        ("hodnota", value),
        ("vek_txt", age),
        ("vuzemi_txt", district),
        ("casref_do", time),
    ]
    .into_iter()
    .filter(|(_, at)| at.is_none())
    .map(|(name, _)| name)
    .collect();
    let (Some(value), Some(age), Some(district), Some(time)) = (value, age, district, time) else {
        return Err(PopulationProblem::MissingColumns(missing));
    };
    let (mut totals, mut by_sex, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        if i >= MAX_POPULATION_ROWS {
            return Err(PopulationProblem::TooManyRows);
        }
        let Ok(record) = record else {
            problems.push((line, RowProblem::NotNumber));
            continue;
        };
        let cell = |at: usize| record.get(at).unwrap_or("").trim();
        let people: Result<i64, RowProblem> = cell(value)
            .replace([' ', '\u{a0}'], "")
            .parse::<i64>()
            .map_err(|_| RowProblem::NotNumber)
            .and_then(|n| {
                if n < 0 {
                    Err(RowProblem::Negative)
                } else {
                    Ok(n)
                }
            });
        let row = people.and_then(|people| {
            Ok(PopulationRow {
                line,
                district: Some(cell(district))
                    .filter(|d| !d.is_empty())
                    .ok_or(RowProblem::District)?
                    .to_owned(),
                year: year(cell(time)).ok_or(RowProblem::Year)?,
                band: age_band(cell(age)).ok_or(RowProblem::Age)?,
                people,
            })
        });
        match row {
            Ok(row) if sex.is_some_and(|s| !cell(s).is_empty()) => by_sex.push(row),
            Ok(row) => totals.push(row),
            Err(problem) => problems.push((line, problem)),
        }
    }
    if !problems.is_empty() {
        return Err(PopulationProblem::Rows(problems));
    }
    if totals.is_empty() {
        // Men and women added up per district, year and band.
        let mut summed: std::collections::BTreeMap<(String, i32, AgeBand), PopulationRow> =
            std::collections::BTreeMap::new();
        for row in by_sex {
            summed
                .entry((row.district.clone(), row.year, row.band))
                .and_modify(|r| r.people += row.people)
                .or_insert(row);
        }
        totals = summed.into_values().collect();
    }
    if totals.is_empty() {
        return Err(PopulationProblem::Empty);
    }
    Ok(totals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_of_the_statistical_office_is_read_with_its_totals() {
        let csv = "\u{feff}idhod,hodnota,vek_txt,vuzemi_txt,casref_do,pohlavi_txt\n\
            1,\"1 200\",0 až 5 (více nebo rovno 0 a méně než 5),Poruba,2025-12-31,\n\
            2,600,0 až 5 (více nebo rovno 0 a méně než 5),Poruba,2025-12-31,muž\n\
            3,900,95 a více (více nebo rovno 95),Poruba,2025-12-31,\n";
        let rows = read_population(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2, "totals only, not the men again");
        assert_eq!(rows[0].people, 1_200);
        assert_eq!(
            rows[0].band,
            AgeBand {
                from: 0,
                to: Some(5)
            }
        );
        assert_eq!(rows[1].band, AgeBand { from: 95, to: None });
        assert_eq!(rows[1].year, 2025);
    }

    #[test]
    fn rows_by_sex_are_added_up_without_totals() {
        let csv = "hodnota;vek_txt;vuzemi_txt;casref_do;pohlavi_txt\n\
            600;65 až 70;Jih;2026;muž\n700;65 až 70;Jih;2026;žena\n";
        let rows = read_population(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].people, 1_300);
    }

    #[test]
    fn missing_columns_and_bad_rows_are_named() {
        assert_eq!(
            read_population(b"hodnota,vek\n1,2\n"),
            Err(PopulationProblem::MissingColumns(vec![
                "vek_txt",
                "vuzemi_txt",
                "casref_do"
            ]))
        );
        let csv = "hodnota,vek_txt,vuzemi_txt,casref_do\n\
            deset,0 až 5,Poruba,2025\n-3,0 až 5,Poruba,2025\n5,dospělí,Poruba,2025\n5,0 až 5,,2025\n5,0 až 5,Jih,loni\n";
        assert_eq!(
            read_population(csv.as_bytes()),
            Err(PopulationProblem::Rows(vec![
                (2, RowProblem::NotNumber),
                (3, RowProblem::Negative),
                (4, RowProblem::Age),
                (5, RowProblem::District),
                (6, RowProblem::Year),
            ]))
        );
        assert_eq!(read_population(b""), Err(PopulationProblem::Empty));
    }
}
