import { programHtmlBody, type ProgramReport } from "../../mentoring/program-render.ts";
import { render } from "./layout.ts";

/** What the program report form holds, as given (so that a mistake is shown in place). */
export interface ProgramForm {
  cohort: string;
  baseline: string;
  followup: string;
  pre: string;
  post: string;
}

const FORM = `<h1>Mentoring program report</h1>
<p>The program's evaluation for one cohort: dyads and meetings, formal mentoring and IDP use at baseline and follow-up, and output before and after, as <code>scholartrack program report</code> gives it.</p>
<form method="get" action="/reports/program" aria-label="Choose the cohort and dates" class="no-print">
  <% if (it.error) { %><p class="error" role="alert"><%= it.error %></p><% } %>
  <div class="filters">
    <div class="field">
      <label for="cohort">Cohort</label>
      <select id="cohort" name="cohort" required>
        <% it.cohorts.forEach(function (cohort) { %><option value="<%= cohort %>"<% if (cohort === it.form.cohort) { %> selected<% } %>><%= cohort %></option><% }) %>
      </select>
    </div>
    <div class="field">
      <label for="baseline">Baseline</label>
      <input id="baseline" name="baseline" type="date" required value="<%= it.form.baseline %>">
    </div>
    <div class="field">
      <label for="followup">Follow-up</label>
      <input id="followup" name="followup" type="date" required value="<%= it.form.followup %>">
    </div>
    <div class="field">
      <label for="pre">Pre window (optional)</label>
      <input id="pre" name="pre" type="text" size="10" value="<%= it.form.pre %>" placeholder="2011-2013" aria-describedby="windows-help">
    </div>
    <div class="field">
      <label for="post">Post window (optional)</label>
      <input id="post" name="post" type="text" size="10" value="<%= it.form.post %>" placeholder="2014-2016" aria-describedby="windows-help">
    </div>
    <div><button type="submit">Show the report</button></div>
  </div>
  <p id="windows-help" class="muted">Without windows: the three years up to the baseline's year against the years after it up to the follow-up's.</p>
</form>`;

const REPORT = `<section aria-labelledby="report-title">
<h2 id="report-title">Cohort <%= it.r.cohort %></h2>
<p class="no-print">Download: <a href="<%= it.download('json') %>" download>JSON</a> · <a href="<%= it.download('html') %>" download>HTML, for print</a></p>
<%~ it.body %>
</section>`;

export function programFormBody(cohorts: string[], form: ProgramForm, error: string | null): string {
  return render(FORM, { cohorts, form, error });
}

/** The report's tables, as the command's HTML has them, with download links for `query` (the form's own). */
export function programReportBody(report: ProgramReport, query: URLSearchParams): string {
  const download = (format: string) => {
    const withFormat = new URLSearchParams(query);
    withFormat.set("format", format);
    return `/reports/program?${withFormat.toString()}`;
  };
  return render(REPORT, { r: report, body: programHtmlBody(report), download });
}
