import type { WindowsReport } from "../../reports/windows-report.ts";
import { windowsNotes } from "../../reports/render-windows.ts";
import { formatEstimateCi, formatMeanSd, formatNumber, formatP } from "../../stats/format.ts";
import { barChart } from "./chart.ts";
import { facultyHref, METRIC_LABELS, REPORT_METRICS } from "./format.ts";
import { render } from "./layout.ts";

/** What the report form holds, as given (so that a mistake is shown in place). */
export interface WindowsForm {
  cohort: string;
  mode: "fixed" | "relative";
  pre: string;
  post: string;
  preYears: string;
  postYears: string;
  date: string;
}

const FORM = `<h1>Cohort report</h1>
<p>A cohort's output in a window before a program and a window after it, compared per person (paired), as <code>scholartrack report windows</code> gives it.</p>
<form method="get" action="/reports/windows" aria-label="Choose the cohort and windows" class="no-print">
  <% if (it.error) { %><p class="error" role="alert"><%= it.error %></p><% } %>
  <div class="filters">
    <div class="field">
      <label for="cohort">Cohort</label>
      <select id="cohort" name="cohort" required>
        <% it.cohorts.forEach(function (cohort) { %><option value="<%= cohort %>"<% if (cohort === it.form.cohort) { %> selected<% } %>><%= cohort %></option><% }) %>
      </select>
    </div>
    <fieldset>
      <legend>Windows</legend>
      <label><input type="radio" name="mode" value="fixed"<% if (it.form.mode === "fixed") { %> checked<% } %>> Fixed years</label>
      <label><input type="radio" name="mode" value="relative"<% if (it.form.mode === "relative") { %> checked<% } %>> Relative to each person's program start</label>
    </fieldset>
    <div class="field">
      <label for="pre">Pre window (fixed)</label>
      <input id="pre" name="pre" type="text" size="10" value="<%= it.form.pre %>" placeholder="2011-2013">
    </div>
    <div class="field">
      <label for="post">Post window (fixed)</label>
      <input id="post" name="post" type="text" size="10" value="<%= it.form.post %>" placeholder="2014-2016">
    </div>
    <div class="field">
      <label for="preYears">Years before (relative)</label>
      <input id="preYears" name="preYears" type="number" min="1" max="50" value="<%= it.form.preYears %>">
    </div>
    <div class="field">
      <label for="postYears">Years from (relative)</label>
      <input id="postYears" name="postYears" type="number" min="1" max="50" value="<%= it.form.postYears %>">
    </div>
    <div class="field">
      <label for="date">Dated by</label>
      <select id="date" name="date">
        <option value="publication"<% if (it.form.date === "publication") { %> selected<% } %>>publication year</option>
        <option value="electronic"<% if (it.form.date === "electronic") { %> selected<% } %>>PubMed electronic date</option>
      </select>
    </div>
    <div><button type="submit">Show the report</button></div>
  </div>
</form>`;

