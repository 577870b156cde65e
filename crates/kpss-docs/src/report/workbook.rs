//! The report as an XLSX workbook: a summary sheet, a sheet of funding sources, and a sheet
//! per working group with its goals, measures and cards. Every number is a typed numeric
//! cell with a Czech number format; header rows are frozen.

use kpss_domain::evaluation::{CardFigures, CardStatus, Fulfilment, Summary};
use kpss_domain::money::sum;
use kpss_domain::report::{Expected, Report, Verdicts, cost_in_year, expected_total};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::status_line;
use crate::Error;

/// Formats used across the workbook.
pub(super) struct Formats {
    title: Format,
    header: Format,
    bold: Format,
    text: Format,
    czk: Format,
    czk_bold: Format,
    count: Format,
    count_bold: Format,
}

impl Formats {
    fn new() -> Self {
        let czk = "#,##0\\ \"Kč\"";
        Self {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#DCE6F1"),
            bold: Format::new().set_bold(),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            czk: Format::new().set_num_format(czk),
            czk_bold: Format::new().set_num_format(czk).set_bold(),
            count: Format::new().set_num_format("#,##0"),
            count_bold: Format::new().set_num_format("#,##0").set_bold(),
        }
    }
}

/// Amounts and counts are whole numbers far below 2^53, so they are exact as spreadsheet
/// numbers.
#[allow(clippy::cast_precision_loss)]
pub(super) fn num(value: i64) -> f64 {
    value as f64
}

pub(super) fn header(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    titles: &[String],
) -> Result<(), XlsxError> {
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col_index(col), title, &f.header)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

pub(super) fn col_index(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

pub(super) fn titles(
    sheet: &mut Worksheet,
    f: &Formats,
    report: &Report,
    what: &str,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, format!("{} – {what}", report.title), &f.title)?;
    sheet.write_string(1, 0, &report.subtitle)?;
    Ok(())
}

/// The report as an XLSX workbook.
pub fn xlsx(report: &Report) -> Result<Vec<u8>, Error> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    summary_sheet(workbook.add_worksheet(), &f, report)?;
    sources_sheet(workbook.add_worksheet(), &f, report)?;
    clients::clients_sheet(workbook.add_worksheet(), &f, report)?;
    measures::judgements_sheet(workbook.add_worksheet(), &f, report)?;
    measures::indicators_sheet(workbook.add_worksheet(), &f, report)?;
    measures::money_sheet(workbook.add_worksheet(), &f, report)?;
    for group in &report.groups {
        let sheet = workbook.add_worksheet();
        group_sheet(sheet, &f, report, group)?;
    }
    Ok(workbook.save_to_buffer()?)
}

pub(super) const SUMMARY_HEADER_ROW: u32 = 3;

mod clients;
mod measures;

fn summary_sheet(sheet: &mut Worksheet, f: &Formats, report: &Report) -> Result<(), XlsxError> {
    sheet.set_name("Souhrn")?;
    titles(sheet, f, report, "souhrn")?;
    let mut columns: Vec<String> = vec![
        "Kód".into(),
        "Pracovní skupina".into(),
        "Karty".into(),
        "Schválené hodnocení".into(),
    ];
    columns.extend(CardStatus::ALL.iter().map(|s| s.name().to_owned()));
    columns.extend(
        [
            "Splněno (%)",
            "Náklady – očekávané podle plánu (Kč)",
            "Náklady – plán karet (Kč)",
            "Náklady – skutečnost (Kč)",
        ]
        .map(String::from),
    );
    columns.extend(
        Fulfilment::ALL
            .iter()
            .map(|f| format!("Opatření {}", f.name())),
    );
    columns.push("Opatření neposouzena".into());
    columns.push("Nové služby a aktivity".into());
    header(sheet, f, SUMMARY_HEADER_ROW, &columns)?;
    let mut row = SUMMARY_HEADER_ROW + 1;
    for group in &report.groups {
        let approved = group
            .goals
            .iter()
            .flat_map(|g| &g.measures)
            .flat_map(|m| &m.cards)
            .filter(|c| c.state == kpss_domain::evaluation::ReportState::Approved)
            .count();
        summary_row(
            sheet,
            f,
            row,
            (&group.code, &group.name),
            (&group.summary, &group.expected, &group.verdicts),
            (approved, group.new_activities),
            false,
        )?;
        row += 1;
    }
    summary_row(
        sheet,
        f,
        row,
        ("", "Celkem"),
        (&report.summary, &report.expected, &report.verdicts),
        (report.approved, report.new_activities),
        true,
    )?;
    sheet.write_string(
        row + 2,
        0,
        "Skutečnost zahrnuje jen karty se schváleným hodnocením.",
    )?;
    sheet.set_column_width(0, 8)?;
    sheet.set_column_width(1, 40)?;
    for col in 2..u16::try_from(columns.len()).unwrap_or(0) {
        sheet.set_column_width(col, 14)?;
    }
    Ok(())
}

