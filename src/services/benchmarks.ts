/**
 * Promotion benchmarks: each person's record against the criteria for their next rank, and the
 * norms of the people promoted before them, both counted from the ledger so that every count can
 * show its items.
 */
import { checkRequirements, countsAtPromotion, type PersonCheck } from "../benchmarks/check.ts";
import {
  DEFAULT_MIN_NORM_GROUP,
  findTarget,
  findTrack,
  normalizeName,
  targetFor,
  type BenchmarkCriteria,
  type BenchmarkTarget,
  type BenchmarkTrack,
} from "../benchmarks/criteria.ts";
import { summarizeNorm, type NormSummary } from "../benchmarks/norms.ts";
import type { Db } from "../db/client.ts";
import { knownCohorts } from "../db/repositories/faculty.ts";
import { promotionsWithTrack } from "../db/repositories/promotions.ts";
import { rosterPeople, type RosterPerson } from "../db/repositories/roster-selection.ts";
import { UserError } from "../errors.ts";
import type { LedgerForReports, LedgerLineView } from "../reports/windows-report.ts";
import { loadLedgerForReports } from "./reports.ts";

export type { PersonCheck };

export type CheckSelection = { ids: readonly string[] } | { cohort: string } | { all: true };

export interface NormRequirement extends NormSummary {
  id: string;
  label: string;
  metric: string;
  required: number;
}

export interface NormGroup {
  track: string;
  rank: string;
  lookBackYears: number;
  /** People promoted to the rank on the track, counted in the look-back window ending with their promotion year. */
  n: number;
  /** Fewer people than the criteria's minNormGroup. */
  tooSmall: boolean;
  requirements: NormRequirement[];
  /** Who the norms come from, for tracing: faculty id, promotion date and counts per requirement. */
  promotions: Array<{ facultyId: string; date: string; counts: Record<string, number> }>;
}

/** Each chosen person checked against the criteria for their next rank, as of the date ("YYYY-MM-DD"). */
export async function checkBenchmarks(
  db: Db,
  criteria: BenchmarkCriteria,
  selection: CheckSelection,
  asOf: string,
  /**
   * What the caller has read already: the chosen people's roster facts, and their ledger as
   * loadLedgerForReports dates it by publication.
   */
  known: { people?: readonly RosterPerson[]; ledger?: LedgerForReports } = {},
): Promise<PersonCheck[]> {
  const people = known.people ?? (await choosePeople(db, selection));
  const targets = people.map((person) => ({ person, found: targetFor(criteria, person) }));
  // Only the norms someone here is checked against: a profile needs its person's group alone.
  const wanted = new Set(targets.flatMap(({ found }) => ("reason" in found ? [] : [found.target])));
  const [ledger, groups] = await Promise.all([
    known.ledger ??
      loadLedgerForReports(
        db,
        people.map((person) => person.id),
        "publication",
      ),
    normGroups(db, criteria, (group) => wanted.has(group.target)),
  ]);
  const linesByPerson = groupLines(ledger.lines);
  const minNormGroup = criteria.minNormGroup ?? DEFAULT_MIN_NORM_GROUP;

  return targets.map(({ person, found }): PersonCheck => {
    const identity = {
      facultyId: person.id,
      name: `${person.firstName} ${person.lastName}`,
      track: person.track,
      rank: person.rank,
    };
    if ("reason" in found) {
      return {
        ...identity,
        targetRank: found.targetRank,
        asOf,
        window: null,
        requirements: [],
        met: null,
        criteriaVersion: criteria.version,
        noCriteria: found.reason,
      };
    }
    const group = groups.find((entry) => entry.track === found.track && entry.target === found.target);
    const norms = group ? valuesByRequirement(group) : new Map<string, number[]>();
    const checked = checkRequirements(
      found.target,
      linesByPerson.get(person.id) ?? [],
      asOf,
      norms,
      minNormGroup,
    );
    return {
      ...identity,
      targetRank: found.target.rank,
      asOf,
      window: checked.window,
      requirements: checked.requirements,
      met: checked.met,
      criteriaVersion: criteria.version,
      noCriteria: null,
    };
  });
}

