/**
 * The mentoring program's own evaluation, from its records: dyads formed and active, meetings per
 * dyad per year, and the share of the cohort with a formal mentor and with an IDP at baseline and
 * at follow-up, compared in pairs (the same people at both dates) with McNemar's test. Pure.
 */
import { median } from "d3-array";
import { summarize } from "../stats/describe.ts";
import { mcnemarTest } from "../stats/proportions.ts";

export interface ProgramMentorship {
  mentorId: string;
  menteeId: string;
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string | null;
  kind: "formal" | "informal";
}

export interface ProgramMeeting {
  mentorId: string;
  menteeId: string;
  date: string;
}

export interface ProgramPlan {
  facultyId: string;
  year: number;
  submittedDate: string | null;
  reviewedWithMentorDate: string | null;
}

export interface ProgramRecords {
  /** The cohort's members (the mentees), in id order. */
  members: string[];
  mentorships: ProgramMentorship[];
  meetings: ProgramMeeting[];
  plans: ProgramPlan[];
}

export interface DyadActivity {
  mentorId: string;
  menteeId: string;
  kind: "formal" | "informal";
  startDate: string;
  endDate: string | null;
  /** The part of the dyad within baseline..follow-up, in years (days / 365.25). */
  yearsInPeriod: number;
  meetings: number;
  /** meetings / yearsInPeriod; null when the dyad ran less than a day in the period. */
  meetingsPerYear: number | null;
}

export interface PairedShare {
  measure: "formal_mentor" | "idp";
  label: string;
  /** Everyone in the cohort, at both dates. */
  n: number;
  baseline: { yes: number; proportion: number | null; facultyIds: string[] };
  followup: { yes: number; proportion: number | null; facultyIds: string[] };
  discordant: { noToYes: number; yesToNo: number };
  test: "mcnemar";
  statistic: number | null;
  df: 1;
  p: number | null;
  note: string | null;
}

export interface ProgramActivity {
  n: number;
  dyads: {
    /** Mentorship records of the cohort's members that started on or before the follow-up date. */
    formed: number;
    /** Of those, started after the baseline date. */
    formedInPeriod: number;
    formal: number;
    informal: number;
    activeAtBaseline: number;
    activeAtFollowup: number;
    mentors: number;
  };
  meetings: {
    /** Meetings of the cohort's members dated baseline..follow-up (inclusive). */
    total: number;
    /** Of those, meetings of a pair with no mentorship record running on the day. */
    outsideDyads: number;
    /** Per dyad that ran in the period: mean (SD), median of meetings per year. */
    perDyadPerYear: { dyads: number; mean: number | null; sd: number | null; median: number | null };
  };
  dyadActivity: DyadActivity[];
  shares: PairedShare[];
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string): number =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;

function runsOn(mentorship: ProgramMentorship, day: string): boolean {
  return mentorship.startDate <= day && (mentorship.endDate === null || mentorship.endDate >= day);
}

/** The day a year before `day` (an IDP submitted after it and by `day` is in use on `day`). */
function yearBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return date.toISOString().slice(0, 10);
}

/** Who has a formal mentor on the day: a formal mentorship record running on it. */
export function withFormalMentor(records: ProgramRecords, day: string): Set<string> {
  return new Set(
    records.mentorships
      .filter((mentorship) => mentorship.kind === "formal" && runsOn(mentorship, day))
      .map((mentorship) => mentorship.menteeId),
  );
}

/** Who uses an IDP on the day: one submitted in the year up to and including it. */
export function withDevelopmentPlan(records: ProgramRecords, day: string): Set<string> {
  const from = yearBefore(day);
  return new Set(
    records.plans
      .filter((plan) => plan.submittedDate !== null && plan.submittedDate > from && plan.submittedDate <= day)
      .map((plan) => plan.facultyId),
  );
}

