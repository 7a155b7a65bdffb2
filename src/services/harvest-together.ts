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
import { facultyWithUnfinishedJobs, findRun, runJobs } from "../db/repositories/runs.ts";
import { harvestStatesOf } from "../db/repositories/harvest-state.ts";
import { identifiersRejectedByPeopleOf } from "../db/repositories/links.ts";
import { isPermanent } from "../errors.ts";
import type { Logger } from "../logging.ts";
import {
  clearPassPending,
  FIRST_PASS,
  incrementalPassName,
  markPassPending,
  passPending,
  saveJointAnswers,
  type JointAnswer,
} from "../queue/joint-answers.ts";
import { harvestJobId, type HarvestSourceName } from "../queue/definitions.ts";
import { HARVEST_SOURCES, isHarvestSourceName } from "../sources/registry.ts";
import type { HarvestContext, HarvestSource, TogetherEntry } from "../sources/source.ts";
import { clientOf } from "./context.ts";
import { harvestIdentity, planHarvest, planSettings } from "./harvest-plan.ts";
import { chooseSettled, settleJobs, SETTLED_AT_START, type AnsweredJob } from "./settle-unchanged.ts";

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

export interface TogetherOutcome {
  summary: TogetherSummary;
  /** Jobs whose answer held nothing to do: completed already, not to be queued. */
  settled: Set<string>;
}

export async function harvestTogetherForRun(
  deps: TogetherDeps,
  request: TogetherRequest,
): Promise<TogetherOutcome> {
  const summary: TogetherSummary = {};
  const answered: AnsweredJob[] = [];
  // `harvest --full` asks everyone completely: nothing is incremental.
  if (request.full) return { summary, settled: new Set() };
  // Each source at once: they are different APIs, each with a rate limit of its own.
  await Promise.all(
    HARVEST_SOURCES.map(async (source) => {
      if (!request.sources.includes(source.name) || !source.harvestTogether) return;
      // Asked by the run's pass beside the jobs instead (completePassOfRun).
      if (source.asksTogetherBesideJobs) return;
      const facultyIds = request.facultyIds.filter((id) => !request.skip?.(id, source.name));
      if (facultyIds.length === 0) return;
      try {
        const asked = await askTogether(deps, source, facultyIds, request);
        summary[source.name] = asked.counts;
        answered.push(...asked.answered);
      } catch (error) {
        // The jobs ask on their own: the run costs more requests, and goes on.
        deps.logger.warn(
          { source: source.name, err: (error as Error).message },
          "asking for many people at once failed; each job asks on its own",
        );
      }
    }),
  );
  const inRun = (facultyId: string, source: HarvestSourceName) =>
    request.sources.includes(source) && !request.skip?.(facultyId, source);
  let settled = new Set<string>();
  try {
    const quiet = await chooseSettled(deps.db, answered, inRun);
    settled = await settleJobs(deps.db, request.runId, quiet, deps.now?.() ?? new Date());
  } catch (error) {
    // Their jobs run and find the same: the night costs more database work, and goes on.
    deps.logger.warn({ err: (error as Error).message }, "settling jobs with nothing to do failed");
  }
  for (const source of request.sources) {
    const kept = new Map(
      answered
        .filter(
          (job) => job.source === source && !settled.has(harvestJobId(source, job.facultyId, request.runId)),
        )
        .map((job) => [job.facultyId, job.answer]),
    );
    await saveJointAnswers(deps.redis, deps.config.QUEUE_PREFIX, request.runId, source, kept);
  }
  if (settled.size > 0)
    deps.logger.info({ settled: settled.size }, "jobs with nothing new settled when the run started");
  return { summary, settled };
}

async function askTogether(
  deps: TogetherDeps,
  source: HarvestSource,
  facultyIds: readonly string[],
  request: TogetherRequest,
): Promise<{ counts: { asked: number; answered: number; failed: number }; answered: AnsweredJob[] }> {
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
  const asked = new Map<string, { identity: string; since: Date; reason: string }>();
  const entries: Array<TogetherEntry<unknown>> = [];
  for (const person of people) {
    const identity = harvestIdentity(person, years);
    const plan = planHarvest(stateOf.get(person.id) ?? null, identity, now, planSettings(config, false));
    if (plan.mode !== "incremental" || !plan.since) continue;
    const theirs = rejected.get(person.id) ?? { pmids: [], dois: [] };
    asked.set(person.id, { identity, since: plan.since, reason: plan.reason });
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
  if (entries.length === 0) return { counts: { asked: 0, answered: 0, failed: 0 }, answered: [] };

  const answers = await source.harvestTogether!(entries);
  const kept: AnsweredJob[] = [];
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
    kept.push({
      facultyId,
      source: source.name as HarvestSourceName,
      reason: how.reason,
      answer: answer instanceof Error ? { ...base, error: answer.message } : { ...base, result: answer },
    });
  }
  deps.logger.info(
    { source: source.name, asked: entries.length, answered, failed },
    "incremental harvests asked together",
  );
  return { counts: { asked: entries.length, answered, failed }, answered: kept };
}