/** The norms of every track and target rank in the criteria, or of the one asked for. */
export async function benchmarkNorms(
  db: Db,
  criteria: BenchmarkCriteria,
  filter: { track?: string; rank?: string },
): Promise<NormGroup[]> {
  const wantedTrack = filter.track === undefined ? undefined : findTrack(criteria, filter.track);
  if (filter.track !== undefined && !wantedTrack) {
    throw new UserError(
      `No criteria for track "${filter.track}" (tracks: ${criteria.tracks.map((track) => track.track).join(", ")})`,
    );
  }
  const groups = await normGroups(
    db,
    criteria,
    (group) =>
      (wantedTrack === undefined || group.track === wantedTrack) &&
      (filter.rank === undefined || normalizeName(group.target.rank) === normalizeName(filter.rank)),
  );
  if (filter.rank !== undefined && groups.length === 0) {
    throw new UserError(
      `No criteria for rank "${filter.rank}"${wantedTrack ? ` on the ${wantedTrack.track} track` : ""}`,
    );
  }
  const minNormGroup = criteria.minNormGroup ?? DEFAULT_MIN_NORM_GROUP;
  return groups.map((group) => {
    const values = valuesByRequirement(group);
    return {
      track: group.track.track,
      rank: group.target.rank,
      lookBackYears: group.target.lookBackYears,
      n: group.promotions.length,
      tooSmall: group.promotions.length < minNormGroup,
      requirements: group.target.requirements.map((requirement) => ({
        id: requirement.id,
        label: requirement.label,
        metric: requirement.metric,
        required: requirement.atLeast,
        ...summarizeNorm(values.get(requirement.id) ?? []),
      })),
      promotions: group.promotions.map((promotion) => ({
        facultyId: promotion.facultyId,
        date: promotion.date,
        counts: Object.fromEntries(promotion.counts),
      })),
    };
  });
}

interface CountedPromotion {
  facultyId: string;
  date: string;
  counts: Map<string, number>;
}

interface RawNormGroup {
  track: BenchmarkTrack;
  target: BenchmarkTarget;
  promotions: CountedPromotion[];
}

/**
 * The criteria's tracks and targets (those chosen) with the promotions to that rank of people on
 * that track (their roster track), each counted in the look-back window ending with the
 * promotion's year. Only the chosen groups' promoted people have their ledgers read.
 */
async function normGroups(
  db: Db,
  criteria: BenchmarkCriteria,
  chosen: (group: { track: BenchmarkTrack; target: BenchmarkTarget }) => boolean,
): Promise<RawNormGroup[]> {
  const groups: RawNormGroup[] = criteria.tracks
    .flatMap((track) => track.targets.map((target) => ({ track, target, promotions: [] })))
    .filter(chosen);
  if (groups.length === 0) return groups;
  const promotions = (await promotionsWithTrack(db)).flatMap((promotion) => {
    const track = findTrack(criteria, promotion.track);
    const target = track ? findTarget(track, promotion.rank) : undefined;
    const group = groups.find((entry) => entry.track === track && entry.target === target);
    return group ? [{ group, promotion }] : [];
  });
  if (promotions.length === 0) return groups;
  const ledger = await loadLedgerForReports(
    db,
    [...new Set(promotions.map(({ promotion }) => promotion.facultyId))],
    "publication",
  );
  const linesByPerson = groupLines(ledger.lines);
  for (const { group, promotion } of promotions) {
    const date = promotion.date.toISOString().slice(0, 10);
    group.promotions.push({
      facultyId: promotion.facultyId,
      date,
      counts: countsAtPromotion(group.target, linesByPerson.get(promotion.facultyId) ?? [], date),
    });
  }
  return groups;
}

function valuesByRequirement(group: RawNormGroup): Map<string, number[]> {
  return new Map(
    group.target.requirements.map((requirement) => [
      requirement.id,
      group.promotions.map((promotion) => promotion.counts.get(requirement.id) ?? 0),
    ]),
  );
}

async function choosePeople(db: Db, selection: CheckSelection): Promise<RosterPerson[]> {
  const people = await rosterPeople(db, selection);
  if ("ids" in selection) {
    const found = new Set(people.map((person) => person.id));
    const missing = [...new Set(selection.ids)].filter((id) => !found.has(id));
    if (missing.length > 0) throw new UserError(`Not on the roster: ${missing.join(", ")}`);
  }
  if ("cohort" in selection && people.length === 0) {
    const known = (await knownCohorts(db)).join(", ");
    throw new UserError(
      `No faculty members in cohort "${selection.cohort}"${known ? ` (cohorts: ${known})` : " (no cohort is set on the roster)"}`,
    );
  }
  return people;
}

function groupLines(lines: readonly LedgerLineView[]): Map<string, LedgerLineView[]> {
  const byPerson = new Map<string, LedgerLineView[]>();
  for (const line of lines) {
    const own = byPerson.get(line.facultyId);
    if (own) own.push(line);
    else byPerson.set(line.facultyId, [line]);
  }
  return byPerson;
}
