//! The scalability chart: measured points, the fitted curve with its 95 % confidence band,
//! the linear and Amdahl bounds, the peak, and latency on a second axis when measured.

use plotters::prelude::*;
use std::path::Path;
use usl::{Model, Point};

/// Fonts tried, in order, for the chart's text (`STACKTICAL_FONT` first).
const FONT_PATHS: [&str; 4] = [
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
	"/System/Library/Fonts/Supplemental/Arial.ttf",
];

fn register_font() -> Result<(), String> {
	let candidates = std::env::var("STACKTICAL_FONT")
		.ok()
		.into_iter()
		.chain(FONT_PATHS.iter().map(|s| s.to_string()));
	for path in candidates {
		if let Ok(bytes) = std::fs::read(&path) {
			let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
			if plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok() {
				return Ok(());
			}
		}
	}
	Err("no TrueType font found for the chart's text: install fonts-dejavu-core or set STACKTICAL_FONT to a .ttf file".into())
}

/// Draws the chart of `model` fitted to `points` to `path`; SVG or PNG by its extension.
pub fn draw(model: &Model, points: &[Point], path: &Path) -> Result<(), String> {
	register_font()?;
	let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
	let size = (1000, 640);
	match ext.as_deref() {
		Some("svg") => plot(model, points, SVGBackend::new(path, size).into_drawing_area()),
		Some("png") => plot(model, points, BitMapBackend::new(path, size).into_drawing_area()),
		_ => Err(format!("{}: the chart file must end in .svg or .png", path.display())),
	}
}

