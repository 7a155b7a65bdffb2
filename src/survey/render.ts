import { stringify } from "csv-stringify/sync";
import { renderTable } from "../reports/table.ts";
import { formatEstimateCi, formatMeanSd, formatNumber, formatP } from "../stats/format.ts";
import type { ItemResult, SurveyAnalysis, YesNoItemResult } from "./analyze.ts";

export const SURVEY_FORMATS = ["table", "csv", "json"] as const;
export type SurveyFormat = (typeof SURVEY_FORMATS)[number];

/**
 * The analysis as text. Only counts and statistics per item are rendered: there is no per-respondent
 * row, and respondent ids never reach the analysis in the first place.
 */
export function renderSurvey(analysis: SurveyAnalysis, format: SurveyFormat): string {
  switch (format) {
    case "table":
      return renderSurveyTable(analysis);
    case "csv":
      return renderSurveyCsv(analysis);
    case "json":
      return JSON.stringify({ ...analysis, notes: surveyNotes(analysis) }, null, 2);
    default: {
      const unknown: never = format;
      throw new Error(`Unknown survey format ${String(unknown)}`);
    }
  }
}

/** The sentences that go with the numbers: who was left out, which tests, what was inferred. */
export function surveyNotes(analysis: SurveyAnalysis): string[] {
  const { pre, post, paired, onlyPre, onlyPost } = analysis.respondents;
  const counted = `Respondents: ${pre} at baseline, ${post} at follow-up, ${paired} in both files`;
  const unpairedTest = analysis.proportionTest === "prop" ? " (not of the two-sample proportion test)" : "";
  const notes = [
    onlyPre + onlyPost === 0
      ? `${counted}.`
      : `${counted}; ${onlyPre} only at baseline and ${onlyPost} only at follow-up are left out of the ` +
        `paired tests${unpairedTest}.`,
  ];
  const kinds = new Set(analysis.items.map((item) => item.type));
  if (kinds.has("likert")) {
    notes.push(
      "Likert items: mean (SD) of the respondents who answered in both files, mean difference (95% CI), " +
        "paired t test P.",
    );
  }
  if (kinds.has("yes_no")) {
    notes.push(
      analysis.proportionTest === "mcnemar"
        ? "Yes/no items: yes/answers (%) of the respondents who answered in both files, difference in " +
            "percentage points, P of McNemar's test with continuity correction."
        : "Yes/no items: yes/answers (%) of every answer in each file, difference in percentage points " +
            "(95% CI), P of the two-sample test of proportions with continuity correction (R's prop.test).",
    );
  }
  if (analysis.itemTypes === "inferred" && analysis.items.length > 0) {
    const of = (type: ItemResult["type"]) =>
      analysis.items.filter((item) => item.type === type).map((item) => item.item);
    const groups = [
      ["Likert", of("likert")],
      ["yes/no", of("yes_no")],
    ] as const;
    const listed = groups
      .filter(([, ids]) => ids.length > 0)
      .map(([name, ids]) => `${name}: ${ids.join(", ")}`)
      .join("; ");
    notes.push(`Item types were inferred from the answers (${listed}); give --items to set them.`);
  }
  if (analysis.notAnalyzed.length > 0) {
    const columns = analysis.notAnalyzed.map(({ column, reason }) => `${column} (${reason})`).join("; ");
    notes.push(`Not analyzed: ${columns}.`);
  }
  for (const item of analysis.items) {
    if (item.note !== null) notes.push(`${label(item)}: ${item.note}.`);
  }
  return notes;
}

function label(item: ItemResult): string {
  return item.text ?? item.item;
}

/** The table's head and rows, one per item, as printed. */
export const SURVEY_TABLE_HEAD = ["ITEM", "N", "BASELINE", "POST", "DIFFERENCE (95% CI)", "P"];

