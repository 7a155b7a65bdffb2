import { ITEM_TYPES, readWholeNumber, type ItemType } from "./answers.ts";
import { readCsv, type SurveyProblem } from "./problems.ts";
import { RESPONDENT_ID } from "./read-responses.ts";

/** One survey item as items.csv describes it. */
export interface ItemSpec {
  /** The item's column name in the survey files. */
  id: string;
  /** The question as asked, shown instead of the id; null when not given. */
  text: string | null;
  type: ItemType;
  /** The Likert scale, when given: answers outside it are errors. */
  scale: { min: number; max: number } | null;
  /** The line of items.csv that describes it. */
  line: number;
}

export const ITEM_COLUMNS = ["item_id", "text", "type"] as const;
export const OPTIONAL_ITEM_COLUMNS = ["scale_min", "scale_max"] as const;
type ItemColumn = (typeof ITEM_COLUMNS)[number] | (typeof OPTIONAL_ITEM_COLUMNS)[number];

/**
 * Reads items.csv: `item_id,text,type` with type likert or yes_no, and optionally `scale_min,scale_max`
 * for Likert items. Other columns are ignored. Items with problems are left out of `items`.
 */
export function readItemsFile(
  input: string | Uint8Array,
  fileName: string,
): { items: ItemSpec[]; problems: SurveyProblem[] } {
  const csv = readCsv(input, fileName);
  if (csv.problem) return { items: [], problems: [csv.problem] };
  const [header, ...rows] = csv.lines;
  if (header === undefined) {
    return {
      items: [],
      problems: [
        { file: fileName, message: `the file is empty; its header must be ${ITEM_COLUMNS.join(",")}` },
      ],
    };
  }
  const index = new Map<ItemColumn, number>();
  const known = new Set<string>([...ITEM_COLUMNS, ...OPTIONAL_ITEM_COLUMNS]);
  header.cells.forEach((cell, position) => {
    const name = cell.toLowerCase();
    if (known.has(name) && !index.has(name as ItemColumn)) index.set(name as ItemColumn, position);
  });
  const missing = ITEM_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) {
    return {
      items: [],
      problems: [
        {
          file: fileName,
          line: header.line,
          message:
            `the header lacks ${missing.join(", ")} (an items file's header is ${ITEM_COLUMNS.join(",")}, ` +
            `optionally with ${OPTIONAL_ITEM_COLUMNS.join(",")})`,
        },
      ],
    };
  }
  if (rows.length === 0) {
    return {
      items: [],
      problems: [{ file: fileName, line: header.line, message: "the file lists no items" }],
    };
  }

  const problems: SurveyProblem[] = [];
  const items: ItemSpec[] = [];
  const lineById = new Map<string, number>();
  for (const row of rows) {
    const cell = (column: ItemColumn) => {
      const position = index.get(column);
      return position === undefined ? "" : (row.cells[position] ?? "");
    };
    const rowProblems: SurveyProblem[] = [];
    const problem = (column: ItemColumn, message: string) =>
      rowProblems.push({ file: fileName, line: row.line, column, message });

    if (row.cells.length !== header.cells.length) {
      problems.push({
        file: fileName,
        line: row.line,
        message: `has ${row.cells.length} fields but the header has ${header.cells.length}`,
      });
      continue;
    }
    const id = cell("item_id");
    if (id === "") problem("item_id", "is empty");
    else if (id.toLowerCase() === RESPONDENT_ID) problem("item_id", `${RESPONDENT_ID} is not an item`);
    else if (lineById.has(id)) problem("item_id", `the same item as line ${lineById.get(id)}`);
    else lineById.set(id, row.line);

    const typeCell = cell("type").toLowerCase();
    const type = ITEM_TYPES.find((known) => known === typeCell);
    if (type === undefined) problem("type", `must be ${ITEM_TYPES.join(" or ")}`);

    const scale = readScale({ min: cell("scale_min"), max: cell("scale_max") }, type, (column, message) =>
      problem(column, message),
    );
    problems.push(...rowProblems);
    if (rowProblems.length === 0 && type !== undefined) {
      items.push({ id, text: cell("text") || null, type, scale, line: row.line });
    }
  }
  return { items, problems };
}

function readScale(
  cells: { min: string; max: string },
  type: ItemType | undefined,
  problem: (column: ItemColumn, message: string) => void,
): { min: number; max: number } | null {
  if (cells.min === "" && cells.max === "") return null;
  if (type === "yes_no") {
    problem(cells.min === "" ? "scale_max" : "scale_min", "a yes_no item has no scale: leave it empty");
    return null;
  }
  const min = readWholeNumber(cells.min);
  const max = readWholeNumber(cells.max);
  if (min === undefined)
    problem("scale_min", cells.min === "" ? "is empty while scale_max is given" : "is not a whole number");
  if (max === undefined)
    problem("scale_max", cells.max === "" ? "is empty while scale_min is given" : "is not a whole number");
  if (min === undefined || max === undefined) return null;
  if (min >= max) {
    problem("scale_max", "must be greater than scale_min");
    return null;
  }
  return { min, max };
}
