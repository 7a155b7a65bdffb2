/**
 * Mentor digests: for each of a mentor's current mentees, the items accepted since the last digest
 * mailed (or a given date), the links awaiting the mentee's review and their benchmark progress.
 * A digest mailed is recorded with the moment its content ends, where the next one starts; a
 * digest only shown, or one the mail server refused, is not.
 */
import { currentMentees } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import { loadBenchmarkCriteria, type BenchmarkCriteria } from "../benchmarks/criteria.ts";
import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import { linksForReview } from "../db/repositories/links.ts";
import {
  currentMentorsByRecord,
  lastDigestOf,
  linksAcceptedBetween,
  mentorAddress,
  mentorsOnRoster,
  recordDigest,
} from "../db/repositories/mentoring.ts";
import { findFaculty } from "../db/repositories/faculty.ts";
import { rosterPeople } from "../db/repositories/roster-selection.ts";
import { NotFoundError, UserError } from "../errors.ts";
import { digestSubject, renderDigest, type DigestMentee, type MentorDigest } from "../mentoring/digest.ts";
import { checkBenchmarks } from "./benchmarks.ts";
import { getFaculty } from "./faculty.ts";
import { itemSummary } from "./item-summary.ts";
import { smtpMailer, type Mailer } from "./mail.ts";
import type { Logger } from "../logging.ts";

export type { MentorDigest };

/** Without --since and without an earlier digest, a digest covers the week before. */
export const DEFAULT_DIGEST_DAYS = 7;

export interface DigestOptions {
  /** Start here (YYYY-MM-DD) instead of where the last digest mailed ended. */
  since?: string;
  /** The moment the digest is made; its content ends here. */
  now?: Date;
}

const startOfDay = (date: Date): Date => new Date(`${date.toISOString().slice(0, 10)}T00:00:00Z`);

/** The digest of one mentor (any mentor: callers check access). */
export async function buildDigest(
  db: Db,
  criteria: BenchmarkCriteria,
  mentorId: string,
  options: DigestOptions = {},
): Promise<MentorDigest> {
  const mentor = await getFaculty(db, mentorId);
  const until = options.now ?? new Date();
  const { since, sinceFrom } = await digestStart(db, mentorId, until, options.since);
  const menteeIds = await currentMentees(db, mentorId, startOfDay(until));
  const [people, accepted, pending, checks] = await Promise.all([
    rosterPeople(db, { ids: menteeIds }),
    linksAcceptedBetween(db, menteeIds, since, until),
    linksForReview(db, { status: "pending", facultyIds: menteeIds, automaticOnly: false }),
    menteeIds.length === 0
      ? Promise.resolve([])
      : checkBenchmarks(db, criteria, { ids: menteeIds }, until.toISOString().slice(0, 10)),
  ]);
  const mentees = people
    .sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName))
    .map((person): DigestMentee => ({
      facultyId: person.id,
      name: `${person.firstName} ${person.lastName}`,
      newItems: accepted
        .filter((link) => link.facultyId === person.id)
        .map((link) => ({ itemId: link.itemId, ...link.item, acceptedAt: link.decidedAt.toISOString() })),
      awaitingReview: pending
        .filter((link) => link.facultyId === person.id)
        .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.itemId - b.itemId)
        .map((link) => ({ ...itemSummary(link), score: link.score })),
      benchmark: checks.find((check) => check.facultyId === person.id) ?? null,
    }));
  return {
    mentorId,
    mentorName: `${mentor.firstName} ${mentor.lastName}`,
    since: since.toISOString(),
    until: until.toISOString(),
    sinceFrom,
    mentees,
  };
}

async function digestStart(
  db: Db,
  mentorId: string,
  until: Date,
  sinceOption: string | undefined,
): Promise<{ since: Date; sinceFrom: MentorDigest["sinceFrom"] }> {
  if (sinceOption !== undefined) return { since: new Date(`${sinceOption}T00:00:00Z`), sinceFrom: "option" };
  const last = await lastDigestOf(db, mentorId);
  if (last) return { since: last.coveredUntil, sinceFrom: "last-digest" };
  return { since: new Date(until.getTime() - DEFAULT_DIGEST_DAYS * 86_400_000), sinceFrom: "default" };
}

