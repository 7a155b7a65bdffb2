import type { Db } from "../db/client.ts";
import { exportPage } from "../db/repositories/links.ts";
import {
  formatExportPage,
  toExportItemRow,
  type ExportFormat,
  type ExportItemRow,
} from "../reports/export-items.ts";

export interface ExportItemsQuery {
  /** Only these faculty members; everyone when absent. */
  facultyIds?: readonly string[];
  pageSize?: number;
}

/**
 * Yields the export's rows page by page in (facultyId, itemId) order; only one page is ever in
 * memory.
 */
export async function* exportItemPages(
  db: Db,
  query: ExportItemsQuery = {},
): AsyncGenerator<ExportItemRow[]> {
  const pageSize = query.pageSize ?? 1000;
  let after: { facultyId: string; itemId: number } | undefined;
  for (;;) {
    const links = await exportPage(db, {
      ...(query.facultyIds ? { facultyIds: query.facultyIds } : {}),
      ...(after ? { after } : {}),
      pageSize,
    });
    if (links.length === 0) return;
    yield links.map(toExportItemRow);
    if (links.length < pageSize) return;
    const last = links[links.length - 1]!;
    after = { facultyId: last.facultyId, itemId: last.itemId };
  }
}

/**
 * Writes the whole export through `write`, one page at a time (a header alone when there are no
 * rows, so a CSV consumer always sees the columns). Returns the number of rows written.
 */
export async function writeItemsExport(
  db: Db,
  format: ExportFormat,
  write: (chunk: string) => Promise<void>,
  query: ExportItemsQuery = {},
): Promise<number> {
  let count = 0;
  for await (const rows of exportItemPages(db, query)) {
    const text = formatExportPage(rows, format, count === 0);
    await write(text);
    count += rows.length;
  }
  if (count === 0) {
    const text = formatExportPage([], format, true);
    if (text !== "") await write(text);
  }
  return count;
}