fn summary_row(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    (code, name): (&str, &str),
    (s, expected, verdicts): (&Summary, &Expected, &Verdicts),
    (approved, new_activities): (usize, usize),
    total: bool,
) -> Result<(), XlsxError> {
    let count = if total { &f.count_bold } else { &f.count };
    let czk = if total { &f.czk_bold } else { &f.czk };
    let text = if total { &f.bold } else { &f.text };
    sheet.write_string_with_format(row, 0, code, text)?;
    sheet.write_string_with_format(row, 1, name, text)?;
    let cards = i64::try_from(s.cards).unwrap_or(0);
    sheet.write_number_with_format(row, 2, num(cards), count)?;
    sheet.write_number_with_format(row, 3, num(i64::try_from(approved).unwrap_or(0)), count)?;
    let mut col = 4;
    for status in CardStatus::ALL {
        let n = s.by_status.get(&status).copied().unwrap_or(0);
        sheet.write_number_with_format(row, col, num(i64::try_from(n).unwrap_or(0)), count)?;
        col += 1;
    }
    if let Some(share) = s.share_fulfilled() {
        sheet.write_number_with_format(row, col, num(share), count)?;
    }
    col += 1;
    let (planned, actual) = s.total_cost();
    sheet.write_number_with_format(row, col, num(expected_total(expected)), czk)?;
    sheet.write_number_with_format(row, col + 1, num(planned), czk)?;
    sheet.write_number_with_format(row, col + 2, num(actual), czk)?;
    col += 3;
    for n in verdicts
        .counts
        .iter()
        .chain([&verdicts.not_judged, &new_activities])
    {
        sheet.write_number_with_format(row, col, num(i64::try_from(*n).unwrap_or(0)), count)?;
        col += 1;
    }
    Ok(())
}

fn sources_sheet(sheet: &mut Worksheet, f: &Formats, report: &Report) -> Result<(), XlsxError> {
    sheet.set_name("Zdroje")?;
    titles(sheet, f, report, "zdroje financování")?;
    let mut columns = vec!["Zdroj financování".to_owned()];
    for year in &report.years {
        columns.push(format!("{year} – plán (Kč)"));
        columns.push(format!("{year} – skutečnost (Kč)"));
    }
    columns.push("Celkem – plán (Kč)".into());
    columns.push("Celkem – skutečnost (Kč)".into());
    header(sheet, f, SUMMARY_HEADER_ROW, &columns)?;
    let mut row = SUMMARY_HEADER_ROW + 1;
    for (code, name) in report.used_sources() {
        sheet.write_string(row, 0, &name)?;
        let mut col = 1;
        for year in &report.years {
            let (p, a) = cost_in_year(&report.summary, &code, *year);
            sheet.write_number_with_format(row, col, num(p), &f.czk)?;
            sheet.write_number_with_format(row, col + 1, num(a), &f.czk)?;
            col += 2;
        }
        let (p, a) = report.summary.cost_of_source(&code);
        sheet.write_number_with_format(row, col, num(p), &f.czk_bold)?;
        sheet.write_number_with_format(row, col + 1, num(a), &f.czk_bold)?;
        row += 1;
    }
    let (p, a) = report.summary.total_cost();
    sheet.write_string_with_format(row, 0, "Celkem", &f.bold)?;
    let last = col_index(columns.len() - 2);
    sheet.write_number_with_format(row, last, num(p), &f.czk_bold)?;
    sheet.write_number_with_format(row, last + 1, num(a), &f.czk_bold)?;
    sheet.set_column_width(0, 36)?;
    for col in 1..col_index(columns.len()) {
        sheet.write_blank(SUMMARY_HEADER_ROW - 1, col, &Format::new())?;
        sheet.set_column_width(col, 16)?;
    }
    Ok(())
}

