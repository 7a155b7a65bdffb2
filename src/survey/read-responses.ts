import { readCsv, type SurveyProblem } from "./problems.ts";

/** The column that pairs a respondent's answers across the two files. */
export const RESPONDENT_ID = "respondent_id";

/** One respondent's non-empty answers by column, with the line they are on. */
export interface ResponseRow {
  line: number;
  answers: ReadonlyMap<string, string>;
}

/**
 * A survey file: one row per respondent, a `respondent_id` column and one column per item. Respondent
 * ids are only keys here; nothing derived from this is allowed to print them.
 */
export interface ResponseFile {
  fileName: string;
  /** False when the header could not be read; then nothing else in the file was. */
  headerRead: boolean;
  /** Every named column but respondent_id, in file order. */
  columns: string[];
  /** Rows by respondent id; rows with a problem in the id or the field count are left out. */
  respondents: ReadonlyMap<string, ResponseRow>;
  /** 1-based positions of header cells without a name whose column holds answers (ignored). */
  unnamedColumns: number[];
  problems: SurveyProblem[];
}

export function readResponsesFile(input: string | Uint8Array, fileName: string): ResponseFile {
  const empty = { fileName, headerRead: false, columns: [], respondents: new Map(), unnamedColumns: [] };
  const csv = readCsv(input, fileName);
  if (csv.problem) return { ...empty, problems: [csv.problem] };
  const [header, ...rows] = csv.lines;
  if (header === undefined) {
    const message = `the file is empty; its first line must be the header: ${RESPONDENT_ID},<item>,...`;
    return { ...empty, problems: [{ file: fileName, message }] };
  }

  const problems: SurveyProblem[] = [];
  const idPositions = header.cells.flatMap((cell, position) =>
    cell.toLowerCase() === RESPONDENT_ID ? [position] : [],
  );
  if (idPositions.length !== 1) {
    const message =
      idPositions.length === 0
        ? `the header has no ${RESPONDENT_ID} column (the header is ${RESPONDENT_ID},<item>,<item>,...)`
        : `the header has ${RESPONDENT_ID} more than once`;
    return { ...empty, problems: [{ file: fileName, line: header.line, message }] };
  }
  const idPosition = idPositions[0] as number;
  const columns: Array<{ name: string; position: number }> = [];
  const seen = new Set<string>();
  header.cells.forEach((name, position) => {
    if (position === idPosition || name === "") return;
    if (seen.has(name)) {
      problems.push({
        file: fileName,
        line: header.line,
        column: name,
        message: "appears more than once in the header",
      });
    }
    seen.add(name);
    columns.push({ name, position });
  });

  const respondents = new Map<string, ResponseRow>();
  const unnamed = new Set<number>();
  for (const row of rows) {
    if (row.cells.length !== header.cells.length) {
      // A shifted row (an unquoted comma in an answer, say) would put every later answer in the wrong item.
      problems.push({
        file: fileName,
        line: row.line,
        message: `has ${row.cells.length} fields but the header has ${header.cells.length}`,
      });
      continue;
    }
    const id = row.cells[idPosition] as string;
    const existing = respondents.get(id);
    if (id === "" || existing !== undefined) {
      problems.push({
        file: fileName,
        line: row.line,
        column: RESPONDENT_ID,
        message: id === "" ? "is empty" : `the same respondent as line ${existing?.line}`,
      });
      continue;
    }
    const answers = new Map<string, string>();
    for (const { name, position } of columns) {
      const cell = row.cells[position] as string;
      if (cell !== "") answers.set(name, cell);
    }
    header.cells.forEach((name, position) => {
      if (name === "" && row.cells[position] !== "") unnamed.add(position + 1);
    });
    respondents.set(id, { line: row.line, answers });
  }
  return {
    fileName,
    headerRead: true,
    columns: columns.map((column) => column.name),
    respondents,
    unnamedColumns: [...unnamed].sort((a, b) => a - b),
    problems,
  };
}
