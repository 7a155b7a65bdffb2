/** The program report as JSON, and as one HTML document fit for print, in the reference evaluation's table forms. Pure. */
import { windowsJson, windowsNotes, windowsSummaryRows } from "../reports/render-windows.ts";
import { escapeHtml, htmlPage, htmlTable } from "../reports/html.ts";
import type { WindowsReport } from "../reports/windows-report.ts";
import { formatYearSpan } from "../reports/windows.ts";
import { formatMeanSd, formatNumber, formatP } from "../stats/format.ts";
import type { SurveyAnalysis } from "../survey/analyze.ts";
import { SURVEY_TABLE_HEAD, surveyNotes, surveyRows } from "../survey/render.ts";
import type { PairedShare, ProgramActivity } from "./program.ts";

export const PROGRAM_FORMATS = ["html", "json"] as const;
export type ProgramFormat = (typeof PROGRAM_FORMATS)[number];

export interface ProgramReport {
  cohort: string;
  baseline: string;
  followup: string;
  activity: ProgramActivity;
  /** The productivity windows compared in pairs, as `report windows`. */
  windows: WindowsReport;
  /** The survey tables, as `survey analyze`, when survey files were given. */
  survey: SurveyAnalysis | null;
}

export function renderProgramReport(report: ProgramReport, format: ProgramFormat): string {
  switch (format) {
    case "json":
      return JSON.stringify(programJson(report), null, 2);
    case "html":
      return programHtml(report);
  }
}

export function programNotes(): string[] {
  return [
    "Dyads are the mentorship records of the cohort's members that started on or before the follow-up " +
      "date; active means running on the date (started, not ended).",
    "Meetings per dyad per year: the dyad's meetings between baseline and follow-up, divided by the " +
      "years it ran in that period.",
    "A member has a formal mentor on a date when a formal mentorship record of theirs runs on it, and " +
      "uses an IDP when one was submitted in the year up to and including the date. Both are compared " +
      "for the same people at baseline and follow-up with McNemar's test (continuity-corrected).",
  ];
}

export function programJson(report: ProgramReport) {
  const { activity } = report;
  return {
    cohort: report.cohort,
    baseline: report.baseline,
    followup: report.followup,
    n: activity.n,
    dyads: activity.dyads,
    meetings: activity.meetings,
    shares: activity.shares,
    dyadActivity: activity.dyadActivity,
    windows: windowsJson(report.windows),
    survey: report.survey === null ? null : { ...report.survey, notes: surveyNotes(report.survey) },
    notes: programNotes(),
  };
}

function percent(value: number | null): string {
  return value === null ? "n/a" : `${formatNumber(value * 100, 0)}%`;
}

function shareRow(share: PairedShare): string[] {
  return [
    share.label,
    String(share.n),
    `${share.baseline.yes} of ${share.n} (${percent(share.baseline.proportion)})`,
    `${share.followup.yes} of ${share.n} (${percent(share.followup.proportion)})`,
    `${share.discordant.noToYes} / ${share.discordant.yesToNo}`,
    formatNumber(share.statistic, 3),
    formatP(share.p),
  ];
}

function programHtml(report: ProgramReport): string {
  return htmlPage(
    `Mentoring program evaluation: cohort ${report.cohort}`,
    `<h1>Mentoring program evaluation: cohort ${escapeHtml(report.cohort)}</h1>\n${programHtmlBody(report)}`,
  );
}

/** The report's tables and notes without the page's title, for a page that has its own (the web app's). */
export function programHtmlBody(report: ProgramReport): string {
  const { activity, windows } = report;
  const { dyads, meetings } = activity;
  const rate = meetings.perDyadPerYear;
  const spec = windows.spec;
  const windowText =
    spec.kind === "fixed"
      ? `${formatYearSpan(spec.pre)} against ${formatYearSpan(spec.post)}`
      : "windows relative to each person's program start";
  let table = 0;
  const caption = (text: string) => `<h2>Table ${++table}. ${escapeHtml(text)}</h2>`;
  const sections = [
    `<p>Baseline ${escapeHtml(report.baseline)}, follow-up ${escapeHtml(report.followup)}; ` +
      `${activity.n} mentees in the cohort.</p>`,
    `<section>`,
    caption("Dyads and meetings"),
    htmlTable(
      ["measure", "value"],
      [
        ["dyads formed (by follow-up)", String(dyads.formed)],
        ["  of which formed after baseline", String(dyads.formedInPeriod)],
        ["  formal / informal", `${dyads.formal} / ${dyads.informal}`],
        ["mentors", String(dyads.mentors)],
        ["dyads active at baseline", String(dyads.activeAtBaseline)],
        ["dyads active at follow-up", String(dyads.activeAtFollowup)],
        ["meetings between baseline and follow-up", String(meetings.total)],
        ["  of which outside a running dyad", String(meetings.outsideDyads)],
        ["meetings per dyad per year, mean (SD)", formatMeanSd(rate.mean, rate.sd, 1)],
        ["meetings per dyad per year, median", formatNumber(rate.median, 1)],
        ["dyads with meetings counted", String(rate.dyads)],
      ],
      [0],
    ),
    `</section>`,
    `<section>`,
    caption("Formal mentoring and IDP use, baseline and follow-up (same people)"),
    htmlTable(
      ["measure", "n", "baseline", "follow-up", "no→yes / yes→no", "McNemar χ²", "P"],
      activity.shares.map(shareRow),
    ),
    `</section>`,
    `<section>`,
    caption(`Scholarly productivity, ${windowText} (n = ${windows.people.length}, paired)`),
    htmlTable(
      ["metric", "time 1 total", "time 1 mean (SD)", "time 2 total", "time 2 mean (SD)", "paired t", "P"],
      windowsSummaryRows(windows),
    ),
    `</section>`,
  ];
  if (report.survey !== null) {
    sections.push(
      `<section>`,
      caption("Survey outcomes, baseline and follow-up"),
      htmlTable(
        SURVEY_TABLE_HEAD.map((head) => head.toLowerCase()),
        surveyRows(report.survey).map((row) => row.map(String)),
        [0],
      ),
      `</section>`,
    );
  }
  const notes = [
    ...programNotes(),
    ...windowsNotes(windows),
    ...(report.survey === null ? [] : surveyNotes(report.survey)),
  ];
  sections.push(
    `<section class="notes"><h2>Notes</h2><ul>`,
    ...notes.map((note) => `<li>${escapeHtml(note)}</li>`),
    `</ul></section>`,
  );
  return sections.join("\n");
}
