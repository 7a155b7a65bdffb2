import { stringify } from "csv-stringify/sync";
import type { Db } from "../db/client.ts";
import type { ItemKind, LinkStatus } from "../generated/prisma/client.ts";

/** The export's fields, in order: a contract that scripts depend on. */
export const EXPORT_ITEM_FIELDS = [
  "facultyId",
  "itemId",
  "status",
  "kind",
  "title",
  "year",
  "venue",
  "doi",
  "pmid",
  "pmcid",
  "publicationTypes",
  "authorPosition",
  "sources",
] as const;

export type ExportFormat = "jsonl" | "csv";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["jsonl", "csv"];

export interface ExportItemRow {
  facultyId: string;
  itemId: number;
  status: LinkStatus;
  kind: ItemKind;
  title: string;
  year: number | null;
  venue: string | null;
  doi: string | null;
  pmid: string | null;
  pmcid: string | null;
  publicationTypes: string[];
  authorPosition: string | null;
  /** Distinct SourceRecord.source values of the item, sorted. */
  sources: string[];
}

/** A FacultyItem with the parts of its Item the export needs, as the query returns it. */
export interface ExportItemLink {
  facultyId: string;
  itemId: number;
  status: LinkStatus;
  authorPosition: string | null;
  item: {
    kind: ItemKind;
    title: string;
    year: number | null;
    venue: string | null;
    doi: string | null;
    pmid: string | null;
    pmcid: string | null;
    publicationTypes: string[];
    sourceRecords: Array<{ source: string }>;
  };
}

/** Builds the row with its keys in contract order, so JSON output keeps that order too. */
export function toExportItemRow(link: ExportItemLink): ExportItemRow {
  const { item } = link;
  return {
    facultyId: link.facultyId,
    itemId: link.itemId,
    status: link.status,
    kind: item.kind,
    title: item.title,
    year: item.year,
    venue: item.venue,
    doi: item.doi,
    pmid: item.pmid,
    pmcid: item.pmcid,
    publicationTypes: [...item.publicationTypes],
    authorPosition: link.authorPosition,
    sources: [...new Set(item.sourceRecords.map((record) => record.source))].sort(),
  };
}

/** One CSV record: lists joined with ";", missing values empty. */
export function toCsvRecord(row: ExportItemRow): string[] {
  return EXPORT_ITEM_FIELDS.map((field) => {
    const value = row[field];
    if (value === null) return "";
    if (Array.isArray(value)) return value.join(";");
    return String(value);
  });
}

/** The text of one page of rows; the CSV header goes before the first page only. */
export function formatExportPage(rows: ExportItemRow[], format: ExportFormat, firstPage: boolean): string {
  switch (format) {
    case "jsonl":
      return rows.map((row) => `${JSON.stringify(row)}\n`).join("");
    case "csv": {
      const records = rows.map(toCsvRecord);
      if (firstPage) records.unshift([...EXPORT_ITEM_FIELDS]);
      return records.length === 0 ? "" : stringify(records);
    }
    default: {
      const unknown: never = format;
      throw new Error(`Unknown export format ${String(unknown)}`);
    }
  }
}

export interface ExportItemsQuery {
  /** Only these faculty members; everyone when absent. */
  facultyIds?: readonly string[];
  pageSize?: number;
}

/**
 * Yields FacultyItem rows page by page in (facultyId, itemId) order. Keyset pagination on the
 * primary key keeps every page one index range scan however deep the export goes, and only one
 * page is ever in memory.
 */
export async function* exportItemPages(
  db: Db,
  query: ExportItemsQuery = {},
): AsyncGenerator<ExportItemRow[]> {
  const pageSize = query.pageSize ?? 1000;
  const only = query.facultyIds ? { facultyId: { in: [...query.facultyIds] } } : {};
  let after: { facultyId: string; itemId: number } | undefined;
  for (;;) {
    const links = await db.facultyItem.findMany({
      where: {
        ...only,
        ...(after && {
          OR: [
            { facultyId: { gt: after.facultyId } },
            { facultyId: after.facultyId, itemId: { gt: after.itemId } },
          ],
        }),
      },
      orderBy: [{ facultyId: "asc" }, { itemId: "asc" }],
      take: pageSize,
      select: {
        facultyId: true,
        itemId: true,
        status: true,
        authorPosition: true,
        item: {
          select: {
            kind: true,
            title: true,
            year: true,
            venue: true,
            doi: true,
            pmid: true,
            pmcid: true,
            publicationTypes: true,
            sourceRecords: { select: { source: true }, distinct: ["source"] },
          },
        },
      },
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
