/**
 * Answers a run's first pass got for many people at once, kept in Redis for each person's job to
 * take (src/services/harvest-together.ts). Job data carries ids only, so the answers wait here,
 * one key per run, source and person, gone once taken or after two days.
 */
import type { Redis } from "ioredis";
import type { HarvestResult } from "../sources/source.ts";

/** What a person's job needs to use a joint answer, or to know the request for it failed. */
export interface JointAnswer {
  /** The person's harvest identity the answer was asked with: a job whose identity differs asks on its own. */
  identity: string;
  /** The incremental window's start the answer was asked with (ISO); empty for a complete harvest. */
  since: string;
  /** A complete harvest's answer: what the search asked (HarvestSource.searchedBy), which the job's must equal. */
  searched?: string;
  /** When it was asked (ISO): the harvest is as of then. */
  askedAt: string;
  /** JSON only: payloads are stored as JSON anyway. */
  result?: HarvestResult;
  /** Why the request that was to answer for the person failed. */
  error?: string;
}

const KEEP_SECONDS = 2 * 86_400;

export function jointAnswerKey(
  queuePrefix: string,
  runId: string,
  source: string,
  facultyId: string,
): string {
  return `${queuePrefix}:joint:${runId}:${source}:${facultyId}`;
}

export async function saveJointAnswers(
  redis: Redis,
  queuePrefix: string,
  runId: string,
  source: string,
  answers: ReadonlyMap<string, JointAnswer>,
): Promise<void> {
  if (answers.size === 0) return;
  const batch = redis.multi();
  for (const [facultyId, answer] of answers)
    batch.set(
      jointAnswerKey(queuePrefix, runId, source, facultyId),
      JSON.stringify(answer),
      "EX",
      KEEP_SECONDS,
    );
  await batch.exec();
}

/** The person's answer, removed as it is read: a retried job asks on its own. */
export async function takeJointAnswer(
  redis: Redis,
  queuePrefix: string,
  runId: string,
  source: string,
  facultyId: string,
): Promise<JointAnswer | undefined> {
  const text = await redis.getdel(jointAnswerKey(queuePrefix, runId, source, facultyId));
  return text === null ? undefined : (JSON.parse(text) as JointAnswer);
}

/** The pass mark of a source's incremental harvests asked beside the jobs (its complete pass has the source's own). */
export function incrementalPassName(source: string): string {
  return `${source}:incremental`;
}

/**
 * The mark of a run's first pass (the sources asked before the jobs are queued, and the jobs it
 * settles): passes beside the jobs start with the run and settle nothing until it is gone.
 */
export const FIRST_PASS = "first-pass";

/** Marks a run's pass for a source as under way: its jobs wait for their answers rather than ask. */
export async function markPassPending(
  redis: Redis,
  queuePrefix: string,
  runId: string,
  source: string,
  seconds: number,
): Promise<void> {
  await redis.set(passKey(queuePrefix, runId, source), "1", "EX", seconds);
}

export async function clearPassPending(
  redis: Redis,
  queuePrefix: string,
  runId: string,
  source: string,
): Promise<void> {
  await redis.del(passKey(queuePrefix, runId, source));
}

export async function passPending(
  redis: Redis,
  queuePrefix: string,
  runId: string,
  source: string,
): Promise<boolean> {
  return (await redis.exists(passKey(queuePrefix, runId, source))) === 1;
}

function passKey(queuePrefix: string, runId: string, source: string): string {
  return `${queuePrefix}:joint-pending:${runId}:${source}`;
}
