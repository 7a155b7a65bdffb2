import { stringify } from "csv-stringify/sync";
import type { Metric } from "../reconcile/classify.ts";
import { formatEstimateCi, formatMeanSd, formatNumber, formatP } from "../stats/format.ts";
import { escapeHtml, htmlPage, htmlTable } from "./html.ts";
import { renderTable } from "./table.ts";
import { formatYears, type WindowsReport } from "./windows-report.ts";
import { formatYearSpan, METRIC_LABELS, REPORT_METRICS, type PersonCounts } from "./windows.ts";

export const REPORT_FORMATS = ["table", "csv", "json", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderWindows(report: WindowsReport, format: ReportFormat): string {
  switch (format) {
    case "table":
      return renderWindowsTable(report);
    case "csv":
      return renderWindowsCsv(report);
    case "json":
      return JSON.stringify(windowsJson(report), null, 2);
    case "html":
      return renderWindowsHtml(report);
    default: {
      const unknown: never = format;
      throw new Error(`Unknown report format ${String(unknown)}`);
    }
  }
}

/** The sentences that go with the numbers: the tests used, then who and what was left out or flagged. */
export function windowsNotes(report: WindowsReport): string[] {
  const statNotes = report.metrics
    .filter((metric) => metric.note !== null)
    .map((metric) => `${METRIC_LABELS[metric.metric]}: ${metric.note}.`);
  return [
    "Counts per person of accepted items; mean (SD) per person; paired t test of post - pre " +
      "(df = n - 1), two-sided P. A grant counts in every window its active years overlap.",
    ...report.notes,
    ...statNotes,
  ];
}

function describeWindows(report: WindowsReport): { pre: string; post: string } {
  const { spec } = report;
  if (spec.kind === "fixed") return { pre: formatYearSpan(spec.pre), post: formatYearSpan(spec.post) };
  return {
    pre: `the ${spec.preYears} year(s) before each person's program start`,
    post: `the ${spec.postYears} year(s) from it`,
  };
}

function title(report: WindowsReport): string {
  const windows = describeWindows(report);
  return (
    `Cohort ${report.cohort}: pre ${windows.pre}, post ${windows.post}; ` +
    `n = ${report.people.length}, compared in pairs (per person)`
  );
}

/** The reference table's columns: metric, total and mean (SD) in each window, paired t, P. */
export const WINDOWS_TABLE_HEAD = [
  "METRIC",
  "PRE TOTAL",
  "PRE MEAN (SD)",
  "POST TOTAL",
  "POST MEAN (SD)",
  "PAIRED T",
  "P",
];

/** The reference table's rows, one per metric, as printed. */
export function windowsSummaryRows(report: WindowsReport): string[][] {
  return report.metrics.map((metric) => [
    METRIC_LABELS[metric.metric],
    String(metric.pre.total),
    formatMeanSd(metric.pre.mean, metric.pre.sd, 1),
    String(metric.post.total),
    formatMeanSd(metric.post.mean, metric.post.sd, 1),
    formatNumber(metric.t, 3),
    formatP(metric.p),
  ]);
}

function renderWindowsTable(report: WindowsReport): string {
  return [
    title(report),
    "",
    renderTable(WINDOWS_TABLE_HEAD, windowsSummaryRows(report)),
    "",
    ...windowsNotes(report),
    "The mean difference (95% CI), Wilcoxon signed-rank test and effect size d_z are in json and html.",
  ].join("\n");
}

/** The CSV header: one row per person and metric, numbers unrounded, empty where undefined. */
export const WINDOWS_CSV_COLUMNS = [
  "cohort",
  "faculty_id",
  "metric",
  "pre_from",
  "pre_to",
  "post_from",
  "post_to",
  "pre_count",
  "post_count",
  "pre_years_on_faculty",
  "post_years_on_faculty",
  "pre_partial",
  "post_partial",
  "pre_rate_per_year",
  "post_rate_per_year",
] as const;

function renderWindowsCsv(report: WindowsReport): string {
  const rows = report.people.flatMap((person) =>
    REPORT_METRICS.map((metric) => [
      report.cohort,
      person.facultyId,
      metric,
      person.pre.from,
      person.pre.to,
      person.post.from,
      person.post.to,
      person.counts[metric].pre,
      person.counts[metric].post,
      person.pre.yearsOnFaculty,
      person.post.yearsOnFaculty,
      person.pre.partial,
      person.post.partial,
      person.ratesPerYear[metric].pre ?? "",
      person.ratesPerYear[metric].post ?? "",
    ]),
  );
  return stringify([[...WINDOWS_CSV_COLUMNS], ...rows], {
    cast: { boolean: (value) => String(value) },
  }).replace(/\n$/, "");
}

/**
 * The json contract: cohort, pre, post, metrics, faculty, in that order, then what else explains them.
 * With relative windows, pre and post give offsets from each person's program-start year (0 = that year).
 */
export function windowsJson(report: WindowsReport) {
  const { spec } = report;
  const window = (which: "pre" | "post") => {
    if (spec.kind === "fixed") return { from: spec[which].from, to: spec[which].to };
    const years = which === "pre" ? spec.preYears : spec.postYears;
    return {
      relative: "program_start" as const,
      years,
      from: which === "pre" ? -years : 0,
      to: which === "pre" ? -1 : years - 1,
    };
  };
  return {
    cohort: report.cohort,
    pre: window("pre"),
    post: window("post"),
    metrics: report.metrics.map((metric) => ({
      metric: metric.metric,
      n: metric.n,
      pre: metric.pre,
      post: metric.post,
      meanDifference: metric.meanDifference,
      ci95: metric.ci95,
      t: metric.t,
      df: metric.df,
      p: metric.p,
      wilcoxon: metric.wilcoxon,
      effectSize: metric.effectSize,
      note: metric.note,
    })),
    faculty: report.people.map((person) => ({
      facultyId: person.facultyId,
      counts: ordered(person.counts),
      pre: person.pre,
      post: person.post,
      ratesPerYear: ordered(person.ratesPerYear),
    })),
    date: report.date,
    leftOut: report.leftOut,
    notes: windowsNotes(report),
  };
}

function ordered<T>(byMetric: Record<Metric, T>): Record<Metric, T> {
  return Object.fromEntries(REPORT_METRICS.map((metric) => [metric, byMetric[metric]])) as Record<Metric, T>;
}

// ---- HTML ----------------------------------------------------------------------------------------

function renderWindowsHtml(report: WindowsReport): string {
  const windows = describeWindows(report);
  const statRows = report.metrics.map((metric) => [
    METRIC_LABELS[metric.metric],
    String(metric.n),
    formatEstimateCi(metric.meanDifference, metric.ci95, 2),
    formatNumber(metric.df, 0),
    formatNumber(metric.wilcoxon.statistic, 1),
    formatP(metric.wilcoxon.p),
    formatNumber(metric.effectSize, 2),
  ]);
  const body = [
    `<h1>Productivity before and after: cohort ${escapeHtml(report.cohort)}</h1>`,
    `<p>Pre: ${escapeHtml(windows.pre)}. Post: ${escapeHtml(windows.post)}. ` +
      `${report.people.length} people compared in pairs. Publications dated by their ` +
      `${report.date === "electronic" ? "PubMed electronic date" : "publication year"}.</p>`,
    `<section><h2>Counts per person, before and after</h2>`,
    htmlTable(
      ["metric", "pre total", "pre mean (SD)", "post total", "post mean (SD)", "paired t", "P"],
      windowsSummaryRows(report),
    ),
    `<h2>Differences (post - pre)</h2>`,
    htmlTable(
      ["metric", "n", "mean difference (95% CI)", "df", "Wilcoxon V", "Wilcoxon P", "effect size d_z"],
      statRows,
    ),
    `</section>`,
    `<section><h2>Mean per person in each window</h2>`,
    `<figure>${meanBarChart(report)}<figcaption>Mean count per person, pre (light) and post (dark), by metric.</figcaption></figure>`,
    `</section>`,
    `<section><h2>Each person, pre and post</h2>`,
    `<div class="charts">${REPORT_METRICS.map((metric) => `<figure>${pairedPlot(report.people, metric)}</figure>`).join("\n")}</div>`,
    `<p>Each line joins one person's pre and post counts; thicker lines are several people with the ` +
      `same counts (hover for their ids). The heavy line joins the means.</p>`,
    `</section>`,
    `<section><h2>Per person</h2>`,
    personTable(report.people),
    `</section>`,
    `<section class="notes"><h2>Notes</h2><ul>`,
    ...windowsNotes(report).map((note) => `<li>${escapeHtml(note)}</li>`),
    `</ul></section>`,
  ].join("\n");
  return htmlPage(`Productivity windows: cohort ${report.cohort}`, body);
}

function personTable(people: readonly PersonCounts[]): string {
  const head = [
    "faculty id",
    "pre years",
    "post years",
    ...REPORT_METRICS.map((metric) => `${METRIC_LABELS[metric]} (pre → post)`),
  ];
  const rows = people.map((person) => {
    const flagged = person.pre.partial || person.post.partial;
    return [
      person.facultyId + (flagged ? " *" : ""),
      windowCell(person.pre),
      windowCell(person.post),
      ...REPORT_METRICS.map((metric) => {
        const counts = `${person.counts[metric].pre} → ${person.counts[metric].post}`;
        if (!flagged) return counts;
        const rate = person.ratesPerYear[metric];
        return `${counts} (${formatRate(rate.pre)} → ${formatRate(rate.post)} a year)`;
      }),
    ];
  });
  return (
    htmlTable(head, rows, [0]) +
    `\n<p>* On faculty for only part of a window (hire date): the years on faculty are given beside the ` +
    `window, and the output per year on faculty (from the hire year on) beside the counts.</p>`
  );
}

function windowCell(window: PersonCounts["pre"]): string {
  const span = formatYearSpan(window);
  return window.partial ? `${span} (${formatYears(window.yearsOnFaculty)} on faculty)` : span;
}

function formatRate(rate: number | null): string {
  return rate === null ? "n/a" : formatNumber(rate, 2);
}

// ---- SVG charts: plain shapes, grey and black so they print the same in colour or not. ----

const PRE_FILL = "#b8b8b8";
const POST_FILL = "#222222";

/** The smallest 1, 2 or 5 times a power of ten at or above `value` divided into at most 5 steps. */
export function niceScale(value: number): { max: number; step: number } {
  if (!(value > 0)) return { max: 1, step: 1 };
  const rough = value / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  return { max: Math.ceil(value / step - 1e-9) * step, step };
}

function yAxis(scale: { max: number; step: number }, x: number, top: number, bottom: number, right: number) {
  const y = (value: number) => bottom - (value / scale.max) * (bottom - top);
  const ticks: string[] = [];
  for (let value = 0; value <= scale.max + 1e-9; value += scale.step) {
    const label = formatNumber(value, Number.isInteger(scale.step) ? 0 : 1);
    ticks.push(
      `<line x1="${x}" x2="${right}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>` +
        `<text x="${x - 4}" y="${y(value) + 4}" font-size="11" text-anchor="end">${label}</text>`,
    );
  }
  return { y, svg: ticks.join("") };
}

function meanBarChart(report: WindowsReport): string {
  const width = 760;
  const height = 300;
  const [left, right, top, bottom] = [44, width - 10, 28, height - 64];
  const means = report.metrics.map((metric) => ({
    metric: metric.metric,
    pre: metric.pre.mean ?? 0,
    post: metric.post.mean ?? 0,
  }));
  const scale = niceScale(Math.max(0, ...means.flatMap((mean) => [mean.pre, mean.post])));
  const axis = yAxis(scale, left, top, bottom, right);
  const groupWidth = (right - left) / Math.max(1, means.length);
  const barWidth = Math.min(36, groupWidth / 3);
  const bars = means.map((mean, index) => {
    const centre = left + groupWidth * (index + 0.5);
    const bar = (value: number, x: number, fill: string, which: string) =>
      `<rect x="${x}" y="${axis.y(value)}" width="${barWidth}" height="${bottom - axis.y(value)}" fill="${fill}" stroke="#000" stroke-width="0.5">` +
      `<title>${escapeHtml(`${METRIC_LABELS[mean.metric]}, ${which}: ${formatNumber(value, 2)}`)}</title></rect>` +
      `<text x="${x + barWidth / 2}" y="${axis.y(value) - 4}" font-size="11" text-anchor="middle">${formatNumber(value, 1)}</text>`;
    return (
      bar(mean.pre, centre - barWidth - 2, PRE_FILL, "pre") +
      bar(mean.post, centre + 2, POST_FILL, "post") +
      wrappedLabel(METRIC_LABELS[mean.metric], centre, bottom + 16, groupWidth)
    );
  });
  const legend =
    `<rect x="${left}" y="6" width="12" height="12" fill="${PRE_FILL}" stroke="#000" stroke-width="0.5"/>` +
    `<text x="${left + 16}" y="16" font-size="12">pre</text>` +
    `<rect x="${left + 56}" y="6" width="12" height="12" fill="${POST_FILL}"/>` +
    `<text x="${left + 72}" y="16" font-size="12">post</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Mean count per person, pre and post, by metric">` +
    `${axis.svg}<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#000"/>${bars.join("")}${legend}</svg>`
  );
}