// How long a pass's mark lasts without being renewed: a process that dies mid-pass leaves its
// people's jobs waiting this long at most, then they ask on their own.
const PASS_MARK_SECONDS = 20;

/** A run's first pass under way, as the process starting the run holds it. */
export interface FirstPassHold {
  /** Whether the run makes passes beside its jobs (the completePass queue's job is to be queued). */
  passesBeside: boolean;
  /** The first pass is over: its jobs are settled, its answers kept. */
  end(): Promise<void>;
}

/**
 * Marks a run's first pass, and the passes it makes beside its jobs, as under way, so that those
 * passes can start asking at once, beside the first pass, and its jobs, queued after it, wait for
 * their answers instead of asking on their own. The passes settle nothing until the first pass is
 * over (whose jobs it settles decides whom they may settle) and never clear their marks before;
 * if this process dies the marks lapse within PASS_MARK_SECONDS and the passes go on.
 */
export async function holdFirstPass(deps: TogetherDeps, request: TogetherRequest): Promise<FirstPassHold> {
  const besides = passMarks(request);
  const stop = await keepMarked(deps, request.runId, [FIRST_PASS, ...besides]);
  return {
    passesBeside: besides.length > 0,
    async end() {
      stop();
      // Renewed once more before the first pass's mark goes: the jobs queued next find them even
      // when no worker has taken the passes yet.
      for (const mark of besides)
        await markPassPending(deps.redis, deps.config.QUEUE_PREFIX, request.runId, mark, PASS_MARK_SECONDS);
      await clearPassPending(deps.redis, deps.config.QUEUE_PREFIX, request.runId, FIRST_PASS);
    },
  };
}

// How often a pass beside the jobs looks whether the run's first pass is over.
const FIRST_PASS_POLL_MS = 250;

/** Resolves once the run's first pass is over (or its process died and its mark lapsed). */
async function untilFirstPassDone(deps: TogetherDeps, runId: string): Promise<void> {
  while (await passPending(deps.redis, deps.config.QUEUE_PREFIX, runId, FIRST_PASS))
    await new Promise((resolve) => setTimeout(resolve, FIRST_PASS_POLL_MS));
}

/** Clears a pass's mark, once the first pass is over: until then the run's start keeps renewing it. */
async function clearPassMark(deps: TogetherDeps, runId: string, mark: string): Promise<void> {
  await untilFirstPassDone(deps, runId);
  await clearPassPending(deps.redis, deps.config.QUEUE_PREFIX, runId, mark);
}

/** The marks of the passes a run makes beside its jobs: incremental ones first, then complete ones. */
function passMarks(request: TogetherRequest): string[] {
  return [
    ...besideSources(request).map((source) => incrementalPassName(source.name)),
    ...completeSources(request).map((source) => source.name),
  ];
}

/** Marks a run's passes and keeps the marks from lapsing while the pass is made; returns what stops it. */
async function keepMarked(deps: TogetherDeps, runId: string, marks: readonly string[]): Promise<() => void> {
  for (const mark of marks)
    await markPassPending(deps.redis, deps.config.QUEUE_PREFIX, runId, mark, PASS_MARK_SECONDS);
  const renew = setInterval(
    () => {
      for (const mark of marks)
        void markPassPending(deps.redis, deps.config.QUEUE_PREFIX, runId, mark, PASS_MARK_SECONDS).catch(
          () => undefined,
        );
    },
    (PASS_MARK_SECONDS * 1000) / 4,
  );
  return () => clearInterval(renew);
}

/**
 * A run's complete pass, made by a worker (the completePass queue) from what the run recorded: its
 * sources and years, and whose job at each source it holds (a person a budget deferred has none).
 */
