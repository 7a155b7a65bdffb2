/** The two kinds of survey item: a Likert rating (a whole number) or a yes/no question. */
export const ITEM_TYPES = ["likert", "yes_no"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

/** How yes/no answers may be written (any letter case), for messages and help. */
export const YES_NO_ANSWERS = "yes, no, y, n, true, false, 1 or 0";

/** true for yes, false for no, undefined for anything else. */
export function readYesNo(cell: string): boolean | undefined {
  const word = cell.toLowerCase();
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return undefined;
}

/** A Likert answer: a whole number such as "4" or "+2" or "-1"; undefined for anything else. */
export function readWholeNumber(cell: string): number | undefined {
  if (!/^[+-]?\d{1,15}$/.test(cell)) return undefined;
  // `|| 0` turns "-0" into 0.
  return Number(cell) || 0;
}
