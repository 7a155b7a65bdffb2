import { comparePaired, type PairedComparison } from "../stats/paired.ts";
import { mcnemarTest, twoProportionTest } from "../stats/proportions.ts";
import { readWholeNumber, readYesNo, YES_NO_ANSWERS, type ItemType } from "./answers.ts";
import { sortProblems, type SurveyProblem } from "./problems.ts";
import { readItemsFile, type ItemSpec } from "./read-items.ts";
import { readResponsesFile, type ResponseFile } from "./read-responses.ts";

export const PROPORTION_TESTS = ["mcnemar", "prop"] as const;
/** McNemar's test of the paired answers, or the two-sample test of every answer in each file. */
export type ProportionTest = (typeof PROPORTION_TESTS)[number];

export interface SurveyFileInput {
  /** How the file is named in messages (the path as given). */
  name: string;
  content: string | Uint8Array;
}

export interface SurveyInput {
  pre: SurveyFileInput;
  post: SurveyFileInput;
  items?: SurveyFileInput;
}

interface ItemBase {
  item: string;
  text: string | null;
  /** Whether the type came from items.csv or was inferred from the answers. */
  typeSource: "items" | "inferred";
}

/** A Likert item: the paired comparison of the respondents who answered it in both files. */
export interface LikertItemResult extends ItemBase, PairedComparison {
  type: "likert";
}

export interface Proportion {
  /** Answers counted. */
  n: number;
  yes: number;
  /** yes / n; null when n = 0. */
  proportion: number | null;
}

export interface YesNoItemResult extends ItemBase {
  type: "yes_no";
  /** Respondents who answered the item in both files. */
  n: number;
  /** With McNemar's test the paired answers; with prop every answer in that file. */
  pre: Proportion;
  post: Proportion;
  /** post.proportion - pre.proportion. */
  difference: number | null;
  /** 95% CI of the difference: given by prop.test, not by McNemar's test (as in R). */
  ci95: [number, number] | null;
  test: ProportionTest;
  statistic: number | null;
  df: 1;
  p: number | null;
  /** McNemar's test only: how many answered no then yes, and yes then no. */
  discordant: { noToYes: number; yesToNo: number } | null;
  note: string | null;
}

export type ItemResult = LikertItemResult | YesNoItemResult;

export interface SurveyAnalysis {
  respondents: { pre: number; post: number; paired: number; onlyPre: number; onlyPost: number };
  proportionTest: ProportionTest;
  /** Where the item types came from. */
  itemTypes: "items" | "inferred";
  items: ItemResult[];
  /** Columns of the survey files that were not analyzed, and why. */
  notAnalyzed: Array<{ column: string; reason: string }>;
}

export type SurveyOutcome = { ok: true; analysis: SurveyAnalysis } | { ok: false; problems: SurveyProblem[] };

interface ResolvedItem {
  spec: Omit<ItemSpec, "line">;
  typeSource: "items" | "inferred";
}

/**
 * Reads and checks the survey files (and items.csv), then compares each item before and after. Any
 * problem in any file gives the problems, every one of them, and no analysis.
 */
export function analyzeSurvey(
  input: SurveyInput,
  options: { proportionTest?: ProportionTest } = {},
): SurveyOutcome {
  const proportionTest = options.proportionTest ?? "mcnemar";
  const pre = readResponsesFile(input.pre.content, input.pre.name);
  const post = readResponsesFile(input.post.content, input.post.name);
  const problems = [...pre.problems, ...post.problems];

  let resolved: { items: ResolvedItem[]; notAnalyzed: SurveyAnalysis["notAnalyzed"] };
  if (input.items) {
    const file = readItemsFile(input.items.content, input.items.name);
    problems.push(...file.problems);
    resolved = listedItems(file.items, input.items.name, pre, post, problems);
  } else {
    resolved = inferredItems(pre, post, problems);
  }
  for (const file of [pre, post]) {
    for (const position of file.unnamedColumns) {
      resolved.notAnalyzed.push({
        column: `column ${position} of ${file.fileName}`,
        reason: "it has no name in the header",
      });
    }
    for (const item of resolved.items) problems.push(...answerProblems(item.spec, file));
  }
  if (problems.length > 0) {
    const order = [input.items?.name ?? "", input.pre.name, input.post.name];
    return { ok: false, problems: sortProblems(problems, order) };
  }

  const paired = [...pre.respondents.keys()].filter((id) => post.respondents.has(id));
  return {
    ok: true,
    analysis: {
      respondents: {
        pre: pre.respondents.size,
        post: post.respondents.size,
        paired: paired.length,
        onlyPre: pre.respondents.size - paired.length,
        onlyPost: post.respondents.size - paired.length,
      },
      proportionTest,
      itemTypes: input.items ? "items" : "inferred",
      items: resolved.items.map((item) =>
        item.spec.type === "likert"
          ? analyzeLikert(item, pre, post, paired)
          : analyzeYesNo(item, pre, post, paired, proportionTest),
      ),
      notAnalyzed: resolved.notAnalyzed,
    },
  };
}