const REPORT = `<section aria-labelledby="report-title">
<h2 id="report-title"><%= it.heading %></h2>
<p class="no-print">Download: <a href="<%= it.download('csv') %>" download>CSV</a> · <a href="<%= it.download('json') %>" download>JSON</a> · <a href="<%= it.download('html') %>" download>HTML</a></p>
<table>
  <caption>Per metric: totals and mean (SD) per person in each window, the mean difference, paired t and Wilcoxon tests</caption>
  <thead><tr><th scope="col">Metric</th><th scope="col" class="number">n</th><th scope="col" class="number">Pre total</th><th scope="col" class="number">Pre mean (SD)</th><th scope="col" class="number">Post total</th><th scope="col" class="number">Post mean (SD)</th><th scope="col" class="number">Mean difference (95% CI)</th><th scope="col" class="number">Paired t</th><th scope="col" class="number">df</th><th scope="col" class="number">P</th><th scope="col" class="number">Wilcoxon P</th></tr></thead>
  <tbody>
  <% it.rows.forEach(function (row) { %>
    <tr><th scope="row"><%= row.label %></th><% row.cells.forEach(function (cell) { %><td class="number"><%= cell %></td><% }) %></tr>
  <% }) %>
  </tbody>
</table>
<%~ it.chart %>
<h3>Per person</h3>
<table>
  <caption>Counts per person in each window (pre → post)</caption>
  <thead><tr><th scope="col">Person</th><th scope="col">Pre</th><th scope="col">Post</th><% it.metrics.forEach(function (metric) { %><th scope="col" class="number"><%= it.labels[metric] %></th><% }) %></tr></thead>
  <tbody>
  <% it.r.people.forEach(function (person) { %>
    <tr><th scope="row"><a href="<%= it.facultyHref(person.facultyId) %>"><%= person.facultyId %></a></th><td><%= person.pre.from %>–<%= person.pre.to %><%= person.pre.partial ? " (partly on faculty)" : "" %></td><td><%= person.post.from %>–<%= person.post.to %><%= person.post.partial ? " (partly on faculty)" : "" %></td>
    <% it.metrics.forEach(function (metric) { %><td class="number"><%= person.counts[metric].pre %> → <%= person.counts[metric].post %></td><% }) %></tr>
  <% }) %>
  </tbody>
</table>
<% if (it.r.leftOut.length > 0) { %>
<h3>Left out</h3>
<ul><% it.r.leftOut.forEach(function (person) { %><li><%= person.facultyId %>: <%= person.reason %></li><% }) %></ul>
<% } %>
<h3>Notes</h3>
<ul><% it.notes.forEach(function (note) { %><li><%= note %></li><% }) %></ul>
</section>`;

export function reportFormBody(cohorts: string[], form: WindowsForm, error: string | null): string {
  return render(FORM, { cohorts, form, error });
}

export function reportBody(report: WindowsReport, downloadBase: string): string {
  const rows = report.metrics.map((metric) => ({
    label: METRIC_LABELS[metric.metric],
    cells: [
      String(metric.n),
      String(metric.pre.total),
      formatMeanSd(metric.pre.mean, metric.pre.sd, 1),
      String(metric.post.total),
      formatMeanSd(metric.post.mean, metric.post.sd, 1),
      formatEstimateCi(metric.meanDifference, metric.ci95, 2),
      formatNumber(metric.t, 3),
      metric.df === null ? "" : String(metric.df),
      formatP(metric.p),
      formatP(metric.wilcoxon.p),
    ],
  }));
  const spec = report.spec;
  const heading =
    spec.kind === "fixed"
      ? `Cohort ${report.cohort}: ${spec.pre.from}–${spec.pre.to} against ${spec.post.from}–${spec.post.to}, n = ${report.people.length}`
      : `Cohort ${report.cohort}: ${spec.preYears} years before each program start against ${spec.postYears} from it, n = ${report.people.length}`;
  const shown = report.metrics.filter((metric) => REPORT_METRICS.slice(0, 3).includes(metric.metric));
  const chart = barChart({
    id: "windows-chart",
    title: `Cohort ${report.cohort}: mean per person before and after`,
    categories: shown.map((metric) => METRIC_LABELS[metric.metric]),
    series: [
      { label: "pre: mean per person", values: shown.map((metric) => round(metric.pre.mean)) },
      { label: "post: mean per person", values: shown.map((metric) => round(metric.post.mean)) },
    ],
    tableNote: "The table above gives the same means with their SDs and tests.",
    groupWidth: 220,
  });
  return render(REPORT, {
    r: report,
    heading,
    rows,
    chart,
    notes: windowsNotes(report),
    metrics: REPORT_METRICS,
    labels: METRIC_LABELS,
    facultyHref,
    download: (format: string) => `${downloadBase}&format=${format}`,
  });
}

function round(value: number | null): number {
  return value === null ? 0 : Math.round(value * 100) / 100;
}
