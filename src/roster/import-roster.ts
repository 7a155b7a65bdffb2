import type { Db } from "../db/client.ts";
import type { Faculty, Prisma } from "../generated/prisma/client.ts";
import {
  formatRosterProblem,
  parseRoster,
  resolveRoster,
  type RosterColumn,
  type RosterEntry,
} from "./parse-roster.ts";

export interface RosterImportOptions {
  /** How the file is named in messages (`roster.csv line 7: ...`). */
  fileName?: string;
  /** Import the valid rows even when others have errors. */
  skipInvalid?: boolean;
  /** Work out and report everything, but write nothing. */
  dryRun?: boolean;
}

export interface RosterImportResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows not imported because they have errors (every row when the errors stopped the import). */
  skipped: number;
  /** Data rows in the file. */
  rows: number;
  /** Rows with errors of their own or whose mentor cannot be imported. */
  invalid: number;
  /** One line per problem, `roster.csv line N: <column> <what is wrong>`. */
  errors: string[];
  warnings: string[];
  /** True when errors stopped the import (no `skipInvalid`): nothing was written. */
  blocked: boolean;
  dryRun: boolean;
}

// Serialises roster imports, so two at once cannot both decide a row is new.
const ROSTER_IMPORT_LOCK_ID = 724_061_312;
// Bounds each `IN (...)` list and each statement's JSON payload, however long the roster.
const CHUNK_SIZE = 1000;

type Tx = Prisma.TransactionClient;

type RosterFields = Pick<
  Faculty,
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
>;

/** The columns a file may leave out: then the field is left as the database has it. */
const OPTIONAL_FIELDS: ReadonlyArray<readonly [RosterColumn, keyof RosterFields]> = [
  ["middle_name", "middleName"],
  ["orcid", "orcid"],
  ["email", "email"],
  ["rank", "rank"],
  ["track", "track"],
  ["division", "division"],
  ["hire_date", "hireDate"],
  ["program_start", "programStart"],
  ["cohort", "cohort"],
  ["affiliation_terms", "affiliationTerms"],
  ["name_variants", "nameVariants"],
  ["reporter_profile_id", "reporterProfileId"],
];

interface Plan {
  /** Rows to insert or rewrite, as they should be after the import (mentors aside). */
  writes: FacultyRow[];
  /** Existing rows whose ORCID iD changes; cleared first so iDs can move between people. */
  orcidsToFree: string[];
  /** Mentors that differ from the database (every mentor of a new row). */
  mentors: Array<{ id: string; mentorId: string | null }>;
  created: number;
  updated: number;
  unchanged: number;
}

type FacultyRow = { id: string } & RosterFields;

/**
 * Upserts a roster CSV by faculty_id in one transaction: a file with errors writes nothing unless
 * `skipInvalid`; rows equal to the database are not written at all, so re-importing a file is a no-op.
 */
