import type { FastifyInstance } from "fastify";
import { isIsoDate } from "../../csv/iso-date.ts";
import { NotFoundError, UserError } from "../../errors.ts";
import { renderProgramReport } from "../../mentoring/program-render.ts";
import { parseYearSpan, type YearSpan } from "../../reports/windows.ts";
import type { Services } from "../../services/context.ts";
import { programReport, type ProgramRequest } from "../../services/program.ts";
import { reportCohortsFor } from "../../services/reports.ts";
import { framed, HIDDEN, queryValue, signedIn, type PageContext } from "../page-kit.ts";
import { programFormBody, programReportBody, type ProgramForm } from "../views/program-report.ts";

const DOWNLOADS = {
  json: "application/json; charset=utf-8",
  html: "text/html; charset=utf-8",
} as const;

/**
 * GET /reports/program?cohort=&baseline=&followup=[&pre=&post=][&format=json|html]: the mentoring
 * program's evaluation (admins: the service answers 404 to anyone else), the same report as
 * `program report`; with format, a download.
 */
export function registerProgramReportPage(pages: FastifyInstance, services: Services): void {
  pages.get(
    "/reports/program",
    HIDDEN,
    signedIn(services, async (context) => {
      const cohorts = await reportCohortsFor(services.db, context.actor);
      const form = readForm(context, cohorts);
      const title = "Mentoring program report";
      if (queryValue(context.request, "cohort") === undefined) {
        return framed(context, title, programFormBody(cohorts, form, null));
      }
      let report;
      try {
        report = await programReport(services.db, context.actor, programRequest(form));
      } catch (error) {
        // Bad dates or windows, or a cohort with nobody in it: the form again, with what is wrong.
        if (!(error instanceof UserError) || error instanceof NotFoundError) throw error;
        context.reply.status(400);
        return framed(context, title, programFormBody(cohorts, form, error.message));
      }
      const format = queryValue(context.request, "format");
      if (format !== undefined) {
        if (!(format in DOWNLOADS)) throw new UserError(`"${format}" is not a download: json or html`);
        const name = `program-${form.cohort}.${format}`.replace(/[^A-Za-z0-9._-]+/g, "-");
        return context.reply
          .type(DOWNLOADS[format as keyof typeof DOWNLOADS])
          .header("content-disposition", `attachment; filename="${name}"`)
          .send(renderProgramReport(report, format as keyof typeof DOWNLOADS));
      }
      const query = new URLSearchParams(context.request.query as Record<string, string>);
      query.delete("format");
      return framed(
        context,
        `${title}: ${form.cohort}`,
        programFormBody(cohorts, form, null) + programReportBody(report, query),
      );
    }),
  );
}

function readForm(context: PageContext, cohorts: string[]): ProgramForm {
  const value = (name: string) => queryValue(context.request, name) ?? "";
  return {
    cohort: value("cohort") || (cohorts[0] ?? ""),
    baseline: value("baseline"),
    followup: value("followup"),
    pre: value("pre"),
    post: value("post"),
  };
}

function programRequest(form: ProgramForm): ProgramRequest {
  for (const [label, date] of [
    ["Baseline", form.baseline],
    ["Follow-up", form.followup],
  ] as const) {
    if (!isIsoDate(date)) throw new UserError(`${label} must be a date such as 2014-07-01`);
  }
  if ((form.pre === "") !== (form.post === "")) {
    throw new UserError("Give both windows, e.g. 2011-2013 and 2014-2016, or neither");
  }
  const span = (text: string): YearSpan => {
    try {
      return parseYearSpan(text);
    } catch (error) {
      throw new UserError((error as Error).message);
    }
  };
  return {
    cohort: form.cohort,
    baseline: form.baseline,
    followup: form.followup,
    ...(form.pre !== "" ? { pre: span(form.pre), post: span(form.post) } : {}),
  };
}
