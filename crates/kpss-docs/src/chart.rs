//! Charts of the reports drawn as SVG on the server, so the HTML page and the PDF show the same
//! picture without JavaScript. Each chart is an accessible image (`role="img"` with a title and
//! a description) and is always shown beside a table with the same numbers; colours keep a 3:1
//! contrast against white (WCAG 2.1, 1.4.11) and are told apart by the legend's order too.

use svg::Document;
use svg::node::element::{Group, Line, Rectangle, Text, Title};

/// Colours of the four judgements and of measures not judged yet.
pub const VERDICT_COLOURS: [&str; 5] = ["#2E7D32", "#B26A00", "#C62828", "#5E35B1", "#757575"];

/// Colours of funding sources, in the tenant's order (repeating after ten).
const SOURCE_COLOURS: [&str; 10] = [
    "#0B5CAD", "#B3261E", "#2E7D32", "#6A1B9A", "#B26A00", "#00695C", "#AD1457", "#4E342E",
    "#37474F", "#827717",
];

/// The colour of the `i`-th funding source.
#[must_use]
pub fn source_colour(i: usize) -> &'static str {
    SOURCE_COLOURS[i % SOURCE_COLOURS.len()]
}

const FONT: &str = "Roboto, Arial, sans-serif";
const WIDTH: f64 = 640.0;

/// A chart ready to embed: its SVG and the words a screen reader gets.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Chart {
    pub title: String,
    pub svg: String,
}

fn document(id: &str, title: &str, description: &str, height: f64) -> Document {
    Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("viewBox", (0, 0, WIDTH, height))
        .set("width", WIDTH)
        .set("height", height)
        .set("role", "img")
        .set("aria-labelledby", format!("{id}-t {id}-d"))
        .set("font-family", FONT)
        .add(Title::new(title).set("id", format!("{id}-t")))
        .add(
            svg::node::element::Description::new()
                .set("id", format!("{id}-d"))
                .add(svg::node::Text::new(description)),
        )
}

fn text(x: f64, y: f64, size: f64, anchor: &str, content: &str) -> Text {
    Text::new(content)
        .set("x", x)
        .set("y", y)
        .set("font-size", size)
        .set("text-anchor", anchor)
        .set("fill", "#1a1a1a")
}

fn rect(x: f64, y: f64, w: f64, h: f64, fill: &str) -> Rectangle {
    Rectangle::new()
        .set("x", x)
        .set("y", y)
        .set("width", w.max(0.0))
        .set("height", h.max(0.0))
        .set("fill", fill)
}

/// A legend in rows under the plot; gives the group and its height.
fn legend(items: &[(String, &str)], top: f64) -> (Group, f64) {
    let mut group = Group::new();
    let (mut x, mut y) = (10.0, top);
    for (label, colour) in items {
        #[allow(clippy::cast_precision_loss)]
        let width = 22.0 + label.chars().count() as f64 * 6.6;
        if x + width > WIDTH - 10.0 {
            x = 10.0;
            y += 20.0;
        }
        group = group.add(rect(x, y, 12.0, 12.0, colour)).add(text(
            x + 16.0,
            y + 10.5,
            12.0,
            "start",
            label,
        ));
        x += width + 12.0;
    }
    (group, y - top + 20.0)
}

/// One row of a stacked bar chart: its label and its values per series.
pub struct StackRow {
    pub label: String,
    pub values: Vec<u64>,
}

