// Browser check of the simulator's report.html (see scripts/report-check.sh).
//
//   node check.mjs <report.html> <screenshot.png>
//
// Loads the report in headless Debian Chromium through playwright-core and fails (exit 1) on:
// - any console error or warning-level "error" message, any uncaught page error, any request that
//   fails or leaves the file itself (the report is self-contained: no external assets, no scripts);
// - a chart the report must contain that is missing, not rendered (zero width or height), or empty:
//   every chart is an inline <svg> inside <figure data-chart="...">, and every series in its legend
//   must be drawn as a polyline of that series' colour with at least two points and a visible extent;
// - an extra chart this check does not know (keep EXPECTED_CHARTS in step with crates/sim/src/report.rs);
//   the number of charts must also equal the number of .svg files written next to report.html;
// - a chart label (any <text> of a chart) that extends beyond its chart's drawing area (clipped);
// - a legend box that hides part of a plotted line;
// - a page wider than the viewport (a table or chart overflowing sideways), or a numeric table cell
//   broken over several lines.
// Then saves a full-page screenshot to <screenshot.png>.

import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The charts report.rs writes, by their data-chart name (the SVG file name without .svg), in order.
export const EXPECTED_CHARTS = [
  'price',
  'token_price',
  'utilization',
  'unmet_demand',
  'failure_rate',
  'job_outcomes_amm',
  'job_outcomes_baseline',
  'active_providers',
  'real_yield',
  'revenue_split_amm',
  'revenue_split_baseline',
  'tokens_emitted',
  'tokens_burned',
  'burn_vs_emission',
  'staked_tokens',
  'collateral_coverage',
  'lp_share_value',
  'arb_pnl',
];

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function main() {
  const [reportArg, shotArg] = process.argv.slice(2);
  if (!reportArg || !shotArg) {
    console.error('usage: node check.mjs <report.html> <screenshot.png>');
    process.exit(2);
  }
  const report = resolve(reportArg);
  const shot = resolve(shotArg);
  const reportUrl = pathToFileURL(report).href;
  const svgFiles = readdirSync(dirname(report)).filter((f) => f.endsWith('.svg')).sort();

  const failures = [];
  const profile = mkdtempSync(join(tmpdir(), 'report-check-chromium-'));
  // A fresh, empty profile every run; persistent context is how playwright-core takes --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') failures.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => failures.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) =>
      failures.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
    );
    page.on('request', (req) => {
      if (req.url() !== reportUrl) failures.push(`unexpected request: ${req.url()}`);
    });

    const resp = await page.goto(reportUrl, { waitUntil: 'load' });
    if (resp && !resp.ok()) failures.push(`loading ${reportUrl}: status ${resp.status()}`);

    const facts = await page.evaluate(() => {
      const rectOf = (el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, w: r.width, h: r.height };
      };
      const figures = [...document.querySelectorAll('figure')].map((fig) => {
        const svg = fig.querySelector('svg');
        const caption = fig.querySelector('figcaption')?.textContent?.trim() ?? '';
        if (!svg) return { name: fig.dataset.chart ?? null, caption, svg: null };
        const box = rectOf(svg);
        // Screen-space points of every polyline (the SVG is scaled to the page width).
        const ctm = svg.getScreenCTM();
        const polylines = [...svg.querySelectorAll('polyline')].map((p) => {
          const pts = [...p.points].map((pt) => {
            const s = new DOMPoint(pt.x, pt.y).matrixTransform(ctm);
            return [pt.x, pt.y, s.x, s.y];
          });
          return { stroke: (p.getAttribute('stroke') || '').toUpperCase(), pts };
        });
        const texts = [...svg.querySelectorAll('text')].map((t) => ({
          text: t.textContent.trim(),
          svgX: Number(t.getAttribute('x')),
          svgY: Number(t.getAttribute('y')),
          ...rectOf(t),
        }));
        // The legend's border: plotters draws it as the one unfilled black rect.
        const border = [...svg.querySelectorAll('rect')].find(
          (r) => r.getAttribute('fill') === 'none' && (r.getAttribute('stroke') || '').toUpperCase() === '#000000',
        );
        const legendBox = border
          ? ['x', 'y', 'width', 'height'].map((a) => Number(border.getAttribute(a)))
          : null;
        return { name: fig.dataset.chart ?? null, caption, svg: box, polylines, texts, legendBox };
      });
      return {
        figures,
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        kpiRows: document.querySelectorAll('table.kpi tbody tr').length,
        // Numeric cells broken over two lines ("55.68% / 55.68% /" then "55.68%").
        wrappedCells: [...document.querySelectorAll('td.num')]
          .filter((td) => {
            const range = document.createRange();
            range.selectNodeContents(td);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            return tops.size > 1;
          })
          .map((td) => td.textContent.trim()),
        title: document.title,
      };
    });

    if (facts.kpiRows === 0) failures.push('no KPI table rows');
    for (const cell of facts.wrappedCells) failures.push(`table cell "${cell}" wraps onto several lines`);
    if (facts.scrollWidth > facts.clientWidth) {
      failures.push(`page overflows sideways: ${facts.scrollWidth}px > ${facts.clientWidth}px`);
    }

    const names = facts.figures.map((f) => f.name);
    for (const want of EXPECTED_CHARTS) {
      if (!names.includes(want)) failures.push(`chart ${want}: missing`);
    }
    for (const name of names) {
      if (!EXPECTED_CHARTS.includes(name)) failures.push(`chart ${name}: not expected by this check`);
    }
    if (JSON.stringify(names) !== JSON.stringify(EXPECTED_CHARTS.filter((n) => names.includes(n)))) {
      failures.push(`charts out of order: ${names.join(', ')}`);
    }
    if (facts.figures.length !== svgFiles.length) {
      failures.push(`${facts.figures.length} charts in the page, ${svgFiles.length} .svg files written`);
    }

    const summary = [];
    for (const fig of facts.figures) {
      const name = fig.name ?? `(figure "${fig.caption}")`;
      if (!fig.svg) {
        failures.push(`chart ${name}: no <svg>`);
        continue;
      }
      if (!(fig.svg.w > 0 && fig.svg.h > 0)) {
        failures.push(`chart ${name}: rendered size ${fig.svg.w}x${fig.svg.h}`);
        continue;
      }
      // Legend samples: 2-point horizontal polylines 20 SVG units long (report.rs draws them so).
      const isLegend = (p) =>
        p.pts.length === 2 && p.pts[0][1] === p.pts[1][1] && Math.abs(p.pts[1][0] - p.pts[0][0]) === 20;
      const legend = fig.polylines.filter(isLegend);
      const data = fig.polylines.filter((p) => !isLegend(p) && p.stroke !== '#000000');
      if (legend.length === 0) failures.push(`chart ${name}: no legend entries`);
      // Legend labels: the texts inside the legend box, top to bottom, in the samples' order.
      const box = fig.legendBox;
      const inBox = (x, y, inset) =>
        box && x > box[0] + inset && x < box[0] + box[2] - inset && y > box[1] + inset && y < box[1] + box[3] - inset;
      const labels = fig.texts.filter((t) => inBox(t.svgX, t.svgY, -1)).sort((a, b) => a.svgY - b.svgY);
      const sorted = [...legend].sort((a, b) => a.pts[0][1] - b.pts[0][1]);
      const labelOf = (stroke) => labels[sorted.findIndex((l) => l.stroke === stroke)]?.text ?? stroke;
      if (!box) failures.push(`chart ${name}: no legend box`);
      const parts = [];
      for (const l of legend) {
        const lines = data.filter((p) => p.stroke === l.stroke && p.pts.length >= 2);
        const xs = lines.flatMap((p) => p.pts.map((q) => q[2]));
        const ys = lines.flatMap((p) => p.pts.map((q) => q[3]));
        const wide = xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
        const tall = ys.length ? Math.max(...ys) - Math.min(...ys) : 0;
        const npts = lines.reduce((n, p) => n + p.pts.length, 0);
        const label = labelOf(l.stroke);
        parts.push(`"${label}" ${npts} pts ${wide.toFixed(0)}x${tall.toFixed(0)}px`);
        if (lines.length === 0 || !(wide > 0)) {
          failures.push(`chart ${name}: series "${label}" has no plotted line`);
        }
        // The legend box must not hide any part of a line (8 samples per segment, 2 px inside the box).
        const hidden = lines.some((p) =>
          p.pts.slice(1).some((q, i) => {
            const a = p.pts[i];
            for (let k = 0; k <= 8; k++) {
              const t = k / 8;
              if (inBox(a[0] + (q[0] - a[0]) * t, a[1] + (q[1] - a[1]) * t, 2)) return true;
            }
            return false;
          }),
        );
        if (hidden) failures.push(`chart ${name}: the legend box hides part of "${label}"`);
      }
      // Clipped labels: every text box must lie inside the chart's own drawing area.
      const tol = 0.5;
      for (const t of fig.texts) {
        if (!t.text || !t.text.trim()) continue;
        const inside =
          t.x >= fig.svg.x - tol &&
          t.y >= fig.svg.y - tol &&
          t.x + t.w <= fig.svg.x + fig.svg.w + tol &&
          t.y + t.h <= fig.svg.y + fig.svg.h + tol;
        if (!inside) failures.push(`chart ${name}: label "${t.text}" clipped by the chart's edge`);
      }
      summary.push(`  ${name}: ${fig.svg.w.toFixed(0)}x${fig.svg.h.toFixed(0)}px; ${parts.join('; ')}`);
    }

    await page.screenshot({ path: shot, fullPage: true });
    console.log(`report-check: ${facts.title}; ${facts.figures.length} charts`);
    for (const line of summary) console.log(line);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }

  console.log(`screenshot: ${shot}`);
  if (failures.length) {
    for (const f of failures) console.error(`FAIL ${f}`);
    console.error(`report-check: ${failures.length} failure(s) in ${basename(report)}`);
    process.exit(1);
  }
  console.log('report-check: OK');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