/** A label broken into lines of about the width available, centred under x. */
function wrappedLabel(text: string, x: number, y: number, width: number): string {
  const perLine = Math.max(8, Math.floor(width / 6.5));
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= perLine)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const spans = lines.map(
    (line, index) => `<tspan x="${x}" dy="${index === 0 ? 0 : 13}">${escapeHtml(line)}</tspan>`,
  );
  return `<text x="${x}" y="${y}" font-size="11" text-anchor="middle">${spans.join("")}</text>`;
}

function pairedPlot(people: readonly PersonCounts[], metric: Metric): string {
  const width = 240;
  const height = 230;
  const [left, right, top, bottom] = [36, width - 16, 30, height - 28];
  const xPre = left + 30;
  const xPost = right - 30;
  const pairs = new Map<string, { pre: number; post: number; ids: string[] }>();
  for (const person of people) {
    const { pre, post } = person.counts[metric];
    const key = `${pre}:${post}`;
    const pair = pairs.get(key);
    if (pair) pair.ids.push(person.facultyId);
    else pairs.set(key, { pre, post, ids: [person.facultyId] });
  }
  const scale = niceScale(Math.max(0, ...[...pairs.values()].flatMap((pair) => [pair.pre, pair.post])));
  const axis = yAxis(scale, left, top, bottom, right);
  const lines = [...pairs.values()].map((pair) => {
    const strokeWidth = 1 + 1.2 * (pair.ids.length - 1);
    const tip = `${pair.ids.join(", ")}: ${pair.pre} → ${pair.post}`;
    return (
      `<g><title>${escapeHtml(tip)}</title>` +
      `<line x1="${xPre}" y1="${axis.y(pair.pre)}" x2="${xPost}" y2="${axis.y(pair.post)}" stroke="#666" stroke-opacity="0.7" stroke-width="${strokeWidth}"/>` +
      `<circle cx="${xPre}" cy="${axis.y(pair.pre)}" r="3" fill="${PRE_FILL}" stroke="#000" stroke-width="0.5"/>` +
      `<circle cx="${xPost}" cy="${axis.y(pair.post)}" r="3" fill="${POST_FILL}"/></g>`
    );
  });
  const meanOf = (which: "pre" | "post") =>
    people.length === 0
      ? 0
      : people.reduce((sum, person) => sum + person.counts[metric][which], 0) / people.length;
  const meanLine =
    people.length === 0
      ? ""
      : `<line x1="${xPre}" y1="${axis.y(meanOf("pre"))}" x2="${xPost}" y2="${axis.y(meanOf("post"))}" stroke="#000" stroke-width="3.5"><title>mean: ${formatNumber(meanOf("pre"), 2)} → ${formatNumber(meanOf("post"), 2)}</title></line>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`${METRIC_LABELS[metric]}: each person's pre and post counts`)}">` +
    `<text x="${width / 2}" y="16" font-size="12" font-weight="bold" text-anchor="middle">${escapeHtml(METRIC_LABELS[metric])}</text>` +
    axis.svg +
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#000"/>` +
    lines.join("") +
    meanLine +
    `<text x="${xPre}" y="${bottom + 18}" font-size="12" text-anchor="middle">pre</text>` +
    `<text x="${xPost}" y="${bottom + 18}" font-size="12" text-anchor="middle">post</text>` +
    `</svg>`
  );
}