/// Horizontal stacked bars, one per row, segments per series, each bar as long as its total
/// relative to the longest one.
#[must_use]
pub fn stacked_bars(
    id: &str,
    (title, description): (&str, &str),
    series: &[(String, &str)],
    rows: &[StackRow],
) -> Chart {
    let (label_width, row_height, top) = (90.0, 26.0, 8.0);
    let plot = WIDTH - label_width - 60.0;
    let longest = rows
        .iter()
        .map(|r| r.values.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut bars = Group::new();
    for (i, row) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + i as f64 * row_height;
        bars = bars.add(text(label_width - 8.0, y + 16.0, 12.0, "end", &row.label));
        let mut x = label_width;
        for (value, (_, colour)) in row.values.iter().zip(series) {
            #[allow(clippy::cast_precision_loss)]
            let w = plot * *value as f64 / longest as f64;
            if w > 0.0 {
                bars = bars.add(rect(x, y + 3.0, w, row_height - 8.0, colour));
            }
            x += w;
        }
        let total: u64 = row.values.iter().sum();
        bars = bars.add(text(x + 6.0, y + 16.0, 12.0, "start", &total.to_string()));
    }
    #[allow(clippy::cast_precision_loss)]
    let plot_bottom = top + rows.len() as f64 * row_height + 8.0;
    let (legend, legend_height) = legend(series, plot_bottom);
    let doc = document(id, title, description, plot_bottom + legend_height + 4.0)
        .add(bars)
        .add(legend);
    Chart {
        title: title.to_owned(),
        svg: doc.to_string(),
    }
}

/// Colours of the points 1–5 of a scale, from the worst to the best.
pub const SCALE_COLOURS: [&str; 5] = ["#B71C1C", "#D84315", "#757575", "#2E7D32", "#1B5E20"];

/// The colour of bars with one series.
pub const BAR_COLOUR: &str = "#0B5CAD";

/// One bar with its label above it: the segments per series and the words after its end.
pub struct LabelledBar {
    pub label: String,
    pub values: Vec<u64>,
    pub note: String,
}

/// Horizontal bars, each under its label so long answers fit, segments per series (a legend
/// when there are several), each bar as long as its total relative to the longest one: the
/// choices of a survey question, or the points given to each statement of a matrix.
#[must_use]
pub fn labelled_bars(
    id: &str,
    (title, description): (&str, &str),
    series: &[(String, &str)],
    rows: &[LabelledBar],
) -> Chart {
    let (row_height, top, left) = (40.0, 6.0, 10.0);
    let plot = WIDTH - left - 130.0;
    let longest = rows
        .iter()
        .map(|r| r.values.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut bars = Group::new();
    for (i, row) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + i as f64 * row_height;
        let mut label: String = row.label.chars().take(90).collect();
        if label.chars().count() < row.label.chars().count() {
            label.push('…');
        }
        bars = bars.add(text(left, y + 12.0, 12.0, "start", &label));
        let mut x = left;
        for (value, (_, colour)) in row.values.iter().zip(series) {
            #[allow(clippy::cast_precision_loss)]
            let w = plot * *value as f64 / longest as f64;
            if w > 0.0 {
                bars = bars.add(
                    rect(x, y + 17.0, w, 16.0, colour)
                        .set("stroke", "#ffffff")
                        .set("stroke-width", 1),
                );
            }
            x += w;
        }
        bars = bars.add(text(x + 6.0, y + 30.0, 12.0, "start", &row.note));
    }
    #[allow(clippy::cast_precision_loss)]
    let plot_bottom = top + rows.len() as f64 * row_height + 6.0;
    let (legend, legend_height) = if series.len() > 1 {
        legend(series, plot_bottom)
    } else {
        (Group::new(), 0.0)
    };
    let doc = document(id, title, description, plot_bottom + legend_height + 4.0)
        .add(bars)
        .add(legend);
    Chart {
        title: title.to_owned(),
        svg: doc.to_string(),
    }
}

