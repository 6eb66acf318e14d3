//! Report writer (metrics.csv, summary.json, SVG plots, report.html).
