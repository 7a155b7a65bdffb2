import { randomUUID } from "node:crypto";
import { open, rename, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../errors.ts";

/**
 * Writes through a temporary file in the target's directory and renames it over the target at the
 * end, so a failed export leaves the old file (or none) rather than half a file.
 */
export async function writeFileAtomically<T>(
  target: string,
  produce: (write: (chunk: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
  const cannotWrite = (error: unknown) =>
    new UserError(`Cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  let handle: FileHandle;
  try {
    handle = await open(temporary, "wx");
  } catch (error) {
    throw cannotWrite(error);
  }
  try {
    const result = await produce((chunk) => handle.writeFile(chunk, "utf8"));
    await handle.sync();
    await handle.close();
    await rename(temporary, target).catch((error: unknown) => {
      throw cannotWrite(error);
    });
    return result;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Writes a whole text file atomically: the target is replaced only once the text is on disk. */
export function writeTextAtomically(target: string, text: string): Promise<void> {
  return writeFileAtomically(target, (write) => write(text));
}
