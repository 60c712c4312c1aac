//! `stacktical fit` as a user runs it: real files, real process, exit codes and output.

use std::process::{Command, Output, Stdio};

/// A data set of the USL engine's tests. Cargo gives the directory when it runs the test, not
/// when it compiles it: the shared target directory may hold this binary as compiled from
/// another checkout, whose files may differ.
fn data(name: &str) -> String {
	let tool = std::env::var("CARGO_MANIFEST_DIR").expect("tests run through cargo");
	format!("{tool}/../../crates/usl/tests/data/{name}")
}

fn stacktical(args: &[&str], stdin: Option<&str>) -> Output {
	let mut child = Command::new(env!("CARGO_BIN_EXE_stacktical"))
		.args(args)
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.unwrap();
	if let Some(text) = stdin {
		use std::io::Write;
		child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
	} else {
		drop(child.stdin.take());
	}
	child.wait_with_output().unwrap()
}

fn json(args: &[&str], stdin: Option<&str>) -> serde_json::Value {
	let out = stacktical(args, stdin);
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn json_report_has_every_documented_key() {
	let v = json(
		&["fit", "--input", &data("specsdm91.csv"), "--format", "json", "--predict", "10,20,50"],
		None,
	);
	for key in [
		"sigma",
		"kappa",
		"lambda",
		"peak_n",
		"peak_n_floor",
		"peak_x",
		"latency_at_peak",
		"x_roof",
		"n_opt",
		"r_squared",
		"residual_standard_error",
		"stderr",
		"ci95",
		"points",
		"warnings",
		"predictions",
	] {
		assert!(v.get(key).is_some(), "missing {key}");
	}
	assert!((v["sigma"].as_f64().unwrap() - 0.0277285).abs() < 3e-5);
	assert!((v["peak_n"].as_f64().unwrap() - 96.51956).abs() < 0.1);
	assert_eq!(v["peak_n_floor"], 96);
	for k in ["sigma", "kappa", "lambda"] {
		let ci = v["ci95"][k].as_array().unwrap();
		assert!(
			ci[0].as_f64().unwrap() <= v[k].as_f64().unwrap()
				&& v[k].as_f64().unwrap() <= ci[1].as_f64().unwrap()
		);
		assert!(v["stderr"][k].as_f64().unwrap() > 0.0);
	}
	assert_eq!(v["points"].as_array().unwrap().len(), 7);
	let predictions = v["predictions"].as_array().unwrap();
	assert_eq!(predictions.len(), 3);
	assert_eq!(predictions[2]["n"], 50.0);
	let band = predictions[2]["x_ci95"].as_array().unwrap();
	assert!(band[0].as_f64().unwrap() < predictions[2]["x"].as_f64().unwrap());
}

#[test]
fn undefined_values_are_null_with_a_warning() {
	let v = json(&["fit", "--input", &data("raytracer.csv"), "--format", "json"], None);
	assert_eq!(v["kappa"], 0.0);
	assert!(v["peak_n"].is_null() && v["peak_x"].is_null() && v["latency_at_peak"].is_null());
	let warnings: Vec<String> =
		v["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_string()).collect();
	assert!(warnings.iter().any(|w| w.contains("no finite peak")), "{warnings:?}");
}

#[test]
fn reads_standard_input_and_prints_a_table() {
	let csv = std::fs::read_to_string(data("specsdm91.csv")).unwrap();
	let out = stacktical(&["fit", "--input", "-"], Some(&csv));
	assert!(out.status.success());
	let text = String::from_utf8(out.stdout).unwrap();
	assert!(text.contains("peak at N = 96.5"), "{text}");
	assert!(text.contains("contention penalty") && text.contains("Amdahl ceiling"));
}

#[test]
fn bad_input_is_one_line_naming_the_problem_and_exits_2() {
	let cases: [(&str, &str); 5] = [
		("n,x\n1,10\n2,abc\n3,30\n", "line 3: column x: `abc` is not a number"),
		("size,tps\n1,10\n", "line 1: bad header"),
		("n,x\n1,10\n2,19\n", "too few points: 2 given, at least 3 needed"),
		("n,x\n1,10\n2,19\n\n4,-3\n", "line 5: x must be greater than 0"),
		("n,x\n4,10\n4,11\n4,12\n", "distinct value(s) of n"),
	];
	for (csv, expected) in cases {
		let out = stacktical(&["fit", "--input", "-"], Some(csv));
		assert_eq!(out.status.code(), Some(2), "{csv}");
		let err = String::from_utf8(out.stderr).unwrap();
		assert_eq!(err.lines().count(), 1, "{err}");
		assert!(err.contains(expected), "{err} should contain {expected}");
	}
	let out = stacktical(&["fit", "--input", "/no/such/file.csv"], None);
	assert_eq!(out.status.code(), Some(2));
	assert!(String::from_utf8(out.stderr).unwrap().contains("/no/such/file.csv"));
}

#[test]
fn draws_svg_and_png_charts() {
	let dir = std::env::temp_dir().join(format!("stacktical-chart-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let csv = dir.join("with-latency.csv");
	std::fs::write(&csv, "n,x,r\n1,100,10\n2,190,10.5\n4,350,11.4\n8,560,14.3\n16,700,22.9\n24,690,34.8\n32,640,50\n").unwrap();
	let svg = dir.join("chart.svg");
	let png = dir.join("chart.png");
	for path in [&svg, &png] {
		let out = stacktical(
			&["fit", "-i", csv.to_str().unwrap(), "--chart", path.to_str().unwrap()],
			None,
		);
		assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	}
	let text = std::fs::read_to_string(&svg).unwrap();
	assert!(text.starts_with("<svg") && text.trim_end().ends_with("</svg>"));
	assert!(
		text.contains("latency R") && text.contains("peak: N*"),
		"the chart names its second axis and peak"
	);
	let bytes = std::fs::read(&png).unwrap();
	assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
	let out = stacktical(
		&["fit", "-i", csv.to_str().unwrap(), "--chart", dir.join("chart.gif").to_str().unwrap()],
		None,
	);
	assert!(!out.status.success());
	std::fs::remove_dir_all(&dir).unwrap();
}
