/**
 * The roster import's reads and writes. Writes go through one SQL statement per chunk of rows:
 * Prisma has no bulk upsert with a different value per row, and a query per row makes a
 * roster-wide change take many seconds.
 */
import type { Tx } from "../client.ts";
import { lockId } from "./transaction.ts";
import type { FacultyRow } from "./faculty.ts";

// Serialises roster imports, so two at once cannot both decide a row is new.
const ROSTER_IMPORT_LOCK_ID = 724_061_312;
// Bounds each `IN (...)` list and each statement's JSON payload, however long the roster.
const CHUNK_SIZE = 1000;

/** The roster fields an import writes. */
export type RosterFields = Pick<
  FacultyRow,
  | "lastName"
  | "firstName"
  | "middleName"
  | "orcid"
  | "email"
  | "rank"
  | "track"
  | "division"
  | "hireDate"
  | "programStart"
  | "cohort"
  | "affiliationTerms"
  | "nameVariants"
  | "reporterProfileId"
  | "previousAffiliations"
>;

export type RosterRow = { id: string } & RosterFields;

/** One import at a time, until the transaction ends. */
export function lockRosterImport(tx: Tx): Promise<void> {
  return lockId(tx, ROSTER_IMPORT_LOCK_ID);
}

export async function findFacultyRows(tx: Tx, ids: readonly string[]): Promise<Map<string, FacultyRow>> {
  const found = new Map<string, FacultyRow>();
  for (const chunk of chunks(ids)) {
    for (const faculty of await tx.faculty.findMany({ where: { id: { in: chunk } } })) {
      found.set(faculty.id, faculty);
    }
  }
  return found;
}

/** Who holds each of these ORCID iDs. */
export async function orcidOwners(tx: Tx, orcids: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const chunk of chunks(orcids)) {
    const rows = await tx.faculty.findMany({
      where: { orcid: { in: chunk } },
      select: { id: true, orcid: true },
    });
    for (const row of rows) if (row.orcid !== null) owners.set(row.orcid, row.id);
  }
  return owners;
}

/** Who holds each of these RePORTER profile ids. */
export async function profileOwners(tx: Tx, profileIds: readonly number[]): Promise<Map<number, string>> {
  const owners = new Map<number, string>();
  for (const chunk of chunks(profileIds)) {
    const rows = await tx.faculty.findMany({
      where: { reporterProfileId: { in: chunk } },
      select: { id: true, reporterProfileId: true },
    });
    for (const row of rows) if (row.reporterProfileId !== null) owners.set(row.reporterProfileId, row.id);
  }
  return owners;
}

/** Clears these people's ORCID iDs, so that iDs can move between people within one import. */
export async function clearOrcids(tx: Tx, facultyIds: readonly string[]): Promise<void> {
  for (const ids of chunks(facultyIds)) {
    await tx.faculty.updateMany({ where: { id: { in: ids } }, data: { orcid: null } });
  }
}

/**
 * Inserts or rewrites these rows. The timestamps are set here as the UTC wall time Prisma stores
 * (updatedAt is Prisma's job, not the database's, and the column default would use the session's
 * time zone).
 */
export async function upsertRosterRows(tx: Tx, rosterRows: readonly RosterRow[]): Promise<void> {
  for (const rows of chunks(rosterRows)) {
    const payload = JSON.stringify(
      rows.map((row) => ({
        ...row,
        hireDate: isoDate(row.hireDate),
        programStart: isoDate(row.programStart),
      })),
    );
    await tx.$executeRaw`
      INSERT INTO "Faculty" ("id", "lastName", "firstName", "middleName", "orcid", "email", "rank", "track",
        "division", "hireDate", "programStart", "cohort", "affiliationTerms", "nameVariants", "reporterProfileId", "previousAffiliations", "createdAt", "updatedAt")
      SELECT r."id", r."lastName", r."firstName", r."middleName", r."orcid", r."email", r."rank", r."track",
        r."division", r."hireDate", r."programStart", r."cohort", r."affiliationTerms", r."nameVariants",
        r."reporterProfileId", COALESCE(r."previousAffiliations", '{}'), now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM jsonb_to_recordset(${payload}::jsonb) AS r("id" text, "lastName" text, "firstName" text,
        "middleName" text, "orcid" text, "email" text, "rank" text, "track" text, "division" text,
        "hireDate" date, "programStart" date, "cohort" text, "affiliationTerms" text[], "nameVariants" text[],
        "reporterProfileId" integer, "previousAffiliations" text[])
      ON CONFLICT ("id") DO UPDATE SET
        "lastName" = EXCLUDED."lastName", "firstName" = EXCLUDED."firstName",
        "middleName" = EXCLUDED."middleName", "orcid" = EXCLUDED."orcid", "email" = EXCLUDED."email",
        "rank" = EXCLUDED."rank", "track" = EXCLUDED."track", "division" = EXCLUDED."division",
        "hireDate" = EXCLUDED."hireDate", "programStart" = EXCLUDED."programStart",
        "cohort" = EXCLUDED."cohort", "affiliationTerms" = EXCLUDED."affiliationTerms",
        "nameVariants" = EXCLUDED."nameVariants", "reporterProfileId" = EXCLUDED."reporterProfileId",
        "previousAffiliations" = EXCLUDED."previousAffiliations", "updatedAt" = EXCLUDED."updatedAt"`;
  }
}

/** Sets these people's mentors (once everyone they may point to exists). */
export async function setMentors(
  tx: Tx,
  mentors: ReadonlyArray<{ id: string; mentorId: string | null }>,
): Promise<void> {
  for (const rows of chunks(mentors)) {
    await tx.$executeRaw`
      UPDATE "Faculty" AS f SET "mentorId" = r."mentorId", "updatedAt" = now() AT TIME ZONE 'UTC'
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("id" text, "mentorId" text)
      WHERE f."id" = r."id"`;
  }
}

function isoDate(value: Date | null): string | null {
  return value === null ? null : value.toISOString().slice(0, 10);
}

function chunks<T>(values: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += CHUNK_SIZE) {
    result.push(values.slice(start, start + CHUNK_SIZE));
  }
  return result;
}
