//! Reading measurements from CSV: a header naming the columns `n` and `x` (and optionally
//! `r`), then one measurement per line. Every problem is reported with its line number.

use std::fmt;
use usl::Point;

/// A problem with the input, naming where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
	/// 1-based line number, when the problem is on one line.
	pub line: Option<usize>,
	/// What is wrong.
	pub message: String,
}

impl fmt::Display for InputError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self.line {
			Some(line) => write!(f, "line {line}: {}", self.message),
			None => f.write_str(&self.message),
		}
	}
}

fn error(line: Option<usize>, message: impl Into<String>) -> InputError {
	InputError { line, message: message.into() }
}

/// Measurements parsed from CSV, with the line each came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurements {
	/// The points, in file order.
	pub points: Vec<Point>,
	/// The 1-based line number of each point.
	pub lines: Vec<usize>,
	/// Whether the file had an `r` (latency) column.
	pub has_latency: bool,
}

/// Parses CSV text. Blank lines and lines starting with `#` are skipped; columns other than
/// `n`, `x` and `r` are ignored. Checks that values are numbers; whether they make sense for a
/// fit (positive, enough of them) is the fit's to say.
pub fn parse_csv(text: &str) -> Result<Measurements, InputError> {
	let mut lines = text
		.lines()
		.enumerate()
		.map(|(i, l)| (i + 1, l.trim()))
		.filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
	let (header_line, header) = lines
		.next()
		.ok_or_else(|| error(None, "the input is empty: expected a header `n,x` or `n,x,r`"))?;
	let columns: Vec<String> = header.split(',').map(|c| c.trim().to_ascii_lowercase()).collect();
	let find = |name: &str| columns.iter().position(|c| c == name);
	let (Some(n_col), Some(x_col)) = (find("n"), find("x")) else {
		return Err(error(
			Some(header_line),
			format!("bad header `{header}`: expected columns `n` and `x` (and optionally `r`)"),
		));
	};
	let r_col = find("r");
	let mut out =
		Measurements { points: Vec::new(), lines: Vec::new(), has_latency: r_col.is_some() };
	for (line, row) in lines {
		let cells: Vec<&str> = row.split(',').map(str::trim).collect();
		if cells.len() != columns.len() {
			return Err(error(
				Some(line),
				format!(
					"expected {} columns like the header, found {}",
					columns.len(),
					cells.len()
				),
			));
		}
		let number = |col: usize, name: &str| -> Result<f64, InputError> {
			let cell = cells[col];
			cell.parse::<f64>()
				.map_err(|_| error(Some(line), format!("column {name}: `{cell}` is not a number")))
		};
		let n = number(n_col, "n")?;
		let x = number(x_col, "x")?;
		let r = match r_col {
			Some(col) if !cells[col].is_empty() => Some(number(col, "r")?),
			_ => None,
		};
		out.points.push(Point { n, x, r });
		out.lines.push(line);
	}
	Ok(out)
}

/// Parses a comma-separated list of sizes such as `10,20,50`.
pub fn parse_sizes(list: &str) -> Result<Vec<f64>, String> {
	list.split(',')
		.map(str::trim)
		.filter(|s| !s.is_empty())
		.map(|s| match s.parse::<f64>() {
			Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
			_ => Err(format!("`{s}` is not a positive number")),
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn reads_columns_in_any_order_and_skips_comments() {
		let m = parse_csv("# sweep\nx, N, r\n10,1,0.1\n\n18,2,0.11\n").unwrap();
		assert_eq!(
			m.points,
			vec![Point { n: 1.0, x: 10.0, r: Some(0.1) }, Point { n: 2.0, x: 18.0, r: Some(0.11) }]
		);
		assert_eq!(m.lines, vec![3, 5]);
		assert!(m.has_latency);
	}

	#[test]
	fn names_the_line_and_column_of_a_bad_cell() {
		let e = parse_csv("n,x\n1,10\n2,abc\n").unwrap_err();
		assert_eq!(e.to_string(), "line 3: column x: `abc` is not a number");
		let e = parse_csv("n,x\n1,10,4\n").unwrap_err();
		assert_eq!(e.to_string(), "line 2: expected 2 columns like the header, found 3");
	}

	#[test]
	fn rejects_a_header_without_n_and_x() {
		let e = parse_csv("size,tps\n1,10\n").unwrap_err();
		assert!(e.to_string().starts_with("line 1: bad header"), "{e}");
		assert!(parse_csv("").unwrap_err().to_string().contains("empty"));
	}

	#[test]
	fn parses_size_lists() {
		assert_eq!(parse_sizes("10, 20,50").unwrap(), vec![10.0, 20.0, 50.0]);
		assert!(parse_sizes("10,-2").is_err());
	}
}
