//! Sheets of the measures: the groups' judgements per year, the indicators planned vs actual,
//! and the money of each measure by source and year beside what the plan expected, in exact Kč.

use kpss_domain::report::{MeasureReport, Report};
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Formats, SUMMARY_HEADER_ROW, col_index, header, num, titles};

fn measures(report: &Report) -> impl Iterator<Item = (&str, &MeasureReport)> {
    report.groups.iter().flat_map(|g| {
        g.goals
            .iter()
            .flat_map(|goal| &goal.measures)
            .map(|m| (g.code.as_str(), m))
    })
}

/// One row per measure and year with the group's judgement; a measure not judged gets a row
/// saying so.
pub(super) fn judgements_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    sheet.set_name("Plnění opatření")?;
    titles(sheet, f, report, "plnění opatření")?;
    let columns = [
        "Skupina",
        "Kód",
        "Opatření",
        "Rok",
        "Plnění",
        "Stav posouzení",
        "Zdůvodnění",
        "Co se podařilo",
        "Karty",
        "Nové služby a aktivity",
    ]
    .map(String::from);
    header(sheet, f, SUMMARY_HEADER_ROW, &columns)?;
    let mut row = SUMMARY_HEADER_ROW + 1;
    for (group, m) in measures(report) {
        let write_head = |sheet: &mut Worksheet, row: u32| -> Result<(), XlsxError> {
            sheet.write_string(row, 0, group)?;
            sheet.write_string(row, 1, &m.code)?;
            sheet.write_string_with_format(row, 2, &m.text, &f.text)?;
            sheet.write_number_with_format(
                row,
                8,
                num(i64::try_from(m.summary.cards).unwrap_or(0)),
                &f.count,
            )?;
            sheet.write_number_with_format(
                row,
                9,
                num(i64::try_from(m.new_activities).unwrap_or(0)),
                &f.count,
            )?;
            Ok(())
        };
        if m.judgements.is_empty() {
            write_head(sheet, row)?;
            sheet.write_string(row, 4, "neposouzeno")?;
            row += 1;
        }
        for j in &m.judgements {
            write_head(sheet, row)?;
            sheet.write_number(row, 3, f64::from(j.year))?;
            sheet.write_string(row, 4, j.fulfilment.name())?;
            sheet.write_string(row, 5, j.state.name())?;
            if let Some(r) = &j.reasoning {
                sheet.write_string_with_format(row, 6, r, &f.text)?;
            }
            if let Some(a) = &j.achieved {
                sheet.write_string_with_format(row, 7, a, &f.text)?;
            }
            row += 1;
        }
    }
    for (col, width) in [(2, 48), (4, 16), (5, 16), (6, 50), (7, 50)] {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// One row per indicator and year: baseline, target, actual and fulfilment in per cent.
pub(super) fn indicators_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    sheet.set_name("Indikátory")?;
    titles(sheet, f, report, "indikátory opatření")?;
    let columns = [
        "Skupina",
        "Kód opatření",
        "Indikátor",
        "Jednotka",
        "Výchozí hodnota",
        "Rok",
        "Cílová hodnota",
        "Skutečnost",
        "Plnění (%)",
    ]
    .map(String::from);
    header(sheet, f, SUMMARY_HEADER_ROW, &columns)?;
    let mut row = SUMMARY_HEADER_ROW + 1;
    for (group, m) in measures(report) {
        for indicator in &m.indicators {
            for y in &indicator.years {
                sheet.write_string(row, 0, group)?;
                sheet.write_string(row, 1, &m.code)?;
                sheet.write_string_with_format(row, 2, &indicator.name, &f.text)?;
                sheet.write_string(row, 3, &indicator.unit)?;
                // Hundredths to the value typed, decimals kept.
                let value = |q: kpss_domain::quantity::Quantity| num(q.hundredths()) / 100.0;
                if let Some(b) = indicator.baseline {
                    sheet.write_number(row, 4, value(b))?;
                }
                sheet.write_number(row, 5, f64::from(y.year))?;
                if let Some(t) = y.target {
                    sheet.write_number(row, 6, value(t))?;
                }
                if let Some(a) = y.actual {
                    sheet.write_number(row, 7, value(a))?;
                }
                if let Some(p) = y.percent {
                    sheet.write_number_with_format(row, 8, num(p), &f.count)?;
                }
                row += 1;
            }
        }
    }
    sheet.set_column_width(2, 40)?;
    Ok(())
}

/// One row per measure, source and year: the plan's expected cost, the cards' planned and
/// actual cost, in exact Kč.
pub(super) fn money_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    sheet.set_name("Náklady opatření")?;
    titles(sheet, f, report, "náklady opatření podle zdrojů a let")?;
    let columns = [
        "Skupina",
        "Kód opatření",
        "Zdroj financování",
        "Rok",
        "Očekáváno podle plánu (Kč)",
        "Plán karet (Kč)",
        "Skutečnost (Kč)",
    ]
    .map(String::from);
    header(sheet, f, SUMMARY_HEADER_ROW, &columns)?;
    let mut row = SUMMARY_HEADER_ROW + 1;
    let sources = report.used_sources();
    for (group, m) in measures(report) {
        for (code, name) in &sources {
            for year in &report.years {
                let key = (code.clone(), *year);
                let expected = m.expected.get(&key).copied().unwrap_or(0);
                let (planned, actual) = m.summary.costs.get(&key).copied().unwrap_or((0, 0));
                if expected == 0 && planned == 0 && actual == 0 {
                    continue;
                }
                sheet.write_string(row, 0, group)?;
                sheet.write_string(row, 1, &m.code)?;
                sheet.write_string(row, 2, name)?;
                sheet.write_number(row, 3, f64::from(*year))?;
                for (i, v) in [expected, planned, actual].into_iter().enumerate() {
                    sheet.write_number_with_format(row, col_index(4 + i), num(v), &f.czk)?;
                }
                row += 1;
            }
        }
    }
    sheet.set_column_width(2, 30)?;
    for col in 4..7 {
        sheet.set_column_width(col, 20)?;
    }
    Ok(())
}
