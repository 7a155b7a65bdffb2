/**
 * The mentoring program's evaluation in one document: its activity from the mentoring records,
 * the productivity windows compared in pairs (as `report windows`), and the survey tables (as
 * `survey analyze`) when survey files are given. It compares many people: admins only.
 */
import { requirePermission } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { cohortMembers, knownCohorts } from "../db/repositories/faculty.ts";
import { developmentPlansOf, meetingsOfMentees, mentorshipsOfMentees } from "../db/repositories/mentoring.ts";
import { UsageError, UserError } from "../errors.ts";
import type { ProgramReport } from "../mentoring/program-render.ts";
import { assessProgram } from "../mentoring/program.ts";
import { fixedWindows, type YearSpan } from "../reports/windows.ts";
import { analyzeSurvey, type SurveyInput } from "../survey/analyze.ts";
import { formatSurveyProblem } from "../survey/problems.ts";
import { buildWindowsReport } from "./reports.ts";

export type { ProgramReport };

export interface ProgramRequest {
  cohort: string;
  /** YYYY-MM-DD */
  baseline: string;
  followup: string;
  /** The productivity windows; by default the three years up to the baseline year against the years after it to the follow-up year. */
  pre?: YearSpan;
  post?: YearSpan;
  /** Survey files: baseline, follow-up and (optionally) the items. */
  survey?: SurveyInput;
}

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The windows asked for, or those of the reference evaluation's shape around the baseline year. */
export function programWindows(request: Pick<ProgramRequest, "baseline" | "followup" | "pre" | "post">): {
  pre: YearSpan;
  post: YearSpan;
} {
  if ((request.pre === undefined) !== (request.post === undefined)) {
    throw new UsageError("give both --pre and --post, or neither");
  }
  if (request.pre !== undefined && request.post !== undefined)
    return { pre: request.pre, post: request.post };
  const baselineYear = Number(request.baseline.slice(0, 4));
  const followupYear = Number(request.followup.slice(0, 4));
  if (followupYear <= baselineYear) {
    throw new UsageError(
      "the follow-up is in the baseline's year: give the productivity windows with --pre and --post",
    );
  }
  return {
    pre: { from: baselineYear - 2, to: baselineYear },
    post: { from: baselineYear + 1, to: followupYear },
  };
}

export async function buildProgramReport(db: Db, request: ProgramRequest): Promise<ProgramReport> {
  if (request.followup <= request.baseline) {
    throw new UsageError(
      `the follow-up date ${request.followup} is not after the baseline ${request.baseline}`,
    );
  }
  const windows = programWindows(request);
  let survey = null;
  if (request.survey) {
    const outcome = analyzeSurvey(request.survey);
    if (!outcome.ok) {
      throw new UserError(
        `${outcome.problems.length} problem(s) in the survey files; no report was made:\n` +
          outcome.problems.map(formatSurveyProblem).join("\n"),
      );
    }
    survey = outcome.analysis;
  }
  const members = (await cohortMembers(db, request.cohort)).map((member) => member.id);
  if (members.length === 0) {
    const known = (await knownCohorts(db)).join(", ");
    throw new UserError(
      `No faculty members in cohort "${request.cohort}"${known ? ` (cohorts: ${known})` : " (no cohort is set on the roster)"}`,
    );
  }
  const [mentorships, meetings, plans] = await Promise.all([
    mentorshipsOfMentees(db, members),
    meetingsOfMentees(db, members),
    developmentPlansOf(db, members),
  ]);
  const activity = assessProgram(
    {
      members,
      mentorships: mentorships.map((record) => ({
        mentorId: record.mentorId,
        menteeId: record.menteeId,
        startDate: isoDay(record.startDate),
        endDate: record.endDate === null ? null : isoDay(record.endDate),
        kind: record.kind,
      })),
      meetings: meetings.map((record) => ({
        mentorId: record.mentorId,
        menteeId: record.menteeId,
        date: isoDay(record.date),
      })),
      plans: plans.map((record) => ({
        facultyId: record.facultyId,
        year: record.year,
        submittedDate: record.submittedDate === null ? null : isoDay(record.submittedDate),
        reviewedWithMentorDate:
          record.reviewedWithMentorDate === null ? null : isoDay(record.reviewedWithMentorDate),
      })),
    },
    request.baseline,
    request.followup,
  );
  let spec;
  try {
    spec = fixedWindows(windows.pre, windows.post);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; give windows that do not overlap`);
  }
  const windowsReport = await buildWindowsReport(db, { cohort: request.cohort, spec, date: "publication" });
  return {
    cohort: request.cohort,
    baseline: request.baseline,
    followup: request.followup,
    activity,
    windows: windowsReport,
    survey,
  };
}

/** The program report for an actor: admins only; for anyone else it does not exist. */
export async function programReport(db: Db, actor: Actor, request: ProgramRequest): Promise<ProgramReport> {
  requirePermission(actor, "reports.read");
  return buildProgramReport(db, request);
}
