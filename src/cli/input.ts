import { readFile } from "node:fs/promises";
import { UsageError, UserError } from "../errors.ts";

/** Reads a file named on the command line, or says plainly why it cannot be read. */
export async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new UserError(`Cannot read ${file}: ${why}`);
  }
}

/** An item id as `review list`, `export items` and `items why` show it. */
export function parseItemId(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new UsageError(`"${value}" is not an item id`);
  return Number(value);
}

/** Who made a decision: --by, else SCHOLARTRACK_USER, else the login name. */
export function deciderName(
  by: string | undefined,
  configured: string | undefined,
  login: () => string,
): string {
  return by ?? configured ?? login();
}