/// A sheet name: the group's code, within Excel's 31 characters and without its forbidden
/// characters.
fn sheet_name(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

fn group_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    report: &Report,
    group: &kpss_domain::report::GroupReport,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_name(&group.code))?;
    sheet.write_string_with_format(0, 0, format!("{} – {}", group.code, group.name), &f.title)?;
    sheet.write_string(1, 0, status_line(&group.summary))?;
    let sources = report.used_sources();
    let mut columns: Vec<String> = [
        "Kód",
        "Cíl / opatření / aktivita",
        "Organizace",
        "Rok",
        "Stav plnění",
        "Klienti – plán",
        "Klienti – skutečnost",
        "Náklady – plán (Kč)",
        "Náklady – skutečnost (Kč)",
    ]
    .map(String::from)
    .to_vec();
    for (_, name) in &sources {
        columns.push(format!("{name} – plán (Kč)"));
        columns.push(format!("{name} – skutečnost (Kč)"));
    }
    columns.push("Komentář".into());
    header(sheet, f, SUMMARY_HEADER_ROW, &columns)?;
    let mut row = SUMMARY_HEADER_ROW + 1;
    // Clients add up within one year only: a plan's years are the same people again.
    let one_year = report.years.len() == 1;
    let write_sums = |sheet: &mut Worksheet, row: u32, s: &Summary| -> Result<(), XlsxError> {
        if let (true, Some(year)) = (one_year, report.years.first()) {
            let (planned, actual) = s.clients_in(*year);
            sheet.write_number_with_format(row, 5, num(planned), &f.count_bold)?;
            sheet.write_number_with_format(row, 6, num(actual), &f.count_bold)?;
        }
        let (p, a) = s.total_cost();
        sheet.write_number_with_format(row, 7, num(p), &f.czk_bold)?;
        sheet.write_number_with_format(row, 8, num(a), &f.czk_bold)?;
        for (i, (code, _)) in sources.iter().enumerate() {
            let (p, a) = s.cost_of_source(code);
            let col = col_index(9 + 2 * i);
            sheet.write_number_with_format(row, col, num(p), &f.czk_bold)?;
            sheet.write_number_with_format(row, col + 1, num(a), &f.czk_bold)?;
        }
        Ok(())
    };
    for goal in &group.goals {
        sheet.write_string_with_format(row, 0, &goal.code, &f.bold)?;
        sheet.write_string_with_format(row, 1, format!("Cíl: {}", goal.text), &f.bold)?;
        write_sums(sheet, row, &goal.summary)?;
        row += 1;
        for measure in &goal.measures {
            sheet.write_string_with_format(row, 0, &measure.code, &f.bold)?;
            sheet.write_string_with_format(
                row,
                1,
                format!("Opatření: {}", measure.text),
                &f.bold,
            )?;
            write_sums(sheet, row, &measure.summary)?;
            row += 1;
            for card in &measure.cards {
                card_row(sheet, f, row, card, &sources)?;
                row += 1;
            }
        }
    }
    sheet.write_string_with_format(row, 1, "Celkem za skupinu", &f.bold)?;
    write_sums(sheet, row, &group.summary)?;
    sheet.set_column_width(0, 9)?;
    sheet.set_column_width(1, 48)?;
    sheet.set_column_width(2, 30)?;
    for col in 3..col_index(columns.len() - 1) {
        sheet.set_column_width(col, 14)?;
    }
    sheet.set_column_width(col_index(columns.len() - 1), 50)?;
    Ok(())
}

fn card_row(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    card: &kpss_domain::report::CardLine,
    sources: &[(String, String)],
) -> Result<(), XlsxError> {
    let figures: CardFigures = card.counted();
    sheet.write_string_with_format(row, 1, &card.title, &f.text)?;
    sheet.write_string_with_format(row, 2, &card.organisation, &f.text)?;
    sheet.write_number_with_format(row, 3, f64::from(card.year), &Format::new())?;
    let status = figures.status.map_or_else(
        || format!("hodnocení: {}", card.state.name()),
        |s| s.name().to_owned(),
    );
    sheet.write_string(row, 4, status)?;
    if let Some(c) = figures.planned_clients {
        sheet.write_number_with_format(row, 5, num(c), &f.count)?;
    }
    if let Some(c) = figures.actual_clients {
        sheet.write_number_with_format(row, 6, num(c), &f.count)?;
    }
    sheet.write_number_with_format(
        row,
        7,
        num(sum(figures.costs.iter().map(|c| c.planned))),
        &f.czk,
    )?;
    if figures.costs.iter().any(|c| c.actual.is_some()) {
        let actual = sum(figures.costs.iter().filter_map(|c| c.actual));
        sheet.write_number_with_format(row, 8, num(actual), &f.czk)?;
    }
    for (i, (code, _)) in sources.iter().enumerate() {
        let col = col_index(9 + 2 * i);
        if let Some(cost) = figures.costs.iter().find(|c| &c.source == code) {
            sheet.write_number_with_format(row, col, num(cost.planned), &f.czk)?;
            if let Some(a) = cost.actual {
                sheet.write_number_with_format(row, col + 1, num(a), &f.czk)?;
            }
        }
    }
    let comment_col = col_index(9 + 2 * sources.len());
    if let Some(comment) = &card.comment {
        sheet.write_string_with_format(row, comment_col, comment, &f.text)?;
    }
    Ok(())
}