/** The items items.csv lists, each of which must be a column of both survey files. */
function listedItems(
  specs: ItemSpec[],
  itemsFileName: string,
  pre: ResponseFile,
  post: ResponseFile,
  problems: SurveyProblem[],
): { items: ResolvedItem[]; notAnalyzed: SurveyAnalysis["notAnalyzed"] } {
  const items: ResolvedItem[] = [];
  for (const { line, ...spec } of specs) {
    const missingFrom = [pre, post].filter((file) => file.headerRead && !file.columns.includes(spec.id));
    for (const file of missingFrom) {
      problems.push({
        file: itemsFileName,
        line,
        column: "item_id",
        message: `${file.fileName} has no column "${spec.id}"`,
      });
    }
    if (missingFrom.length === 0) items.push({ spec, typeSource: "items" });
  }
  const listed = new Set(specs.map((spec) => spec.id));
  const columns = [...new Set([...pre.columns, ...post.columns])];
  const notAnalyzed = columns
    .filter((column) => !listed.has(column))
    .map((column) => ({ column, reason: `not listed in ${itemsFileName}` }));
  return { items, notAnalyzed };
}

/** Without items.csv: every column of both files is an item whose answers tell its type. */
function inferredItems(
  pre: ResponseFile,
  post: ResponseFile,
  problems: SurveyProblem[],
): { items: ResolvedItem[]; notAnalyzed: SurveyAnalysis["notAnalyzed"] } {
  const items: ResolvedItem[] = [];
  const notAnalyzed: SurveyAnalysis["notAnalyzed"] = [];
  const columns = [...new Set([...pre.columns, ...post.columns])];
  for (const column of columns) {
    const only = [pre, post].filter((file) => !file.columns.includes(column));
    if (only.length > 0) {
      const holder = only[0] === pre ? post : pre;
      notAnalyzed.push({ column, reason: `only in ${holder.fileName}` });
      continue;
    }
    const cells = [...answerCells(pre, column), ...answerCells(post, column)];
    if (cells.length === 0) {
      notAnalyzed.push({ column, reason: "no answers in either file" });
      continue;
    }
    const notYesNo = cells.filter((cell) => readYesNo(cell.value) === undefined);
    const notWhole = cells.filter((cell) => readWholeNumber(cell.value) === undefined);
    const type: ItemType | undefined =
      notYesNo.length === 0 ? "yes_no" : notWhole.length === 0 ? "likert" : undefined;
    if (type !== undefined) {
      items.push({ spec: { id: column, text: null, type, scale: null }, typeSource: "inferred" });
      continue;
    }
    problems.push(...inferenceProblems(column, cells, notYesNo, notWhole));
  }
  return { items, notAnalyzed };
}

interface AnswerCell {
  file: string;
  line: number;
  value: string;
}

function answerCells(file: ResponseFile, column: string): AnswerCell[] {
  return [...file.respondents.values()].flatMap((row) => {
    const value = row.answers.get(column);
    return value === undefined ? [] : [{ file: file.fileName, line: row.line, value }];
  });
}

/** One problem per file for a column whose type cannot be inferred, at its first odd answer. */
function inferenceProblems(
  column: string,
  cells: AnswerCell[],
  notYesNo: AnswerCell[],
  notWhole: AnswerCell[],
): SurveyProblem[] {
  const neither = notYesNo.length === cells.length && notWhole.length === cells.length;
  // The reading that fewer answers break is taken as what the column was meant to be.
  const meantLikert = notWhole.length <= notYesNo.length;
  const odd = meantLikert ? notWhole : notYesNo;
  const files = [...new Set(odd.map((cell) => cell.file))];
  return files.map((file) => {
    const [first, ...others] = odd.filter((cell) => cell.file === file) as [AnswerCell, ...AnswerCell[]];
    const also =
      others.length === 0
        ? ""
        : ` (${others.length === 1 ? "so is" : "so are"} ${describeLines(others.map((cell) => cell.line))})`;
    const message = neither
      ? `neither a whole number nor yes/no${also}, so the column's item type cannot be inferred; ` +
        `list the items to analyze with --items (columns it does not list are ignored)`
      : `${meantLikert ? "not a whole number" : "not a yes/no answer"}${also}, unlike the column's other ` +
        `answers, so its item type cannot be inferred; fix the answers, or set the type with --items`;
    return { file, line: first.line, column, message };
  });
}

