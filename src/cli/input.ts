import { readFile } from "node:fs/promises";
import { UserError } from "../errors.ts";

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
