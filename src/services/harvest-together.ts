/**
 * A run's first pass (docs/sources.md#asking-for-many-people-at-once): before its jobs are queued,
 * each source that can asks once for the many people whose harvest there is incremental (PubMed
 * one search per group, ORCID one search for which records changed, RePORTER one request per
 * group), and keeps each person's answer for their job. The jobs still run one per person and
 * source, record their mode and reason, and store as before; a job whose answer is missing, or was
 * asked with names or a window that no longer hold, asks on its own.
 */
import type { Redis } from "ioredis";
import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import { findFacultyRows } from "../db/repositories/faculty.ts";
import { harvestStatesOf } from "../db/repositories/harvest-state.ts";
import { identifiersRejectedByPeopleOf } from "../db/repositories/links.ts";
import { isPermanent } from "../errors.ts";
import type { Logger } from "../logging.ts";
import { saveJointAnswers, type JointAnswer } from "../queue/joint-answers.ts";
import type { HarvestSourceName } from "../queue/definitions.ts";
import { HARVEST_SOURCES } from "../sources/registry.ts";
import type { HarvestSource, TogetherEntry } from "../sources/source.ts";
import { clientOf } from "./context.ts";
import { harvestIdentity, planHarvest } from "./harvest-plan.ts";

export interface TogetherDeps {
  db: Db;
  config: AppConfig;
  redis: Redis;
  logger: Logger;
  clients: ReadonlyMap<string, unknown>;
  now?: () => Date;
}

export interface TogetherRequest {
  runId: string;
  facultyIds: readonly string[];
  sources: readonly HarvestSourceName[];
  sinceYear?: number;
  untilYear?: number;
  full?: boolean;
  /** A person's source left out of the run. */
  skip?: (facultyId: string, source: HarvestSourceName) => boolean;
}

/** For each source asked: people asked about together, answered, and those whose request failed. */
export type TogetherSummary = Partial<
  Record<HarvestSourceName, { asked: number; answered: number; failed: number }>
>;

export async function harvestTogetherForRun(
  deps: TogetherDeps,
  request: TogetherRequest,
): Promise<TogetherSummary> {
  const summary: TogetherSummary = {};
  // `harvest --full` asks everyone completely: nothing is incremental.
  if (request.full) return summary;
  for (const source of HARVEST_SOURCES) {
    if (!request.sources.includes(source.name) || !source.harvestTogether) continue;
    const facultyIds = request.facultyIds.filter((id) => !request.skip?.(id, source.name));
    if (facultyIds.length === 0) continue;
    try {
      summary[source.name] = await askTogether(deps, source, facultyIds, request);
    } catch (error) {
      // The jobs ask on their own: the run costs more requests, and goes on.
      deps.logger.warn(
        { source: source.name, err: (error as Error).message },
        "asking for many people at once failed; each job asks on its own",
      );
    }
  }
  return summary;
}

async function askTogether(
  deps: TogetherDeps,
  source: HarvestSource,
  facultyIds: readonly string[],
  request: TogetherRequest,
): Promise<{ asked: number; answered: number; failed: number }> {
  const { db, config } = deps;
  const now = deps.now?.() ?? new Date();
  const years = {
    ...(request.sinceYear ? { sinceYear: request.sinceYear } : {}),
    ...(request.untilYear ? { untilYear: request.untilYear } : {}),
  };
  const [people, states, rejected] = await Promise.all([
    findFacultyRows(db, facultyIds),
    harvestStatesOf(db, source.name, facultyIds),
    identifiersRejectedByPeopleOf(db, facultyIds),
  ]);
  const stateOf = new Map(states.map((state) => [state.facultyId, state]));
  const client = clientOf(deps, source);
  const asked = new Map<string, { identity: string; since: Date }>();
  const entries: Array<TogetherEntry<unknown>> = [];
  for (const person of people) {
    const identity = harvestIdentity(person, years);
    const plan = planHarvest(stateOf.get(person.id) ?? null, identity, now, {
      full: false,
      completeEveryDays: config.HARVEST_COMPLETE_EVERY_DAYS,
      overlapDays: config.HARVEST_OVERLAP_DAYS,
    });
    if (plan.mode !== "incremental" || !plan.since) continue;
    const theirs = rejected.get(person.id) ?? { pmids: [], dois: [] };
    asked.set(person.id, { identity, since: plan.since });
    entries.push({
      person,
      context: {
        client,
        config,
        now,
        ...years,
        rejected: { pmids: new Set(theirs.pmids), dois: new Set(theirs.dois) },
        incremental: { since: plan.since, cursor: plan.cursor ?? null },
        logger: deps.logger,
      },
    });
  }
  if (entries.length === 0) return { asked: 0, answered: 0, failed: 0 };

  const answers = await source.harvestTogether!(entries);
  const kept = new Map<string, JointAnswer>();
  let failed = 0;
  let answered = 0;
  for (const [facultyId, answer] of answers) {
    const how = asked.get(facultyId);
    if (!how) continue;
    const base = { identity: how.identity, since: how.since.toISOString(), askedAt: now.toISOString() };
    if (answer instanceof Error) failed += 1;
    else answered += 1;
    // Asking again cannot help (an unreadable record in the group's answer, say): each job asks on
    // its own at once, and only those whose own answer holds the fault fail, for good.
    if (answer instanceof Error && isPermanent(answer)) continue;
    kept.set(
      facultyId,
      answer instanceof Error ? { ...base, error: answer.message } : { ...base, result: answer },
    );
  }
  await saveJointAnswers(deps.redis, config.QUEUE_PREFIX, request.runId, source.name, kept);
  deps.logger.info(
    { source: source.name, asked: entries.length, answered, failed },
    "incremental harvests asked together",
  );
  return { asked: entries.length, answered, failed };
}