/** The digest for an actor: admins any mentor's, a mentor their own; nobody else's exists. */
export async function digestForMentor(
  db: Db,
  actor: Actor,
  criteria: BenchmarkCriteria,
  mentorId: string,
  options: DigestOptions = {},
): Promise<MentorDigest> {
  const allowed = actor.role === "admin" || (actor.role === "mentor" && actor.facultyId === mentorId);
  // Someone not on the roster has no digest either: the same 404 as one out of scope.
  if (!allowed || !(await findFaculty(db, mentorId)))
    throw new NotFoundError(`No digest for mentor ${mentorId}`);
  return buildDigest(db, criteria, mentorId, options);
}

export type SendOutcome =
  | { mentorId: string; status: "sent"; mentees: number; newItems: number; since: string; until: string }
  | { mentorId: string; status: "no-address" | "no-mentees" | "failed"; reason: string };

/**
 * Builds the mentor's digest and mails it; records it only once the server took it, so that a
 * failed send is covered again by the next digest.
 */
export async function sendDigest(
  db: Db,
  criteria: BenchmarkCriteria,
  mailer: Mailer,
  mentorId: string,
  options: DigestOptions = {},
): Promise<SendOutcome> {
  const digest = await buildDigest(db, criteria, mentorId, options);
  if (digest.mentees.length === 0) {
    return { mentorId, status: "no-mentees", reason: "no current mentees: nothing sent" };
  }
  const address = await mentorAddress(db, mentorId);
  if (address === null) {
    return {
      mentorId,
      status: "no-address",
      reason: "no e-mail address on the roster or on a user of theirs: nothing sent",
    };
  }
  try {
    await mailer.send({
      to: address,
      subject: digestSubject(digest),
      text: renderDigest(digest, "text"),
      html: renderDigest(digest, "html"),
    });
  } catch (error) {
    if (error instanceof UserError) return { mentorId, status: "failed", reason: error.message };
    throw error;
  }
  await recordDigest(db, {
    mentorId,
    since: new Date(digest.since),
    coveredUntil: new Date(digest.until),
    mentees: digest.mentees.length,
  });
  return {
    mentorId,
    status: "sent",
    mentees: digest.mentees.length,
    newItems: digest.mentees.reduce((sum, mentee) => sum + mentee.newItems.length, 0),
    since: digest.since,
    until: digest.until,
  };
}

/** Every mentor (the roster's and those of running mentorships) gets their digest, one after another. */
export async function sendAllDigests(
  db: Db,
  criteria: BenchmarkCriteria,
  mailer: Mailer,
  options: DigestOptions = {},
  onOutcome: (outcome: SendOutcome) => void = () => undefined,
): Promise<SendOutcome[]> {
  const now = options.now ?? new Date();
  const mentors = [
    ...new Set([...(await mentorsOnRoster(db)), ...(await currentMentorsByRecord(db, startOfDay(now)))]),
  ].sort();
  const outcomes: SendOutcome[] = [];
  for (const mentorId of mentors) {
    const outcome = await sendDigest(db, criteria, mailer, mentorId, { ...options, now });
    onOutcome(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * A tick of the weekly digest: every mentor mailed. A digest refused is logged by mentor id (never
 * by address) and covered again at the next tick; the tick itself completes.
 */
export async function sendScheduledDigests(
  deps: { db: Db; config: AppConfig; logger: Logger },
  now = new Date(),
): Promise<SendOutcome[]> {
  const criteria = loadBenchmarkCriteria(deps.config.BENCHMARKS_PATH);
  const mailer = smtpMailer(deps.config);
  try {
    const outcomes = await sendAllDigests(deps.db, criteria, mailer, { now });
    for (const outcome of outcomes) {
      if (outcome.status === "sent") continue;
      deps.logger.warn({ mentorId: outcome.mentorId, status: outcome.status }, outcome.reason);
    }
    deps.logger.info(
      { sent: outcomes.filter((outcome) => outcome.status === "sent").length, mentors: outcomes.length },
      "weekly digests mailed",
    );
    return outcomes;
  } finally {
    mailer.close();
  }
}