/// A grid of cells coloured by how large their number is against the largest (none: light
/// grey, then four steps of orange to red), the number printed in each cell that has one:
/// the gaps of the map of needs by target group and district.
#[must_use]
pub fn heat_grid(
    id: &str,
    (title, description): (&str, &str),
    (rows, columns): (&[String], &[String]),
    values: &[Vec<Option<i64>>],
) -> Chart {
    const STEPS: [&str; 4] = ["#FFE0B2", "#FFB74D", "#F57C00", "#B71C1C"];
    let (label_width, top) = (230.0, 150.0);
    let short = |label: &str, max: usize| {
        let mut out: String = label.chars().take(max).collect();
        if label.chars().count() > max {
            out.push('…');
        }
        out
    };
    #[allow(clippy::cast_precision_loss)]
    let cell = ((WIDTH - label_width - 70.0) / columns.len().max(1) as f64).min(40.0);
    let largest = values
        .iter()
        .flatten()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let mut grid = Group::new();
    for (j, column) in columns.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = label_width + j as f64 * cell + cell / 2.0;
        grid = grid.add(
            text(x, top - 6.0, 11.0, "start", &short(column, 22))
                .set("transform", format!("rotate(-60 {x} {})", top - 6.0)),
        );
    }
    for (i, (row, cells)) in rows.iter().zip(values).enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + i as f64 * cell;
        grid = grid.add(text(
            label_width - 6.0,
            y + cell / 2.0 + 4.0,
            11.0,
            "end",
            row,
        ));
        for (j, value) in cells.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = label_width + j as f64 * cell;
            let (fill, dark) = match value {
                None => ("#F5F5F5", false),
                Some(0) => ("#E8F5E9", false),
                Some(v) => {
                    let step = usize::try_from((v * 4 - 1) / largest).unwrap_or(0).min(3);
                    (STEPS[step], step >= 3)
                }
            };
            grid = grid.add(
                rect(x, y, cell, cell, fill)
                    .set("stroke", "#ffffff")
                    .set("stroke-width", 1),
            );
            if let Some(v) = value.filter(|v| *v > 0) {
                grid = grid.add(
                    text(
                        x + cell / 2.0,
                        y + cell / 2.0 + 4.0,
                        10.0,
                        "middle",
                        &v.to_string(),
                    )
                    .set("fill", if dark { "#ffffff" } else { "#1a1a1a" }),
                );
            }
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let bottom = top + rows.len() as f64 * cell + 8.0;
    let doc = document(id, title, description, bottom).add(grid);
    Chart {
        title: title.to_owned(),
        svg: doc.to_string(),
    }
}

/// A pair of stacked columns (planned, actual) per category along the x axis, segments per
/// series: money by funding source over the years.
#[must_use]
pub fn paired_columns(
    id: &str,
    (title, description): (&str, &str),
    series: &[(String, &str)],
    categories: &[(String, [Vec<u64>; 2])],
    pair_labels: [&str; 2],
) -> Chart {
    let (left, top, plot_height) = (70.0, 26.0, 200.0);
    let highest = categories
        .iter()
        .flat_map(|(_, pair)| pair.iter().map(|v| v.iter().sum::<u64>()))
        .max()
        .unwrap_or(0)
        .max(1);
    #[allow(clippy::cast_precision_loss)]
    let slot = (WIDTH - left - 10.0) / categories.len().max(1) as f64;
    let column = (slot / 3.0).min(48.0);
    let bottom = top + plot_height;
    let mut plot = Group::new().add(
        Line::new()
            .set("x1", left)
            .set("x2", WIDTH - 10.0)
            .set("y1", bottom)
            .set("y2", bottom)
            .set("stroke", "#1a1a1a"),
    );
    // Scale in millions of Kč at four steps.
    for step in 0..=4u32 {
        #[allow(clippy::cast_precision_loss)]
        let value = highest as f64 * f64::from(step) / 4.0;
        let y = bottom - plot_height * f64::from(step) / 4.0;
        plot = plot
            .add(text(
                left - 6.0,
                y + 4.0,
                11.0,
                "end",
                &format!("{:.1}", value / 1e6).replace('.', ","),
            ))
            .add(
                Line::new()
                    .set("x1", left)
                    .set("x2", WIDTH - 10.0)
                    .set("y1", y)
                    .set("y2", y)
                    .set("stroke", "#d0d0d0")
                    .set("stroke-width", 0.5),
            );
    }
    plot = plot.add(text(8.0, 12.0, 11.0, "start", "mil. Kč"));
    for (i, (label, pair)) in categories.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x0 = left + i as f64 * slot + (slot - 2.0 * column - 6.0) / 2.0;
        for (k, values) in pair.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = x0 + k as f64 * (column + 6.0);
            let mut y = bottom;
            for (value, (_, colour)) in values.iter().zip(series) {
                #[allow(clippy::cast_precision_loss)]
                let h = plot_height * *value as f64 / highest as f64;
                y -= h;
                if h > 0.0 {
                    plot = plot.add(rect(x, y, column, h, colour));
                }
            }
            plot = plot.add(text(
                x + column / 2.0,
                bottom + 14.0,
                10.0,
                "middle",
                pair_labels[k],
            ));
        }
        plot = plot.add(text(
            x0 + column + 3.0,
            bottom + 30.0,
            12.0,
            "middle",
            label,
        ));
    }
    let (legend, legend_height) = legend(series, bottom + 42.0);
    let doc = document(id, title, description, bottom + 42.0 + legend_height + 4.0)
        .add(plot)
        .add(legend);
    Chart {
        title: title.to_owned(),
        svg: doc.to_string(),
    }
}