export async function completePassOfRun(deps: TogetherDeps, runId: string): Promise<void> {
  const run = await findRun(deps.db, runId);
  if (!run) throw new Error(`No harvest run ${runId} to make the complete pass of`);
  // A run closed before a worker came to its pass has no job left to take the answers.
  if (run.finishedAt) return;
  const jobs = await runJobs(deps.db, runId);
  const held = new Set(jobs.map((job) => `${job.source}:${job.facultyId}`));
  const request: TogetherRequest = {
    runId,
    facultyIds: [...new Set(jobs.map((job) => job.facultyId))],
    sources: run.sources.filter(isHarvestSourceName),
    ...(run.sinceYear !== null ? { sinceYear: run.sinceYear } : {}),
    ...(run.untilYear !== null ? { untilYear: run.untilYear } : {}),
    full: run.full,
    skip: (facultyId, source) => !held.has(`${source}:${facultyId}`),
  };
  // The complete passes' jobs keep waiting while the incremental ones are asked first.
  const stop = await keepMarked(deps, runId, passMarks(request));
  try {
    await harvestBesideForRun(deps, request);
    await harvestCompleteTogetherForRun(deps, request);
  } finally {
    stop();
  }
}

/**
 * The incremental harvests of sources that ask together slowly (`asksTogetherBesideJobs`), asked
 * from the run's start, beside its first pass and then its other jobs: once the first pass is over,
 * jobs with nothing to do are settled while they still wait (a job a worker has started takes its
 * answer instead), and the others' answers are kept for them. A job reading the person's profile
 * is settled only when the jobs providing it were settled when the run started (a provider that
 * runs may bring new names).
 */
async function harvestBesideForRun(deps: TogetherDeps, request: TogetherRequest): Promise<void> {
  for (const source of besideSources(request)) {
    const mark = incrementalPassName(source.name);
    try {
      const facultyIds = request.facultyIds.filter(
        (id) => !request.skip?.(id, source.name as HarvestSourceName),
      );
      const asked = await askTogether(deps, source, facultyIds, request);
      await untilFirstPassDone(deps, request.runId);
      const profileSettled = await profilesSettledAtStart(deps.db, request.runId);
      const inRun = (facultyId: string, name: HarvestSourceName) =>
        request.sources.includes(name) && !request.skip?.(facultyId, name);
      const quiet = await chooseSettled(deps.db, asked.answered, inRun, (facultyId, provider) =>
        profileSettled.has(`${provider}:${facultyId}`),
      );
      const settled = await settleJobs(deps.db, request.runId, quiet, deps.now?.() ?? new Date(), {
        onlyWaiting: true,
      });
      const kept = new Map(
        asked.answered
          .filter((job) => !settled.has(harvestJobId(job.source, job.facultyId, request.runId)))
          .map((job) => [job.facultyId, job.answer]),
      );
      await saveJointAnswers(deps.redis, deps.config.QUEUE_PREFIX, request.runId, source.name, kept);
      deps.logger.info(
        { source: source.name, settled: settled.size, kept: kept.size },
        "incremental harvests asked together beside the run's jobs",
      );
    } catch (error) {
      deps.logger.warn(
        { source: source.name, err: (error as Error).message },
        "asking for many people at once beside the run's jobs failed; each job asks on its own",
      );
    } finally {
      await clearPassMark(deps, request.runId, mark);
    }
  }
}

/** Whose profile this run cannot change (`source:facultyId` of providers' jobs settled when it started). */
async function profilesSettledAtStart(db: Db, runId: string): Promise<Set<string>> {
  return new Set(
    (await runJobs(db, runId))
      .filter((job) => job.modeReason?.endsWith(SETTLED_AT_START))
      .map((job) => `${job.source}:${job.facultyId}`),
  );
}

/** The run's sources that provide the profile the others' searches read (ORCID). */
function providersOf(request: TogetherRequest): HarvestSourceName[] {
  return HARVEST_SOURCES.filter(
    (source) => source.profile === "provides" && request.sources.includes(source.name),
  ).map((source) => source.name);
}

function besideSources(request: TogetherRequest): HarvestSource[] {
  if (request.full) return [];
  return HARVEST_SOURCES.filter(
    (source) =>
      request.sources.includes(source.name) &&
      source.harvestTogether !== undefined &&
      source.asksTogetherBesideJobs === true,
  );
}

/**
 * The complete harvests of sources that can ask for many people at once (RePORTER on a first night
 * or the monthly pass: profile ids and names, 50 people a request), asked beside the run's jobs,
 * which start meanwhile: a person's job waits for their answer, and takes it when it would have
 * asked the same (an ORCID harvest earlier in the run may have brought employers the search reads).
 */
async function harvestCompleteTogetherForRun(deps: TogetherDeps, request: TogetherRequest): Promise<void> {
  // The pass marks are kept from lapsing by the caller (completePassOfRun) for the whole pass.
  for (const source of completeSources(request)) {
    try {
      await askCompleteTogether(deps, source, request);
    } catch (error) {
      deps.logger.warn(
        { source: source.name, err: (error as Error).message },
        "asking for many people's complete harvests at once failed; each job asks on its own",
      );
    } finally {
      await clearPassMark(deps, request.runId, source.name);
    }
  }
}

