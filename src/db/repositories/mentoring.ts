/** Mentorships, mentoring meetings, individual development plans and the digests mailed to mentors. */
import type {
  DevelopmentPlan,
  MentoringMeeting,
  Mentorship,
  MentorDigest,
} from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export type MentorshipRecord = Mentorship;
export type MeetingRecord = MentoringMeeting;
export type DevelopmentPlanRecord = DevelopmentPlan;
export type MentorDigestRecord = MentorDigest;

/** The mentorships of these mentees (every mentor, every span). */
export async function mentorshipsOfMentees(
  db: DbClient,
  menteeIds: readonly string[],
): Promise<MentorshipRecord[]> {
  return db.mentorship.findMany({
    where: { menteeId: { in: [...menteeIds] } },
    orderBy: [{ menteeId: "asc" }, { startDate: "asc" }, { mentorId: "asc" }],
  });
}

export async function createMentorship(
  db: DbClient,
  data: Pick<MentorshipRecord, "mentorId" | "menteeId" | "startDate" | "endDate" | "kind">,
): Promise<void> {
  await db.mentorship.create({ data });
}

export async function updateMentorship(
  db: DbClient,
  id: number,
  data: Pick<MentorshipRecord, "endDate" | "kind">,
): Promise<void> {
  await db.mentorship.update({ where: { id }, data });
}

/** Who a mentor mentors on the day (start on or before it, no end or an end on or after it). */
export async function currentMenteesByRecord(db: DbClient, mentorId: string, day: Date): Promise<string[]> {
  const rows = await db.mentorship.findMany({
    where: { mentorId, startDate: { lte: day }, OR: [{ endDate: null }, { endDate: { gte: day } }] },
    select: { menteeId: true },
    distinct: ["menteeId"],
  });
  return rows.map((row) => row.menteeId);
}

/** Everyone who mentors someone on the day by a mentorship record. */
export async function currentMentorsByRecord(db: DbClient, day: Date): Promise<string[]> {
  const rows = await db.mentorship.findMany({
    where: { startDate: { lte: day }, OR: [{ endDate: null }, { endDate: { gte: day } }] },
    select: { mentorId: true },
    distinct: ["mentorId"],
  });
  return rows.map((row) => row.mentorId);
}

export async function meetingsOfMentees(
  db: DbClient,
  menteeIds: readonly string[],
): Promise<MeetingRecord[]> {
  return db.mentoringMeeting.findMany({
    where: { menteeId: { in: [...menteeIds] } },
    orderBy: [{ menteeId: "asc" }, { date: "asc" }, { mentorId: "asc" }],
  });
}

export async function createMeeting(
  db: DbClient,
  data: Pick<MeetingRecord, "mentorId" | "menteeId" | "date" | "minutes" | "topics">,
): Promise<void> {
  await db.mentoringMeeting.create({ data });
}

export async function updateMeeting(
  db: DbClient,
  id: number,
  data: Pick<MeetingRecord, "minutes" | "topics">,
): Promise<void> {
  await db.mentoringMeeting.update({ where: { id }, data });
}

export async function developmentPlansOf(
  db: DbClient,
  facultyIds: readonly string[],
): Promise<DevelopmentPlanRecord[]> {
  return db.developmentPlan.findMany({
    where: { facultyId: { in: [...facultyIds] } },
    orderBy: [{ facultyId: "asc" }, { year: "asc" }],
  });
}

export async function createDevelopmentPlan(
  db: DbClient,
  data: Pick<
    DevelopmentPlanRecord,
    "facultyId" | "year" | "submittedDate" | "reviewedWithMentorDate" | "goals"
  >,
): Promise<void> {
  await db.developmentPlan.create({ data });
}

export async function updateDevelopmentPlan(
  db: DbClient,
  id: number,
  data: Pick<DevelopmentPlanRecord, "submittedDate" | "reviewedWithMentorDate" | "goals">,
): Promise<void> {
  await db.developmentPlan.update({ where: { id }, data });
}

/** The last digest mailed to the mentor, if any. */
export async function lastDigestOf(db: DbClient, mentorId: string): Promise<MentorDigestRecord | null> {
  return db.mentorDigest.findFirst({ where: { mentorId }, orderBy: { coveredUntil: "desc" } });
}

export async function recordDigest(
  db: DbClient,
  data: Pick<MentorDigestRecord, "mentorId" | "since" | "coveredUntil" | "mentees">,
): Promise<void> {
  await db.mentorDigest.create({ data });
}

/** Everyone the roster names as someone's mentor. */
export async function mentorsOnRoster(db: DbClient): Promise<string[]> {
  const rows = await db.faculty.findMany({
    where: { mentorId: { not: null } },
    select: { mentorId: true },
    distinct: ["mentorId"],
  });
  return rows.flatMap((row) => (row.mentorId === null ? [] : [row.mentorId]));
}

/** Where a mentor's digest goes: the roster's e-mail, else the e-mail they sign in with. */
export async function mentorAddress(db: DbClient, mentorId: string): Promise<string | null> {
  const person = await db.faculty.findUnique({ where: { id: mentorId }, select: { email: true } });
  if (person?.email) return person.email;
  const user = await db.user.findFirst({
    where: { facultyId: mentorId, disabledAt: null },
    orderBy: { id: "asc" },
    select: { email: true },
  });
  return user?.email ?? null;
}

export interface AcceptedLinkView {
  facultyId: string;
  itemId: number;
  decidedAt: Date;
  decidedBy: string;
  item: {
    kind: "publication" | "presentation" | "grant";
    title: string;
    year: number | null;
    venue: string | null;
  };
}

/** Links accepted in [from, until) for these people, oldest decision first. */
export async function linksAcceptedBetween(
  db: DbClient,
  facultyIds: readonly string[],
  from: Date,
  until: Date,
): Promise<AcceptedLinkView[]> {
  return db.facultyItem.findMany({
    where: { facultyId: { in: [...facultyIds] }, status: "accepted", decidedAt: { gte: from, lt: until } },
    orderBy: [{ decidedAt: "asc" }, { itemId: "asc" }],
    select: {
      facultyId: true,
      itemId: true,
      decidedAt: true,
      decidedBy: true,
      item: { select: { kind: true, title: true, year: true, venue: true } },
    },
  });
}
