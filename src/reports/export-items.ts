import { stringify } from "csv-stringify/sync";
import type { CandidateKind as ItemKind } from "../sources/candidate.ts";

type LinkStatus = "accepted" | "pending" | "rejected";

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