fn plot<DB: DrawingBackend>(
	model: &Model,
	points: &[Point],
	root: DrawingArea<DB, plotters::coord::Shift>,
) -> Result<(), String>
where
	DB::ErrorType: 'static,
{
	let e = |err: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing the chart: {err:?}");
	root.fill(&WHITE).map_err(e)?;
	let c = model.coefficients;
	let max_n = points.iter().map(|p| p.n).fold(1.0, f64::max);
	// Show the peak when it is not far beyond the data, else 1.5 × the largest size.
	let x_max = match model.peak() {
		Some(p) if p.n <= 4.0 * max_n => p.n.max(max_n) * 1.3,
		_ => max_n * 1.5,
	};
	let steps = 200;
	let ns: Vec<f64> = (0..=steps).map(|i| x_max * i as f64 / steps as f64).collect();
	let predictions: Vec<_> = ns.iter().map(|&n| model.predict(n.max(1e-9))).collect();
	let y_data = points.iter().map(|p| p.x).fold(0.0, f64::max);
	let y_band =
		predictions.iter().filter_map(|p| p.throughput_ci95.map(|b| b.1)).fold(0.0, f64::max);
	let y_curve = predictions.iter().map(|p| p.throughput).fold(0.0, f64::max);
	let y_max = y_data.max(y_curve).max(y_band.min(2.0 * y_curve.max(y_data))) * 1.15;
	let has_latency = points.iter().any(|p| p.r.is_some());
	let latency = Latency::new(model, points, &ns);

	let mut chart = ChartBuilder::on(&root)
		.caption("Scalability (Universal Scalability Law)", ("sans-serif", 26))
		.margin(16)
		.x_label_area_size(44)
		.y_label_area_size(64)
		.right_y_label_area_size(if has_latency { 64 } else { 0 })
		.build_cartesian_2d(0.0..x_max, 0.0..y_max)
		.map_err(e)?
		.set_secondary_coord(0.0..x_max, 0.0..latency.r_max);
	chart
		.configure_mesh()
		.x_desc("N (size or concurrency)")
		.y_desc("throughput X")
		.label_style(("sans-serif", 14))
		.draw()
		.map_err(e)?;

	// 95 % confidence band of the mean throughput.
	let band: Vec<(f64, f64)> = predictions
		.iter()
		.filter_map(|p| p.throughput_ci95.map(|(_, hi)| (p.n, hi.min(y_max))))
		.chain(predictions.iter().rev().filter_map(|p| p.throughput_ci95.map(|(lo, _)| (p.n, lo))))
		.collect();
	if !band.is_empty() {
		chart
			.draw_series(std::iter::once(Polygon::new(band, BLUE.mix(0.15).filled())))
			.map_err(e)?
			.label("95% confidence band")
			.legend(|(x, y)| {
				Rectangle::new([(x, y - 5), (x + 18, y + 5)], BLUE.mix(0.15).filled())
			});
	}
	// Linear scaling λN, clipped to the plot.
	let linear_end = (y_max / c.lambda).min(x_max);
	chart
		.draw_series(DashedLineSeries::new(
			vec![(0.0, 0.0), (linear_end, c.lambda * linear_end)],
			6,
			4,
			GREEN.stroke_width(2),
		))
		.map_err(e)?
		.label("linear scaling (lambda*N)")
		.legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], GREEN.stroke_width(2)));
	if let Some(roof) = model.amdahl_ceiling().filter(|r| *r < y_max) {
		chart
			.draw_series(DashedLineSeries::new(
				vec![(0.0, roof), (x_max, roof)],
				6,
				4,
				MAGENTA.stroke_width(2),
			))
			.map_err(e)?
			.label("Amdahl ceiling (lambda/sigma)")
			.legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], MAGENTA.stroke_width(2)));
	}
	chart
		.draw_series(LineSeries::new(
			predictions.iter().map(|p| (p.n, p.throughput)),
			BLUE.stroke_width(3),
		))
		.map_err(e)?
		.label("USL fit")
		.legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLUE.stroke_width(3)));
	chart
		.draw_series(points.iter().map(|p| Circle::new((p.n, p.x), 5, BLACK.filled())))
		.map_err(e)?
		.label("measured throughput")
		.legend(|(x, y)| Circle::new((x + 9, y), 5, BLACK.filled()));
	if let Some(peak) = model.peak().filter(|p| p.n <= x_max) {
		chart
			.draw_series(DashedLineSeries::new(
				vec![(peak.n, 0.0), (peak.n, peak.throughput)],
				4,
				4,
				RED.stroke_width(2),
			))
			.map_err(e)?;
		chart
			.draw_series(std::iter::once(Circle::new((peak.n, peak.throughput), 7, RED.filled())))
			.map_err(e)?
			.label(format!("peak: N* = {:.1}, X = {:.1}", peak.n, peak.throughput))
			.legend(|(x, y)| Circle::new((x + 9, y), 6, RED.filled()));
	}
	if has_latency {
		chart
			.configure_secondary_axes()
			.y_desc("latency R")
			.label_style(("sans-serif", 14))
			.draw()
			.map_err(e)?;
		let orange = RGBColor(230, 140, 0);
		chart
			.draw_secondary_series(LineSeries::new(latency.curve, orange.stroke_width(2)))
			.map_err(e)?
			.label("latency model (Little's law)")
			.legend(move |(x, y)| {
				PathElement::new(vec![(x, y), (x + 18, y)], orange.stroke_width(2))
			});
		chart
			.draw_secondary_series(
				latency
					.measured
					.iter()
					.map(|&(n, r)| TriangleMarker::new((n, r), 7, orange.filled())),
			)
			.map_err(e)?
			.label("measured latency")
			.legend(move |(x, y)| TriangleMarker::new((x + 9, y), 6, orange.filled()));
	}
	chart
		.configure_series_labels()
		.position(SeriesLabelPosition::LowerRight)
		.background_style(WHITE.mix(0.85))
		.border_style(BLACK)
		.label_font(("sans-serif", 14))
		.draw()
		.map_err(e)?;
	root.present().map_err(e)?;
	Ok(())
}

/// Measured latency, and Little's-law latency `R(N) = N/X(N)` scaled by least squares to
/// the unit of the measured column (the model's own unit is the reciprocal of throughput's).
struct Latency {
	measured: Vec<(f64, f64)>,
	curve: Vec<(f64, f64)>,
	r_max: f64,
}

impl Latency {
	fn new(model: &Model, points: &[Point], ns: &[f64]) -> Latency {
		let measured: Vec<(f64, f64)> =
			points.iter().filter_map(|p| p.r.map(|r| (p.n, r))).collect();
		let (num, den) = measured.iter().fold((0.0, 0.0), |(a, b), &(n, r)| {
			let m = model.latency(n);
			(a + r * m, b + m * m)
		});
		let scale = if den > 0.0 { num / den } else { 1.0 };
		let curve: Vec<(f64, f64)> =
			ns.iter().filter(|n| **n > 0.0).map(|&n| (n, scale * model.latency(n))).collect();
		let r_max =
			measured.iter().map(|m| m.1).chain(curve.iter().map(|c| c.1)).fold(0.0, f64::max)
				* 1.15;
		Latency {
			measured,
			curve,
			r_max: if r_max > 0.0 && r_max.is_finite() { r_max } else { 1.0 },
		}
	}
}