function pairedShare(
  measure: PairedShare["measure"],
  label: string,
  members: readonly string[],
  atBaseline: Set<string>,
  atFollowup: Set<string>,
): PairedShare {
  const n = members.length;
  const baselineIds = members.filter((id) => atBaseline.has(id));
  const followupIds = members.filter((id) => atFollowup.has(id));
  const noToYes = members.filter((id) => !atBaseline.has(id) && atFollowup.has(id)).length;
  const yesToNo = members.filter((id) => atBaseline.has(id) && !atFollowup.has(id)).length;
  const test = mcnemarTest(noToYes, yesToNo);
  return {
    measure,
    label,
    n,
    baseline: {
      yes: baselineIds.length,
      proportion: n === 0 ? null : baselineIds.length / n,
      facultyIds: baselineIds,
    },
    followup: {
      yes: followupIds.length,
      proportion: n === 0 ? null : followupIds.length / n,
      facultyIds: followupIds,
    },
    discordant: { noToYes, yesToNo },
    test: "mcnemar",
    statistic: test.statistic,
    df: 1,
    p: test.p,
    note: test.note,
  };
}

/** The program's activity and paired shares between the two dates (YYYY-MM-DD, baseline first). */
export function assessProgram(records: ProgramRecords, baseline: string, followup: string): ProgramActivity {
  const members = new Set(records.members);
  const mentorships = records.mentorships.filter(
    (mentorship) => members.has(mentorship.menteeId) && mentorship.startDate <= followup,
  );
  const meetings = records.meetings.filter(
    (meeting) => members.has(meeting.menteeId) && meeting.date >= baseline && meeting.date <= followup,
  );
  const dyadActivity = mentorships
    .filter((mentorship) => mentorship.endDate === null || mentorship.endDate >= baseline)
    .map((mentorship): DyadActivity => {
      const from = mentorship.startDate > baseline ? mentorship.startDate : baseline;
      const to = mentorship.endDate !== null && mentorship.endDate < followup ? mentorship.endDate : followup;
      const days = daysBetween(from, to) + 1;
      const held = meetings.filter(
        (meeting) =>
          meeting.mentorId === mentorship.mentorId &&
          meeting.menteeId === mentorship.menteeId &&
          meeting.date >= from &&
          meeting.date <= to,
      ).length;
      const yearsInPeriod = days / 365.25;
      return {
        mentorId: mentorship.mentorId,
        menteeId: mentorship.menteeId,
        kind: mentorship.kind,
        startDate: mentorship.startDate,
        endDate: mentorship.endDate,
        yearsInPeriod,
        meetings: held,
        meetingsPerYear: days < 1 ? null : held / yearsInPeriod,
      };
    });
  const rates = dyadActivity.flatMap((dyad) => (dyad.meetingsPerYear === null ? [] : [dyad.meetingsPerYear]));
  const rateSummary = summarize(rates);
  const outsideDyads = meetings.filter(
    (meeting) =>
      !mentorships.some(
        (mentorship) =>
          mentorship.mentorId === meeting.mentorId &&
          mentorship.menteeId === meeting.menteeId &&
          runsOn(mentorship, meeting.date),
      ),
  ).length;
  const ordered = [...records.members];
  return {
    n: ordered.length,
    dyads: {
      formed: mentorships.length,
      formedInPeriod: mentorships.filter((mentorship) => mentorship.startDate > baseline).length,
      formal: mentorships.filter((mentorship) => mentorship.kind === "formal").length,
      informal: mentorships.filter((mentorship) => mentorship.kind === "informal").length,
      activeAtBaseline: mentorships.filter((mentorship) => runsOn(mentorship, baseline)).length,
      activeAtFollowup: mentorships.filter((mentorship) => runsOn(mentorship, followup)).length,
      mentors: new Set(mentorships.map((mentorship) => mentorship.mentorId)).size,
    },
    meetings: {
      total: meetings.length,
      outsideDyads,
      perDyadPerYear: {
        dyads: rates.length,
        mean: rateSummary.mean,
        sd: rateSummary.sd,
        median: median(rates) ?? null,
      },
    },
    dyadActivity,
    shares: [
      pairedShare(
        "formal_mentor",
        "mentees with a formal mentor",
        ordered,
        withFormalMentor(records, baseline),
        withFormalMentor(records, followup),
      ),
      pairedShare(
        "idp",
        "mentees using an individual development plan",
        ordered,
        withDevelopmentPlan(records, baseline),
        withDevelopmentPlan(records, followup),
      ),
    ],
  };
}