/// Horizontal bars of per cent values with a line at 100 %; bars past 150 % are cut there
/// (their number is printed in full).
#[must_use]
pub fn percent_bars(id: &str, (title, description): (&str, &str), rows: &[(String, i64)]) -> Chart {
    let (label_width, row_height, top) = (110.0, 22.0, 8.0);
    let plot = WIDTH - label_width - 70.0;
    let scale = |p: i64| {
        #[allow(clippy::cast_precision_loss)]
        let clamped = p.clamp(0, 150) as f64;
        plot * clamped / 150.0
    };
    let mut bars = Group::new();
    for (i, (label, percent)) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + i as f64 * row_height;
        let colour = if *percent >= 100 {
            VERDICT_COLOURS[0]
        } else {
            VERDICT_COLOURS[1]
        };
        bars = bars
            .add(text(label_width - 8.0, y + 15.0, 12.0, "end", label))
            .add(rect(
                label_width,
                y + 3.0,
                scale(*percent),
                row_height - 7.0,
                colour,
            ))
            .add(text(
                label_width + scale(*percent) + 6.0,
                y + 15.0,
                12.0,
                "start",
                &format!("{percent}\u{a0}%"),
            ));
    }
    #[allow(clippy::cast_precision_loss)]
    let bottom = top + rows.len() as f64 * row_height;
    let hundred = label_width + scale(100);
    let doc = document(id, title, description, bottom + 26.0)
        .add(bars)
        .add(
            Line::new()
                .set("x1", hundred)
                .set("x2", hundred)
                .set("y1", top)
                .set("y2", bottom + 4.0)
                .set("stroke", "#1a1a1a")
                .set("stroke-dasharray", "4 3"),
        )
        .add(text(hundred, bottom + 18.0, 11.0, "middle", "100\u{a0}%"));
    Chart {
        title: title.to_owned(),
        svg: doc.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_accessible_image_with_escaped_labels() {
        let chart = stacked_bars(
            "plneni",
            ("Plnění opatření", "Senioři: 3 splněno"),
            &[("splněno".into(), VERDICT_COLOURS[0])],
            &[StackRow {
                label: "SEN & <ZP>".into(),
                values: vec![3],
            }],
        );
        assert!(chart.svg.contains(r#"role="img""#));
        assert!(chart.svg.contains(r#"aria-labelledby="plneni-t plneni-d""#));
        assert!(
            chart
                .svg
                .contains("<title id=\"plneni-t\">Plnění opatření</title>")
        );
        assert!(chart.svg.contains("SEN &amp; &lt;ZP&gt;"), "{}", chart.svg);
        assert!(!chart.svg.contains("<ZP>"));
    }

    #[test]
    fn bars_are_as_long_as_their_values() {
        let chart = percent_bars(
            "ind",
            ("Indikátory", "…"),
            &[("A".into(), 50), ("B".into(), 100)],
        );
        // 100 % is twice as long as 50 % on the same scale.
        let widths: Vec<f64> = chart
            .svg
            .match_indices("width=\"")
            .skip(1)
            .filter_map(|(i, _)| {
                let rest = &chart.svg[i + 7..];
                rest[..rest.find('"')?].parse().ok()
            })
            .collect();
        assert_eq!(widths.len(), 2, "{}", chart.svg);
        assert!((widths[1] - 2.0 * widths[0]).abs() < 1e-6);
    }
}