function completeSources(request: TogetherRequest): HarvestSource[] {
  return HARVEST_SOURCES.filter(
    (source) =>
      request.sources.includes(source.name) &&
      source.harvestCompleteTogether !== undefined &&
      source.searchedBy !== undefined,
  );
}

async function askCompleteTogether(
  deps: TogetherDeps,
  source: HarvestSource,
  request: TogetherRequest,
): Promise<void> {
  const { db, config } = deps;
  const facultyIds = request.facultyIds.filter((id) => !request.skip?.(id, source.name as HarvestSourceName));
  // A person's search reads what the sources providing their profile (ORCID) learn in this run:
  // each is asked for once those jobs of theirs are over, 50 at a time as they finish.
  const providers = providersOf(request);
  let waiting = await completePlans(deps, source, facultyIds, request);
  while (waiting.length > 0) {
    const unfinished = await facultyWithUnfinishedJobs(db, request.runId, providers);
    const ready = waiting.filter(
      (id) => !unfinished.has(id) || providers.every((name) => request.skip?.(id, name)),
    );
    if (ready.length >= config.REPORTER_BATCH_SIZE || ready.length === waiting.length) {
      const asked = ready;
      await askCompleteGroup(deps, source, asked, request);
      const done = new Set(asked);
      waiting = waiting.filter((id) => !done.has(id));
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, COMPLETE_PASS_POLL_MS));
  }
}

// How often the complete pass looks for people whose profile sources are done.
const COMPLETE_PASS_POLL_MS = 1_000;

/** The people whose harvest at the source is complete this run. */
async function completePlans(
  deps: TogetherDeps,
  source: HarvestSource,
  facultyIds: readonly string[],
  request: TogetherRequest,
): Promise<string[]> {
  const now = deps.now?.() ?? new Date();
  const years = yearsOf(request);
  const [people, states] = await Promise.all([
    findFacultyRows(deps.db, facultyIds),
    harvestStatesOf(deps.db, source.name, facultyIds),
  ]);
  const stateOf = new Map(states.map((state) => [state.facultyId, state]));
  return people
    .filter(
      (person) =>
        planHarvest(
          stateOf.get(person.id) ?? null,
          harvestIdentity(person, years),
          now,
          planSettings(deps.config, request.full === true),
        ).mode === "complete",
    )
    .map((person) => person.id);
}

function yearsOf(request: TogetherRequest): { sinceYear?: number; untilYear?: number } {
  return {
    ...(request.sinceYear ? { sinceYear: request.sinceYear } : {}),
    ...(request.untilYear ? { untilYear: request.untilYear } : {}),
  };
}

/** One group's complete harvests, asked with what is known of each person now; answers kept for their jobs. */
async function askCompleteGroup(
  deps: TogetherDeps,
  source: HarvestSource,
  facultyIds: readonly string[],
  request: TogetherRequest,
): Promise<void> {
  const { db, config } = deps;
  const now = deps.now?.() ?? new Date();
  const years = yearsOf(request);
  const [people, rejected] = await Promise.all([
    findFacultyRows(db, facultyIds),
    identifiersRejectedByPeopleOf(db, facultyIds),
  ]);
  const client = clientOf(deps, source);
  const entries = people.map((person) => {
    const theirs = rejected.get(person.id) ?? { pmids: [], dois: [] };
    const context: HarvestContext<unknown> = {
      client,
      config,
      now,
      ...years,
      rejected: { pmids: new Set(theirs.pmids), dois: new Set(theirs.dois) },
      logger: deps.logger,
    };
    return { person, context };
  });
  if (entries.length === 0) return;
  const answers = await source.harvestCompleteTogether!(entries);
  const kept = new Map<string, JointAnswer>();
  for (const { person, context } of entries) {
    const answer = answers.get(person.id);
    if (answer === undefined || (answer instanceof Error && isPermanent(answer))) continue;
    const base = {
      identity: harvestIdentity(person, years),
      since: "",
      searched: source.searchedBy!(person, context),
      askedAt: now.toISOString(),
    };
    kept.set(
      person.id,
      answer instanceof Error ? { ...base, error: answer.message } : { ...base, result: answer },
    );
  }
  await saveJointAnswers(deps.redis, config.QUEUE_PREFIX, request.runId, source.name, kept);
  deps.logger.info({ source: source.name, asked: entries.length }, "complete harvests asked together");
}