export async function importRoster(
  db: Db,
  input: string | Uint8Array,
  options: RosterImportOptions = {},
): Promise<RosterImportResult> {
  const fileName = options.fileName ?? "roster.csv";
  const parsed = parseRoster(input, fileName);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ROSTER_IMPORT_LOCK_ID})`;
      // Rows with errors are looked up too, so that every error in the file can be listed.
      const ids = parsed.rows.flatMap((entry) => [
        entry.facultyId,
        ...(entry.mentorId === null ? [] : [entry.mentorId]),
      ]);
      const existing = await findFaculty(tx, [...new Set(ids)]);
      const orcidOwners = await findOrcidOwners(
        tx,
        parsed.rows.flatMap((entry) => (entry.orcid === null ? [] : [entry.orcid])),
      );
      const profileOwners = await findProfileOwners(
        tx,
        parsed.rows.flatMap((entry) => (entry.reporterProfileId === null ? [] : [entry.reporterProfileId])),
      );
      const resolved = resolveRoster(parsed, {
        existingIds: new Set(existing.keys()),
        orcidOwners,
        profileOwners,
      });

      const errors = resolved.problems.map((problem) => formatRosterProblem(fileName, problem));
      const blocked = errors.length > 0 && !options.skipInvalid;
      const result: RosterImportResult = {
        created: 0,
        updated: 0,
        unchanged: 0,
        skipped: blocked ? parsed.rowCount : parsed.rowCount - resolved.entries.length,
        rows: parsed.rowCount,
        invalid: parsed.rowCount - resolved.entries.length,
        errors,
        warnings: parsed.warnings,
        blocked,
        dryRun: options.dryRun ?? false,
      };
      if (blocked) return result;

      const plan = planImport(resolved.entries, parsed.columns, existing);
      result.created = plan.created;
      result.updated = plan.updated;
      result.unchanged = plan.unchanged;
      if (!options.dryRun) await applyPlan(tx, plan);
      return result;
    },
    // Thousands of rows take longer than Prisma's 5 s default; waiting for the lock is fine too.
    { timeout: 300_000, maxWait: 60_000 },
  );
}

function planImport(
  entries: RosterEntry[],
  columns: ReadonlySet<RosterColumn>,
  existing: ReadonlyMap<string, Faculty>,
): Plan {
  const plan: Plan = { writes: [], orcidsToFree: [], mentors: [], created: 0, updated: 0, unchanged: 0 };
  for (const entry of entries) {
    const current = existing.get(entry.facultyId);
    const wanted = entryFields(entry);
    const mentorChanges = columns.has("mentor_id") && entry.mentorId !== (current?.mentorId ?? null);
    if (mentorChanges) plan.mentors.push({ id: entry.facultyId, mentorId: entry.mentorId });
    if (!current) {
      plan.writes.push({ id: entry.facultyId, ...wanted });
      plan.created++;
      continue;
    }
    const next: RosterFields = {
      ...rosterFields(current),
      lastName: wanted.lastName,
      firstName: wanted.firstName,
    };
    for (const [column, field] of OPTIONAL_FIELDS) {
      if (columns.has(column)) Object.assign(next, { [field]: wanted[field] });
    }
    const fieldsChange = FIELDS.some((field) => !sameValue(next[field], current[field]));
    if (fieldsChange) plan.writes.push({ id: entry.facultyId, ...next });
    if (current.orcid !== null && next.orcid !== current.orcid) plan.orcidsToFree.push(entry.facultyId);
    if (fieldsChange || mentorChanges) plan.updated++;
    else plan.unchanged++;
  }
  return plan;
}

/*
 * Writes go through one SQL statement per chunk of rows: Prisma has no bulk upsert with a different
 * value per row, and a query per row makes a roster-wide change take many seconds. The timestamps
 * are set here as the UTC wall time Prisma stores (updatedAt is Prisma's job, not the database's,
 * and the column default would use the session's time zone).
 */
async function applyPlan(tx: Tx, plan: Plan): Promise<void> {
  for (const ids of chunks(plan.orcidsToFree)) {
    await tx.faculty.updateMany({ where: { id: { in: ids } }, data: { orcid: null } });
  }
  for (const rows of chunks(plan.writes)) {
    const payload = JSON.stringify(
      rows.map((row) => ({
        ...row,
        hireDate: isoDate(row.hireDate),
        programStart: isoDate(row.programStart),
      })),
    );
    await tx.$executeRaw`
      INSERT INTO "Faculty" ("id", "lastName", "firstName", "middleName", "orcid", "email", "rank", "track",
        "division", "hireDate", "programStart", "cohort", "affiliationTerms", "nameVariants", "reporterProfileId", "createdAt", "updatedAt")
      SELECT r."id", r."lastName", r."firstName", r."middleName", r."orcid", r."email", r."rank", r."track",
        r."division", r."hireDate", r."programStart", r."cohort", r."affiliationTerms", r."nameVariants",
        r."reporterProfileId", now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM jsonb_to_recordset(${payload}::jsonb) AS r("id" text, "lastName" text, "firstName" text,
        "middleName" text, "orcid" text, "email" text, "rank" text, "track" text, "division" text,
        "hireDate" date, "programStart" date, "cohort" text, "affiliationTerms" text[], "nameVariants" text[],
        "reporterProfileId" integer)
      ON CONFLICT ("id") DO UPDATE SET
        "lastName" = EXCLUDED."lastName", "firstName" = EXCLUDED."firstName",
        "middleName" = EXCLUDED."middleName", "orcid" = EXCLUDED."orcid", "email" = EXCLUDED."email",
        "rank" = EXCLUDED."rank", "track" = EXCLUDED."track", "division" = EXCLUDED."division",
        "hireDate" = EXCLUDED."hireDate", "programStart" = EXCLUDED."programStart",
        "cohort" = EXCLUDED."cohort", "affiliationTerms" = EXCLUDED."affiliationTerms",
        "nameVariants" = EXCLUDED."nameVariants", "reporterProfileId" = EXCLUDED."reporterProfileId",
        "updatedAt" = EXCLUDED."updatedAt"`;
  }
  // Mentors come last, once everyone they may point to exists.
  for (const rows of chunks(plan.mentors)) {
    await tx.$executeRaw`
      UPDATE "Faculty" AS f SET "mentorId" = r."mentorId", "updatedAt" = now() AT TIME ZONE 'UTC'
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("id" text, "mentorId" text)
      WHERE f."id" = r."id"`;
  }
}

function isoDate(value: Date | null): string | null {
  return value === null ? null : value.toISOString().slice(0, 10);
}

const FIELDS: ReadonlyArray<keyof RosterFields> = [
  "lastName",
  "firstName",
  ...OPTIONAL_FIELDS.map(([, field]) => field),
];

function rosterFields(faculty: RosterFields): RosterFields {
  return {
    lastName: faculty.lastName,
    firstName: faculty.firstName,
    middleName: faculty.middleName,
    orcid: faculty.orcid,
    email: faculty.email,
    rank: faculty.rank,
    track: faculty.track,
    division: faculty.division,
    hireDate: faculty.hireDate,
    programStart: faculty.programStart,
    cohort: faculty.cohort,
    affiliationTerms: faculty.affiliationTerms,
    nameVariants: faculty.nameVariants,
    reporterProfileId: faculty.reporterProfileId,
  };
}

function entryFields(entry: RosterEntry): RosterFields {
  return rosterFields({
    ...entry,
    hireDate: toDate(entry.hireDate),
    programStart: toDate(entry.programStart),
  });
}

/** A DATE column comes back as midnight UTC, so dates are written the same way. */
function toDate(value: string | null): Date | null {
  return value === null ? null : new Date(`${value}T00:00:00.000Z`);
}

function sameValue(a: RosterFields[keyof RosterFields], b: RosterFields[keyof RosterFields]): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((value, i) => value === b[i])
    );
  }
  return a === b;
}

async function findFaculty(tx: Tx, ids: string[]): Promise<Map<string, Faculty>> {
  const found = new Map<string, Faculty>();
  for (const chunk of chunks(ids)) {
    for (const faculty of await tx.faculty.findMany({ where: { id: { in: chunk } } })) {
      found.set(faculty.id, faculty);
    }
  }
  return found;
}

async function findOrcidOwners(tx: Tx, orcids: string[]): Promise<Map<string, string>> {
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

async function findProfileOwners(tx: Tx, profileIds: number[]): Promise<Map<number, string>> {
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

function chunks<T>(values: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += CHUNK_SIZE) {
    result.push(values.slice(start, start + CHUNK_SIZE));
  }
  return result;
}
