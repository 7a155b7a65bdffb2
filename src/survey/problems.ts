import { readCsvLines, type CsvLine } from "../csv/read-csv.ts";

/** Something wrong in an input file; a file with any problem gives no analysis. */
export interface SurveyProblem {
  file: string;
  line?: number;
  /** The column's name in the header. */
  column?: string;
  /** What is wrong. Never quotes a cell: it could be a respondent id or a free-text answer. */
  message: string;
}

/** `pre.csv line 7, column "q3": not a whole number` */
export function formatSurveyProblem(problem: SurveyProblem): string {
  const line = problem.line === undefined ? "" : ` line ${problem.line}`;
  const column = problem.column === undefined ? "" : `, column "${problem.column}"`;
  return `${problem.file}${line}${column}: ${problem.message}`;
}

/** Problems in file order, then line order; problems of a whole file come first. */
export function sortProblems(problems: SurveyProblem[], fileOrder: readonly string[]): SurveyProblem[] {
  const rank = (file: string) => {
    const index = fileOrder.indexOf(file);
    return index === -1 ? fileOrder.length : index;
  };
  return [...problems].sort((a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

class CsvFormatError extends Error {}

/**
 * The file's CSV records, or the problem that stops it being read. csv-parse's messages can quote
 * part of a field ("value is ..."), so only the kind of error and its line are kept.
 */
export function readCsv(
  input: string | Uint8Array,
  fileName: string,
): { lines: CsvLine[]; problem?: undefined } | { lines?: undefined; problem: SurveyProblem } {
  try {
    return { lines: readCsvLines(input, fileName, (message) => new CsvFormatError(message)) };
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    const message = error.message.startsWith(fileName) ? error.message.slice(fileName.length) : error.message;
    const line = /\bline (\d+)/.exec(message)?.[1];
    const located = line === undefined ? {} : { line: Number(line) };
    if (message.includes("not UTF-8")) {
      return {
        problem: {
          file: fileName,
          ...located,
          message: 'the file is not UTF-8 text; save it as "CSV UTF-8"',
        },
      };
    }
    const kind = /not valid CSV: ([A-Za-z ]+):/.exec(message)?.[1]?.toLowerCase();
    return {
      problem: {
        file: fileName,
        ...located,
        message: `not valid CSV${kind === undefined ? "" : ` (${kind})`}: check the quotes on this line`,
      },
    };
  }
}
