//! The result tables, as plain text for the terminal and as Markdown for
//! `BENCHMARKS.md`.

use std::fmt::Write as _;
use std::time::Duration;

/// The medians of one tool's runs on one document.
#[derive(Clone, Debug)]
pub struct Row {
    pub tool: String,
    pub median_wall: Duration,
    pub median_rss_kib: u64,
}

impl Row {
    /// Throughput in MiB per second of wall time; 0 when no time was measured.
    pub fn mib_per_second(&self, document_bytes: u64) -> f64 {
        mib_per_second(document_bytes, self.median_wall)
    }
}

/// All rows of one group of tools for one document size; the first row is
/// schemakit's.
#[derive(Clone, Debug)]
pub struct SizeResult {
    pub group: String,
    pub requested_mib: u64,
    pub document_bytes: u64,
    pub rounds: usize,
    pub rows: Vec<Row>,
}

impl SizeResult {
    fn title(&self) -> String {
        format!(
            "{}, {} MiB document ({} bytes), {}",
            self.group,
            self.requested_mib,
            self.document_bytes,
            median_of(self.rounds)
        )
    }

    /// The cells of each row: tool, median seconds, MiB/s, peak RSS MiB and the ratio
    /// of schemakit's throughput to this tool's.
    fn cells(&self) -> Vec<[String; 5]> {
        let schemakit_speed = self
            .rows
            .first()
            .map_or(0.0, |row| row.mib_per_second(self.document_bytes));

        self.rows
            .iter()
            .map(|row| {
                let speed = row.mib_per_second(self.document_bytes);
                let ratio = if speed > 0.0 {
                    format!("{:.2}", schemakit_speed / speed)
                } else {
                    "n/a".to_owned()
                };
                [
                    row.tool.clone(),
                    format!("{:.3}", row.median_wall.as_secs_f64()),
                    format!("{speed:.1}"),
                    format!("{:.1}", row.median_rss_kib as f64 / 1024.0),
                    ratio,
                ]
            })
            .collect()
    }
}

const HEADINGS: [&str; 5] = [
    "tool",
    "wall s",
    "MiB/s",
    "peak RSS MiB",
    "schemakit speed / tool speed",
];

/// Throughput in MiB per second of `bytes` read in `wall`; 0 when no time was
/// measured.
pub fn mib_per_second(bytes: u64, wall: Duration) -> f64 {
    let seconds = wall.as_secs_f64();
    if seconds <= 0.0 {
        return 0.0;
    }
    bytes as f64 / (1024.0 * 1024.0) / seconds
}

/// Formats one size's table with aligned columns for the terminal.
pub fn text_table(result: &SizeResult) -> String {
    let cells = result.cells();
    let mut widths = HEADINGS.map(str::len);
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }

    let mut text = format!("{}\n", result.title());
    let headings = HEADINGS.map(str::to_owned);
    for row in std::iter::once(&headings).chain(&cells) {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            if index == 0 {
                let _ = write!(line, "{cell:<width$}");
            } else {
                let _ = write!(line, "  {cell:>width$}");
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// Formats one size's table as a Markdown section.
pub fn markdown_table(result: &SizeResult) -> String {
    let mut text = format!("### {}\n\n", result.title());
    text.push_str(&format!("| {} |\n", HEADINGS.join(" | ")));
    text.push_str("| --- | ---: | ---: | ---: | ---: |\n");
    for row in result.cells() {
        let escaped = row.map(|cell| cell.replace('|', "\\|"));
        text.push_str(&format!("| {} |\n", escaped.join(" | ")));
    }
    text
}

/// Says which statistic of `rounds` runs a table shows: "median of 3 rounds", or
/// "one round" when there was one.
pub fn median_of(rounds: usize) -> String {
    match rounds {
        1 => "one round".to_owned(),
        _ => format!("median of {rounds} rounds"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SizeResult {
        SizeResult {
            group: "DTD validation".to_owned(),
            requested_mib: 10,
            document_bytes: 10 * 1024 * 1024,
            rounds: 3,
            rows: vec![
                Row {
                    tool: "schemakit validate".to_owned(),
                    median_wall: Duration::from_millis(500),
                    median_rss_kib: 4096,
                },
                Row {
                    tool: "xmllint --stream --valid".to_owned(),
                    median_wall: Duration::from_secs(1),
                    median_rss_kib: 2048,
                },
            ],
        }
    }

    #[test]
    fn throughput_in_mib_per_second() {
        let result = sample();
        let speeds: Vec<f64> = result
            .rows
            .iter()
            .map(|row| row.mib_per_second(result.document_bytes))
            .collect();
        assert_eq!(speeds, vec![20.0, 10.0]);
    }

    #[test]
    fn ratio_is_schemakit_over_peer() {
        let cells = sample().cells();
        let ratios: Vec<&str> = cells.iter().map(|row| row[4].as_str()).collect();
        assert_eq!(ratios, vec!["1.00", "2.00"]);
    }

    #[test]
    fn zero_time_gives_no_ratio() {
        let mut result = sample();
        if let Some(row) = result.rows.get_mut(1) {
            row.median_wall = Duration::ZERO;
        }
        let cells = result.cells();
        assert_eq!(cells.get(1).map(|row| row[4].as_str()), Some("n/a"));
    }

    #[test]
    fn markdown_has_row_per_tool() {
        let table = markdown_table(&sample());
        let rows = table.lines().filter(|line| line.starts_with('|')).count();
        assert_eq!(rows, 4);
        assert!(table.contains("| xmllint --stream --valid | 1.000 | 10.0 | 2.0 | 2.00 |"));
    }

    #[test]
    fn text_table_aligns_columns() {
        let table = text_table(&sample());
        let widths: Vec<usize> = table.lines().skip(1).map(str::len).collect();
        assert_eq!(widths.len(), 3);
        assert!(widths.iter().all(|width| Some(width) == widths.first()));
    }
}