function describeLines(lines: number[]): string {
  const shown = lines.slice(0, 10).join(", ");
  const word = lines.length === 1 ? "line" : "lines";
  return lines.length > 10 ? `${word} ${shown} and ${lines.length - 10} more` : `${word} ${shown}`;
}

function answerProblems(spec: ResolvedItem["spec"], file: ResponseFile): SurveyProblem[] {
  const problems: SurveyProblem[] = [];
  for (const cell of answerCells(file, spec.id)) {
    const problem = (message: string) =>
      problems.push({ file: cell.file, line: cell.line, column: spec.id, message });
    if (spec.type === "yes_no") {
      if (readYesNo(cell.value) === undefined) problem(`not a yes/no answer (${YES_NO_ANSWERS})`);
      continue;
    }
    const value = readWholeNumber(cell.value);
    const scale = spec.scale;
    const range = scale === null ? "" : ` from ${scale.min} to ${scale.max}`;
    if (value === undefined) problem(`not a whole number (Likert answers are whole numbers${range})`);
    else if (scale !== null && (value < scale.min || value > scale.max)) problem(`outside the scale${range}`);
  }
  return problems;
}

/** Each paired respondent's answers to one item, in both files; pairs missing either are left out. */
function pairedAnswers(column: string, pre: ResponseFile, post: ResponseFile, paired: string[]) {
  return paired.flatMap((id) => {
    const before = pre.respondents.get(id)?.answers.get(column);
    const after = post.respondents.get(id)?.answers.get(column);
    return before === undefined || after === undefined ? [] : [{ before, after }];
  });
}

function analyzeLikert(
  item: ResolvedItem,
  pre: ResponseFile,
  post: ResponseFile,
  paired: string[],
): LikertItemResult {
  const pairs = pairedAnswers(item.spec.id, pre, post, paired);
  const comparison = comparePaired(
    pairs.map((pair) => readWholeNumber(pair.before) as number),
    pairs.map((pair) => readWholeNumber(pair.after) as number),
  );
  return {
    item: item.spec.id,
    text: item.spec.text,
    type: "likert",
    typeSource: item.typeSource,
    ...comparison,
  };
}

function analyzeYesNo(
  item: ResolvedItem,
  pre: ResponseFile,
  post: ResponseFile,
  paired: string[],
  test: ProportionTest,
): YesNoItemResult {
  const pairs = pairedAnswers(item.spec.id, pre, post, paired).map((pair) => ({
    before: readYesNo(pair.before) as boolean,
    after: readYesNo(pair.after) as boolean,
  }));
  const base = {
    item: item.spec.id,
    text: item.spec.text,
    type: "yes_no" as const,
    typeSource: item.typeSource,
  };
  const difference = (before: Proportion, after: Proportion) =>
    before.proportion === null || after.proportion === null ? null : after.proportion - before.proportion;

  switch (test) {
    case "mcnemar": {
      const before = proportion(pairs.map((pair) => pair.before));
      const after = proportion(pairs.map((pair) => pair.after));
      const noToYes = pairs.filter((pair) => !pair.before && pair.after).length;
      const yesToNo = pairs.filter((pair) => pair.before && !pair.after).length;
      const result = mcnemarTest(noToYes, yesToNo);
      return {
        ...base,
        n: pairs.length,
        pre: before,
        post: after,
        difference: difference(before, after),
        ci95: null,
        test,
        statistic: result.statistic,
        df: 1,
        p: result.p,
        discordant: { noToYes, yesToNo },
        note: pairs.length === 0 ? "no one answered in both files" : result.note,
      };
    }
    case "prop": {
      const all = (file: ResponseFile) =>
        proportion(answerCells(file, item.spec.id).map((cell) => readYesNo(cell.value) as boolean));
      const before = all(pre);
      const after = all(post);
      const result = twoProportionTest(before.yes, before.n, after.yes, after.n);
      return {
        ...base,
        n: pairs.length,
        pre: before,
        post: after,
        difference: difference(before, after),
        ci95: result.ci95,
        test,
        statistic: result.statistic,
        df: 1,
        p: result.p,
        discordant: null,
        note: result.note,
      };
    }
    default: {
      const unknown: never = test;
      throw new Error(`Unknown proportion test ${String(unknown)}`);
    }
  }
}

function proportion(answers: boolean[]): Proportion {
  const yes = answers.filter(Boolean).length;
  return { n: answers.length, yes, proportion: answers.length === 0 ? null : yes / answers.length };
}
