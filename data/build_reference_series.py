#!/usr/bin/env python3
"""Builds data/reference_series.csv (a dated reference-price path per GPU) from the dated quotes in
data/gpu_reference_prices.csv. Rules (documented in data/README.md):
  1. GPUs H100, A100, RTX4090.
  2. Market prices only: stat not in {threshold, estimate, illustrative} (breakevens, third-party
     estimates and governance worked examples are not prices).
  3. Pay-as-you-go tiers only: kind in {on-demand, spot, unspecified, list}; term prices (reserved,
     reserved-1y/3y, contract-1y, capacity-block) are left out.
  4. Hyperscaler list prices left out (provider AWS): 1.5-3x the market in the same months
     (2023-07-27 AWS 12.29 vs 2023 market 4.70-8.00; 2026-09 AWS 3.93 vs Akash 1.33).
  5. Dates: YYYY-MM becomes the first of the month (year-precision rows keep their placeholder month).
  6. One point per (gpu, date): the median of that date's remaining quotes (range_low/range_high rows
     count as two quotes).
Run from the repository root: python3 data/build_reference_series.py > data/reference_series.csv
"""
import csv, statistics, sys
from collections import defaultdict

GPUS = {"H100", "A100", "RTX4090"}
NOT_PRICES = {"threshold", "estimate", "illustrative"}
KINDS = {"on-demand", "spot", "unspecified", "list"}

points = defaultdict(list)
for r in csv.DictReader(open("data/gpu_reference_prices.csv", newline="")):
    if r["gpu"] not in GPUS or r["stat"] in NOT_PRICES or r["kind"] not in KINDS:
        continue
    if r["provider"] == "AWS":
        continue
    d = r["date"] if len(r["date"]) == 10 else r["date"] + "-01"
    points[(r["gpu"], d)].append(float(r["usd_per_gpu_hour"]))

w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["date", "gpu", "usd_per_gpu_hour", "quotes"])
for (gpu, d) in sorted(points, key=lambda k: (k[0], k[1])):
    v = points[(gpu, d)]
    w.writerow([d, gpu, f"{statistics.median(v):.4f}", len(v)])
