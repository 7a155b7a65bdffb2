/**
 * Promotion criteria: a versioned JSON file (config/benchmarks.json by default, BENCHMARKS_PATH
 * otherwise) saying, per track and target rank, how many years to look back and what must be
 * counted in them. Loaded and validated here; applied by check.ts.
 */

import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { UserError } from "../errors.ts";
import { projectPath } from "../paths.ts";
import { METRICS } from "../reconcile/classify.ts";
import { GRANT_ROLES } from "../reconcile/rules.ts";

export const DEFAULT_BENCHMARKS_PATH = projectPath("config", "benchmarks.json");

/** The version of the file's layout this code reads; a file written for another is refused. */
export const BENCHMARKS_SCHEMA_VERSION = 1;

/** The norm group is too small to compare with below this many people, unless the file says otherwise. */
export const DEFAULT_MIN_NORM_GROUP = 5;

export const AUTHOR_POSITIONS = ["first", "last", "middle", "sole"] as const;

const comment = z.string().optional();
const text = z.string().trim().min(1, "must not be empty");
const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "must be lower-case letters, digits, - and _ (e.g. first-senior-papers)");

const requirementSchema = z.strictObject({
  $comment: comment,
  id: identifier,
  /** What is counted, as a plural noun phrase: "first- or senior-author peer-reviewed publications". */
  label: text,
  /** The same for one: "grant as PI or co-I"; the gap reads "1 more grant as PI or co-I". */
  labelSingular: text.optional(),
  metric: z.enum(METRICS),
  atLeast: z.number().int("must be a whole number").min(1, "must be at least 1"),
  /** Only items where the person holds one of these author positions (publications). */
  authorPositions: z.array(z.enum(AUTHOR_POSITIONS)).min(1, "must list at least one position").optional(),
  /** Only grants where the person holds one of these roles. */
  grantRoles: z.array(z.enum(GRANT_ROLES)).min(1, "must list at least one role").optional(),
});

const targetSchema = z.strictObject({
  $comment: comment,
  rank: text,
  lookBackYears: z
    .number()
    .int("must be a whole number of years")
    .min(1, "must be at least 1")
    .max(50, "must be at most 50"),
  requirements: z.array(requirementSchema).min(1, "must list at least one requirement"),
});

const trackSchema = z.strictObject({
  $comment: comment,
  track: text,
  /** Other ways the roster writes this track ("CS" for "clinician scholar"). */
  aliases: z.array(text).optional(),
  targets: z.array(targetSchema).min(1, "must list at least one target rank"),
});

const criteriaSchema = z
  .strictObject({
    $comment: comment,
    /** Who wrote it and why: the shipped file says it is an example to edit. */
    note: z.string().optional(),
    schemaVersion: z.literal(BENCHMARKS_SCHEMA_VERSION, {
      error: `must be ${BENCHMARKS_SCHEMA_VERSION} (the criteria file layout this version of ScholarTrack reads)`,
    }),
    /** The criteria's own version, quoted in every check ("2026-12 faculty handbook"). */
    version: text,
    /** The ranks, lowest first: the next rank after a person's current one is their target. */
    ranks: z.array(text).min(2, "must list at least two ranks, lowest first"),
    minNormGroup: z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
    tracks: z.array(trackSchema).min(1, "must list at least one track"),
  })
  .superRefine((criteria, ctx) => {
    unique(ctx, criteria.ranks.map(normalizeName), (index) => ["ranks", index], "rank");
    const trackNames = criteria.tracks.flatMap((track, trackIndex) => [
      { name: track.track, path: ["tracks", trackIndex, "track"] },
      ...(track.aliases ?? []).map((alias, aliasIndex) => ({
        name: alias,
        path: ["tracks", trackIndex, "aliases", aliasIndex],
      })),
    ]);
    unique(
      ctx,
      trackNames.map((entry) => normalizeName(entry.name)),
      (index) => trackNames[index]!.path,
      "track name",
    );
    const ranks = criteria.ranks.map(normalizeName);
    criteria.tracks.forEach((track, trackIndex) => {
      unique(
        ctx,
        track.targets.map((target) => normalizeName(target.rank)),
        (index) => ["tracks", trackIndex, "targets", index, "rank"],
        "target rank",
      );
      track.targets.forEach((target, targetIndex) => {
        const at = ["tracks", trackIndex, "targets", targetIndex];
        const position = ranks.indexOf(normalizeName(target.rank));
        if (position < 0) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "rank"],
            message: `"${target.rank}" is not one of ranks`,
          });
        } else if (position === 0) {
          ctx.addIssue({
            code: "custom",
            path: [...at, "rank"],
            message: `"${target.rank}" is the lowest rank; no one is promoted to it`,
          });
        }
        unique(
          ctx,
          target.requirements.map((requirement) => requirement.id),
          (index) => [...at, "requirements", index, "id"],
          "requirement id",
        );
        target.requirements.forEach((requirement, index) => {
          const path = [...at, "requirements", index];
          const isGrant = requirement.metric.startsWith("grants_");
          if (requirement.grantRoles && !isGrant) {
            ctx.addIssue({
              code: "custom",
              path: [...path, "grantRoles"],
              message: "applies to grant metrics only",
            });
          }
          if (requirement.authorPositions && !requirement.metric.endsWith("_publications")) {
            ctx.addIssue({
              code: "custom",
              path: [...path, "authorPositions"],
              message: "applies to publication metrics only",
            });
          }
        });
      });
    });
  });

