import type { Db } from "../db/client.ts";
import type { FacultyRow } from "../db/repositories/faculty.ts";
import {
  clearOrcids,
  findFacultyRows,
  lockRosterImport,
  orcidOwners as findOrcidOwners,
  profileOwners as findProfileOwners,
  setMentors,
  upsertRosterRows,
  type RosterFields,
  type RosterRow,
} from "../db/repositories/roster.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import {
  formatRosterProblem,
  parseRoster,
  resolveRoster,
  type RosterColumn,
  type RosterEntry,
} from "../roster/parse-roster.ts";

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
  ["previous_affiliations", "previousAffiliations"],
];

interface Plan {
  /** Rows to insert or rewrite, as they should be after the import (mentors aside). */
  writes: RosterRow[];
  /** Existing rows whose ORCID iD changes; cleared first so iDs can move between people. */
  orcidsToFree: string[];
  /** Mentors that differ from the database (every mentor of a new row). */
  mentors: Array<{ id: string; mentorId: string | null }>;
  created: number;
  updated: number;
  unchanged: number;
}

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
  return inTransaction(
    db,
    async (tx) => {
      await lockRosterImport(tx);
      // Rows with errors are looked up too, so that every error in the file can be listed.
      const ids = parsed.rows.flatMap((entry) => [
        entry.facultyId,
        ...(entry.mentorId === null ? [] : [entry.mentorId]),
      ]);
      const existing = await findFacultyRows(tx, [...new Set(ids)]);
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
      if (!options.dryRun) {
        await clearOrcids(tx, plan.orcidsToFree);
        await upsertRosterRows(tx, plan.writes);
        // Mentors come last, once everyone they may point to exists.
        await setMentors(tx, plan.mentors);
      }
      return result;
    },
    // Thousands of rows take longer than Prisma's 5 s default; waiting for the lock is fine too.
    { timeout: 300_000, maxWait: 60_000 },
  );
}

function planImport(
  entries: RosterEntry[],
  columns: ReadonlySet<RosterColumn>,
  existing: ReadonlyMap<string, FacultyRow>,
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
    previousAffiliations: faculty.previousAffiliations,
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
