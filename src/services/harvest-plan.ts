/**
 * Whether a person's harvest at a source asks for everything or only for what changed since the
 * last one (docs/sources.md#incremental-harvests). Pure: the job records the plan's mode and
 * reason, and the source reads `since` and `cursor` from its context.
 */
import { createHash } from "node:crypto";
import type { AppConfig } from "../config/env.ts";
import type { HarvestPerson } from "../sources/source.ts";

export type HarvestMode = "complete" | "incremental";

export interface HarvestPlan {
  mode: HarvestMode;
  /** Why, as `runs show` prints it. */
  reason: string;
  /** Incremental only: ask for what changed from this instant (the last harvest less the overlap). */
  since?: Date;
  /** Incremental only: what the source kept at the last harvest to tell a change. */
  cursor?: unknown;
}

export interface PreviousHarvest {
  lastHarvestAt: Date;
  lastCompleteAt: Date;
  identity: string;
  cursor: unknown;
}

export interface PlanSettings {
  /** `harvest --full`. */
  full: boolean;
  /** Days between complete harvests of one person (HARVEST_COMPLETE_EVERY_DAYS). */
  completeEveryDays: number;
  /** Days an incremental harvest reaches back before the last one (HARVEST_OVERLAP_DAYS). */
  overlapDays: number;
}

/** The plan's settings as configured, with or without `harvest --full`. */
export function planSettings(
  config: Pick<AppConfig, "HARVEST_COMPLETE_EVERY_DAYS" | "HARVEST_OVERLAP_DAYS">,
  full: boolean,
): PlanSettings {
  return {
    full,
    completeEveryDays: config.HARVEST_COMPLETE_EVERY_DAYS,
    overlapDays: config.HARVEST_OVERLAP_DAYS,
  };
}

const DAY_MS = 86_400_000;

/** What a harvest's searches read of a person, and the years asked: a change makes the next harvest complete. */
export function harvestIdentity(
  person: Pick<
    HarvestPerson,
    | "lastName"
    | "firstName"
    | "middleName"
    | "orcid"
    | "reporterProfileId"
    | "nameVariants"
    | "affiliationTerms"
    | "orcidNameVariants"
    | "orcidAffiliationTerms"
  >,
  years: { sinceYear?: number | undefined; untilYear?: number | undefined },
): string {
  const sorted = (values: readonly string[]) => [...new Set(values)].sort();
  const searched = {
    names: [person.lastName, person.firstName, person.middleName ?? ""],
    nameVariants: sorted(person.nameVariants),
    affiliationTerms: sorted(person.affiliationTerms),
    orcidNameVariants: sorted(person.orcidNameVariants),
    orcidAffiliationTerms: sorted(person.orcidAffiliationTerms),
    orcid: person.orcid ?? "",
    reporterProfileId: person.reporterProfileId ?? null,
    years: [years.sinceYear ?? null, years.untilYear ?? null],
  };
  return createHash("sha256").update(JSON.stringify(searched)).digest("hex").slice(0, 32);
}

export function planHarvest(
  previous: PreviousHarvest | null,
  identity: string,
  now: Date,
  settings: PlanSettings,
): HarvestPlan {
  if (settings.full) return { mode: "complete", reason: "complete harvest asked for (--full)" };
  if (!previous) return { mode: "complete", reason: "first harvest of this person here" };
  if (previous.identity !== identity) {
    return {
      mode: "complete",
      reason: "names, ORCID iD, affiliation terms or years searched changed since the last harvest",
    };
  }
  const dueAt = previous.lastCompleteAt.getTime() + settings.completeEveryDays * DAY_MS;
  if (now.getTime() >= dueAt) {
    return {
      mode: "complete",
      reason: `complete pass every ${settings.completeEveryDays} days (last complete ${day(previous.lastCompleteAt)})`,
    };
  }
  const since = new Date(previous.lastHarvestAt.getTime() - settings.overlapDays * DAY_MS);
  return {
    mode: "incremental",
    reason: `changes since ${day(since)} (last harvest ${day(previous.lastHarvestAt)}, ${settings.overlapDays} days' overlap)`,
    since,
    cursor: previous.cursor,
  };
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