export function surveyRows(analysis: SurveyAnalysis): Array<Array<string | number>> {
  return analysis.items.map((item) => {
    switch (item.type) {
      case "likert":
        return [
          label(item),
          item.n,
          formatMeanSd(item.pre.mean, item.pre.sd, 2),
          formatMeanSd(item.post.mean, item.post.sd, 2),
          formatEstimateCi(item.meanDifference, item.ci95, 2),
          formatP(item.p),
        ];
      case "yes_no":
        return [
          label(item),
          // prop.test counts every answer in each file, not the pairs.
          item.test === "mcnemar" ? item.n : [...new Set([item.pre.n, item.post.n])].join(", "),
          formatProportion(item.pre),
          formatProportion(item.post),
          formatPointsDifference(item),
          formatP(item.p),
        ];
      default: {
        const unknown: never = item;
        throw new Error(`Unknown item type in ${JSON.stringify(unknown)}`);
      }
    }
  });
}

function renderSurveyTable(analysis: SurveyAnalysis): string {
  const rows = surveyRows(analysis);
  const table = rows.length === 0 ? "No items to analyze." : renderTable(SURVEY_TABLE_HEAD, rows);
  return [table, "", ...surveyNotes(analysis)].join("\n");
}

function formatProportion(value: YesNoItemResult["pre"]): string {
  const percent = value.proportion === null ? "n/a" : `${formatNumber(value.proportion * 100, 0)}%`;
  return `${value.yes}/${value.n} (${percent})`;
}

function formatPointsDifference(item: YesNoItemResult): string {
  if (item.difference === null) return "n/a";
  const ci = item.ci95 === null ? null : ([item.ci95[0] * 100, item.ci95[1] * 100] as [number, number]);
  const text = formatEstimateCi(item.difference * 100, ci, 0);
  return ci === null ? `${text} pts` : text.replace(" (", " pts (");
}

/** The CSV header, one row per item; numbers unrounded, empty where not applicable or undefined. */
export const SURVEY_CSV_COLUMNS = [
  "item",
  "text",
  "type",
  "type_source",
  "n",
  "pre_n",
  "pre_mean",
  "pre_sd",
  "pre_yes",
  "pre_proportion",
  "post_n",
  "post_mean",
  "post_sd",
  "post_yes",
  "post_proportion",
  "difference",
  "ci95_low",
  "ci95_high",
  "test",
  "statistic",
  "df",
  "p",
  "wilcoxon_v",
  "wilcoxon_p",
  "effect_size_dz",
  "note",
] as const;

type CsvRow = Partial<Record<(typeof SURVEY_CSV_COLUMNS)[number], string | number | null>>;

function csvRow(item: ItemResult): CsvRow {
  const common = {
    item: item.item,
    text: item.text,
    type: item.type,
    type_source: item.typeSource,
    n: item.n,
    ci95_low: item.ci95?.[0],
    ci95_high: item.ci95?.[1],
    df: item.df,
    p: item.p,
    note: item.note,
  };
  switch (item.type) {
    case "likert":
      return {
        ...common,
        pre_n: item.n,
        pre_mean: item.pre.mean,
        pre_sd: item.pre.sd,
        post_n: item.n,
        post_mean: item.post.mean,
        post_sd: item.post.sd,
        difference: item.meanDifference,
        test: "paired_t",
        statistic: item.t,
        wilcoxon_v: item.wilcoxon.statistic,
        wilcoxon_p: item.wilcoxon.p,
        effect_size_dz: item.effectSize,
      };
    case "yes_no":
      return {
        ...common,
        pre_n: item.pre.n,
        pre_yes: item.pre.yes,
        pre_proportion: item.pre.proportion,
        post_n: item.post.n,
        post_yes: item.post.yes,
        post_proportion: item.post.proportion,
        difference: item.difference,
        test: item.test,
        statistic: item.statistic,
      };
    default: {
      const unknown: never = item;
      throw new Error(`Unknown item type in ${JSON.stringify(unknown)}`);
    }
  }
}

function renderSurveyCsv(analysis: SurveyAnalysis): string {
  const rows = analysis.items.map(csvRow);
  return stringify([
    [...SURVEY_CSV_COLUMNS],
    ...rows.map((row) => SURVEY_CSV_COLUMNS.map((column) => row[column] ?? "")),
  ]).replace(/\n$/, "");
}
