import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBenchmarkCriteria, type BenchmarkCriteria } from "../../src/benchmarks/criteria.ts";
import { registerDigestCommand } from "../../src/cli/digest.ts";
import { NotFoundError } from "../../src/errors.ts";
import { renderDigest } from "../../src/mentoring/digest.ts";
import { buildDigest, digestForMentor, sendDigest } from "../../src/services/digest.ts";
import { smtpMailer, type Mailer } from "../../src/services/mail.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink.ts";
import { createHarvestEnvironment } from "../helpers/harvest-env.ts";
import {
  listHarvestSchedules,
  removeDigestSchedule,
  setDigestSchedule,
} from "../../src/services/schedule.ts";

const MENTOR_ADDRESS = "mentor.one@example.edu";
const FROM = "Faculty Affairs <faculty-affairs@example.edu>";

describe("mentor digests", () => {
  let testDb: TestDatabase;
  let smtp: SmtpSink;
  let mailer: Mailer;
  let criteria: BenchmarkCriteria;

  async function accepted(
    facultyId: string,
    title: string,
    at: string,
    kind: "publication" | "grant" = "publication",
  ) {
    const item = await testDb.db.item.create({ data: { kind, title, year: 2026, venue: "J Test" } });
    await testDb.db.facultyItem.create({
      data: {
        facultyId,
        itemId: item.id,
        status: "accepted",
        decidedBy: "auto",
        decidedAt: new Date(at),
        evidence: {},
      },
    });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    smtp = await startSmtpSink();
    process.env.DATABASE_URL = testDb.url;
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = FROM;
    process.env.LOG_LEVEL = "silent";
    mailer = smtpMailer({ SMTP_URL: smtp.url, MAIL_FROM: FROM });
    criteria = loadBenchmarkCriteria(undefined);
    const { db } = testDb;
    await db.faculty.createMany({
      data: [
        { id: "M1", lastName: "Mentor", firstName: "Morgan", email: MENTOR_ADDRESS },
        { id: "M2", lastName: "Quiet", firstName: "Quinn" },
        {
          id: "F1",
          lastName: "Adams",
          firstName: "Ada",
          rank: "Assistant Professor",
          track: "tenure",
          mentorId: "M1",
        },
        {
          id: "F2",
          lastName: "Brown",
          firstName: "Bo",
          rank: "Assistant Professor",
          track: "clinician educator",
        },
        { id: "F3", lastName: "Clark", firstName: "Cy", mentorId: "M2" },
        { id: "F4", lastName: "Outside", firstName: "Oz" },
      ],
    });
    // F2 is M1's mentee by a mentorship record, not by the roster.
    await db.mentorship.create({
      data: { mentorId: "M1", menteeId: "F2", startDate: new Date("2025-01-01"), kind: "informal" },
    });
    await accepted("F1", "An old paper accepted last year", "2025-06-01T12:00:00Z");
    await accepted("F1", "Paper accepted on Monday", "2026-03-02T09:00:00Z");
    await accepted("F2", "Grant accepted on Tuesday", "2026-03-03T09:00:00Z", "grant");
    await accepted("F4", "Someone else's paper", "2026-03-03T09:00:00Z");
    const pending = await db.item.create({
      data: { kind: "publication", title: "A paper awaiting review", year: 2026 },
    });
    await db.facultyItem.create({
      data: {
        facultyId: "F1",
        itemId: pending.id,
        status: "pending",
        decidedBy: "auto",
        decidedAt: new Date("2026-03-01"),
        score: 55,
        evidence: {},
      },
    });
  });

  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await testDb.drop();
  });

  it("shows each mentee's new items, links awaiting review and benchmark progress, without recording it", async () => {
    const digest = await buildDigest(testDb.db, criteria, "M1", {
      since: "2026-03-01",
      now: new Date("2026-03-06T08:00:00Z"),
    });
    expect(digest.sinceFrom).toBe("option");
    expect(digest.mentees.map((mentee) => mentee.facultyId)).toEqual(["F1", "F2"]);
    const [adams, brown] = digest.mentees;
    expect(adams!.newItems.map((item) => item.title)).toEqual(["Paper accepted on Monday"]);
    expect(adams!.awaitingReview).toEqual([
      expect.objectContaining({ title: "A paper awaiting review", score: 55 }),
    ]);
    expect(adams!.benchmark).toMatchObject({ targetRank: "Associate Professor", met: false });
    expect(brown!.newItems.map((item) => item.title)).toEqual(["Grant accepted on Tuesday"]);
    const text = renderDigest(digest, "text");
    expect(text).toContain("peer-reviewed publications: 0 of 15; 15 more");
    expect(text).not.toContain("Someone else's paper");
    expect(await testDb.db.mentorDigest.count()).toBe(0);
  });

  it("mails the digest, and the next one starts where the last one mailed ended", async () => {
    const first = await sendDigest(testDb.db, criteria, mailer, "M1", {
      now: new Date("2026-03-06T08:00:00Z"),
    });
    expect(first).toMatchObject({ status: "sent", mentees: 2, newItems: 2 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual([MENTOR_ADDRESS]);
    expect(mail.from).toBe("faculty-affairs@example.edu");
    expect(mail.raw).toContain("Paper accepted on Monday");
    expect(mail.raw).toContain("Grant accepted on Tuesday");
    // Without an earlier digest it covers the week before: last year's paper is not new.
    expect(mail.raw).not.toContain("An old paper accepted last year");
    expect(mail.raw).toContain("Content-Type: text/html");

    await accepted("F1", "Paper accepted after the first digest", "2026-03-09T10:00:00Z");
    const second = await buildDigest(testDb.db, criteria, "M1", { now: new Date("2026-03-13T08:00:00Z") });
    expect(second.sinceFrom).toBe("last-digest");
    expect(second.since).toBe("2026-03-06T08:00:00.000Z");
    expect(second.mentees.flatMap((mentee) => mentee.newItems.map((item) => item.title))).toEqual([
      "Paper accepted after the first digest",
    ]);
  });

  it("records nothing when the mail server refuses the message, so the next digest covers it again", async () => {
    smtp.refuse.add(MENTOR_ADDRESS);
    try {
      const refused = await sendDigest(testDb.db, criteria, mailer, "M1", {
        now: new Date("2026-03-13T08:00:00Z"),
      });
      expect(refused.status).toBe("failed");
      expect(JSON.stringify(refused)).not.toContain(MENTOR_ADDRESS);
    } finally {
      smtp.refuse.delete(MENTOR_ADDRESS);
    }
    expect(await testDb.db.mentorDigest.count()).toBe(1);
    const next = await buildDigest(testDb.db, criteria, "M1", { now: new Date("2026-03-14T08:00:00Z") });
    expect(next.since).toBe("2026-03-06T08:00:00.000Z");
  });

  it("answers a mentor with their own digest only, and nobody else but admins", async () => {
    const mentor = (facultyId: string) => ({ userId: 1, role: "mentor" as const, facultyId, name: "m" });
    const now = { now: new Date("2026-03-14T08:00:00Z") };
    expect((await digestForMentor(testDb.db, mentor("M1"), criteria, "M1", now)).mentees).toHaveLength(2);
    await expect(digestForMentor(testDb.db, mentor("M2"), criteria, "M1", now)).rejects.toThrow(
      NotFoundError,
    );
    const faculty = { userId: 2, role: "faculty" as const, facultyId: "F1", name: "f" };
    await expect(digestForMentor(testDb.db, faculty, criteria, "M1", now)).rejects.toThrow(NotFoundError);
    const admin = { userId: null, role: "admin" as const, facultyId: null, name: "system" };
    expect(
      (await digestForMentor(testDb.db, admin, criteria, "M2", now)).mentees.map((m) => m.facultyId),
    ).toEqual(["F3"]);
  });

  it("digest --all --send mails every mentor with an address, says who has none, and never prints an address", async () => {
    const before = smtp.received.length;
    const result = await runCommand(registerDigestCommand, ["digest", "--all", "--send"]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("digest for M1 sent: 2 mentee(s)");
    expect(result.out).toContain("digest for M2: no e-mail address");
    expect(result.err).toContain("1 of 2 digest(s) not sent");
    expect(`${result.out}${result.err}`).not.toContain("@");
    expect(smtp.received.length).toBe(before + 1);
    expect(await testDb.db.mentorDigest.count()).toBe(2);
  });

  it("refuses --all without --send, and --send without SMTP settings, as usage errors", async () => {
    expect((await runCommand(registerDigestCommand, ["digest", "--all"])).code).toBe(2);
    expect((await runCommand(registerDigestCommand, ["digest"])).code).toBe(2);
    expect(() => smtpMailer({ SMTP_URL: undefined, MAIL_FROM: FROM })).toThrow(/SMTP_URL/);
  });

  it("is mailed by the workers at each tick of the weekly schedule, and logs no address", async () => {
    const env = createHarvestEnvironment(testDb, "http://127.0.0.1:9", undefined, {
      SMTP_URL: smtp.url,
      MAIL_FROM: FROM,
    });
    try {
      const queue = env.services.queues.schedule;
      const weekly = await setDigestSchedule(queue, "0 7 * * 1", "America/Chicago");
      expect(weekly).toMatchObject({ id: "weekly-digest", pattern: "0 7 * * 1", tz: "America/Chicago" });
      expect((await listHarvestSchedules(queue)).map((entry) => entry.id)).toEqual(["weekly-digest"]);
      const recorded = await testDb.db.mentorDigest.count();
      env.startWorkers();
      // Every second, so that the test sees it fire.
      await setDigestSchedule(queue, "* * * * * *", undefined);
      await expect.poll(() => testDb.db.mentorDigest.count(), { timeout: 10_000 }).toBeGreaterThan(recorded);
      expect(await removeDigestSchedule(queue)).toBe(true);
      await expect
        .poll(() => env.logs.some((entry) => entry.msg === "weekly digests mailed"), { timeout: 10_000 })
        .toBe(true);
      expect(JSON.stringify(env.logs)).not.toContain(MENTOR_ADDRESS);
    } finally {
      await env.close();
    }
  });
});