export type BenchmarkCriteria = z.output<typeof criteriaSchema>;
export type BenchmarkTrack = BenchmarkCriteria["tracks"][number];
export type BenchmarkTarget = BenchmarkTrack["targets"][number];
export type Requirement = BenchmarkTarget["requirements"][number];

/** The criteria file cannot be used: a configuration error, exit code 2. */
export class BenchmarkCriteriaError extends UserError {
  override name = "BenchmarkCriteriaError";
  constructor(message: string) {
    super(message, 2);
  }
}

/** Reads and validates a criteria file (config/benchmarks.json when no path is given). */
export function loadBenchmarkCriteria(file: string = DEFAULT_BENCHMARKS_PATH): BenchmarkCriteria {
  // Every profile page checks against the criteria: read and validated again only when the file changed.
  let version: string;
  try {
    const stat = statSync(file);
    version = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch (error) {
    throw new BenchmarkCriteriaError(`Cannot read the benchmark criteria ${file}: ${errorMessage(error)}`);
  }
  const cached = loadedCriteria.get(file);
  if (cached?.version === version) return cached.criteria;
  const criteria = readBenchmarkCriteria(file);
  loadedCriteria.set(file, { version, criteria });
  return criteria;
}

/** Criteria files read, by path, with the file's identity, size and time when read. */
const loadedCriteria = new Map<string, { version: string; criteria: BenchmarkCriteria }>();

function readBenchmarkCriteria(file: string): BenchmarkCriteria {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    throw new BenchmarkCriteriaError(`Cannot read the benchmark criteria ${file}: ${errorMessage(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    throw new BenchmarkCriteriaError(
      `The benchmark criteria ${file} are not valid JSON: ${errorMessage(error)}`,
    );
  }
  return parseBenchmarkCriteria(value, file);
}

/** Validates criteria already parsed from JSON; every problem is listed with its field. */
export function parseBenchmarkCriteria(value: unknown, source: string): BenchmarkCriteria {
  const parsed = criteriaSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) => `  ${formatPath(issue.path) || "(top level)"}: ${issue.message}`,
  );
  throw new BenchmarkCriteriaError(`Invalid benchmark criteria in ${source}:\n${lines.join("\n")}`);
}

/** Ranks and tracks compare without regard to case, spacing, hyphens or underscores. */
export function normalizeName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

/** The criteria's track the roster's track names (by name or alias), if any. */
export function findTrack(criteria: BenchmarkCriteria, track: string | null): BenchmarkTrack | undefined {
  if (track === null) return undefined;
  const wanted = normalizeName(track);
  return criteria.tracks.find(
    (entry) =>
      normalizeName(entry.track) === wanted ||
      (entry.aliases ?? []).some((alias) => normalizeName(alias) === wanted),
  );
}

/** The rank after this one on the criteria's ladder, as the criteria spell it; undefined at the top or off it. */
export function nextRank(criteria: BenchmarkCriteria, rank: string | null): string | undefined {
  if (rank === null) return undefined;
  const position = criteria.ranks.map(normalizeName).indexOf(normalizeName(rank));
  return position < 0 ? undefined : criteria.ranks[position + 1];
}

/** The target of this track for this rank, if the criteria set one. */
export function findTarget(track: BenchmarkTrack, rank: string): BenchmarkTarget | undefined {
  return track.targets.find((target) => normalizeName(target.rank) === normalizeName(rank));
}

/**
 * What a person on this track at this rank is checked against, or why nothing is: no track on the
 * roster, a track or rank the criteria do not know, the top rank, no criteria for the next rank.
 */
export function targetFor(
  criteria: BenchmarkCriteria,
  person: { track: string | null; rank: string | null },
): { track: BenchmarkTrack; target: BenchmarkTarget } | { reason: string; targetRank: string | null } {
  const rankName = person.rank;
  if (rankName === null) return { reason: "no rank on the roster", targetRank: null };
  const position = criteria.ranks.map(normalizeName).indexOf(normalizeName(rankName));
  if (position < 0) {
    return {
      reason: `rank "${rankName}" is not one of the criteria's ranks (${criteria.ranks.join(", ")})`,
      targetRank: null,
    };
  }
  const targetRank = criteria.ranks[position + 1];
  if (targetRank === undefined) return { reason: `"${rankName}" is the highest rank`, targetRank: null };
  if (person.track === null) return { reason: "no track on the roster", targetRank };
  const track = findTrack(criteria, person.track);
  if (!track) {
    const known = criteria.tracks.map((entry) => entry.track).join(", ");
    return { reason: `no criteria for track "${person.track}" (tracks: ${known})`, targetRank };
  }
  const target = findTarget(track, targetRank);
  if (!target) return { reason: `no criteria for ${targetRank} on the ${track.track} track`, targetRank };
  return { track, target };
}

function unique(
  ctx: z.RefinementCtx,
  keys: readonly string[],
  pathOf: (index: number) => PropertyKey[],
  what: string,
): void {
  const seen = new Map<string, number>();
  keys.forEach((key, index) => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else {
      ctx.addIssue({
        code: "custom",
        path: pathOf(index),
        message: `${what} "${key}" is already given at ${formatPath(pathOf(first))}`,
      });
    }
  });
}

/** ["tracks", 0, "targets", 1, "lookBackYears"] → "tracks[0].targets[1].lookBackYears". */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
