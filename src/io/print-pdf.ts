/**
 * HTML to PDF through a headless Chromium on this machine (Debian's `chromium`, which the browser
 * tests use too). The PDF is written beside the target and renamed into place: a failed print
 * leaves no file, or the old one.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { UserError } from "../errors.ts";

const run = promisify(execFile);

export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

/** The first browser found, or null. */
export function findChromium(candidates: readonly string[] = CHROMIUM_CANDIDATES): string | null {
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

export async function printPdf(
  html: string,
  outPath: string,
  options: { candidates?: readonly string[]; timeoutMs?: number } = {},
): Promise<void> {
  const browser = findChromium(options.candidates);
  if (browser === null) {
    throw new UserError(
      `PDF output needs headless Chromium, which is not installed (looked for ${(options.candidates ?? CHROMIUM_CANDIDATES).join(", ")}); ` +
        "install it (apt-get install chromium) or use --format html and print the page",
    );
  }
  const work = await mkdtemp(path.join(tmpdir(), "scholartrack-pdf-"));
  const temporary = `${outPath}.${process.pid}.tmp`;
  try {
    const page = path.join(work, "page.html");
    await writeFile(page, html);
    const pdf = path.join(work, "page.pdf");
    await run(
      browser,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        `--user-data-dir=${path.join(work, "profile")}`,
        "--no-pdf-header-footer",
        `--print-to-pdf=${pdf}`,
        pathToFileURL(page).href,
      ],
      { timeout: options.timeoutMs ?? 60_000 },
    ).catch((error: Error) => {
      throw new UserError(`Chromium could not print the PDF: ${error.message.split("\n")[0] ?? ""}`);
    });
    if (!existsSync(pdf) || (await stat(pdf)).size === 0) throw new UserError("Chromium wrote no PDF");
    await rename(pdf, temporary).catch(async () => {
      // Another file system: copy through the target's folder.
      const { copyFile } = await import("node:fs/promises");
      await copyFile(pdf, temporary);
    });
    await rename(temporary, outPath);
  } finally {
    await rm(temporary, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}
