import type { FastifyInstance } from "fastify";
import type { Actor } from "../../access/actor.ts";
import { UserError } from "../../errors.ts";
import { renderWindows } from "../../reports/render-windows.ts";
import { DATE_SETTINGS, type DateSetting } from "../../reports/windows-report.ts";
import { fixedWindows, parseYearSpan, type WindowSpec } from "../../reports/windows.ts";
import type { Services } from "../../services/context.ts";
import { buildWindowsReportAs, reportCohortsFor } from "../../services/reports.ts";
import { framed, HIDDEN, queryValue, signedIn, type PageContext } from "../page-kit.ts";
import { reportBody, reportFormBody, type WindowsForm } from "../views/report.ts";

const DOWNLOADS = {
  csv: { type: "text/csv; charset=utf-8", extension: "csv" },
  json: { type: "application/json; charset=utf-8", extension: "json" },
  html: { type: "text/html; charset=utf-8", extension: "html" },
} as const;

/**
 * GET /reports/windows?cohort=&mode=fixed|relative&pre=&post=&preYears=&postYears=&date=[&format=csv|json|html]:
 * the cohort report (admins), the same service as `report windows`; with format, a download.
 */
export function registerReportPage(pages: FastifyInstance, services: Services): void {
  pages.get(
    "/reports/windows",
    HIDDEN,
    signedIn(services, async (context) => {
      const cohorts = await reportCohortsFor(services.db, context.actor);
      const form = readForm(context, cohorts);
      const asked = queryValue(context.request, "cohort") !== undefined;
      if (!asked) return framed(context, "Cohort report", reportFormBody(cohorts, form, null));
      let spec: WindowSpec;
      let date: DateSetting;
      try {
        spec = windowSpec(form);
        date = dateSetting(form.date);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        context.reply.status(400);
        return framed(context, "Cohort report", reportFormBody(cohorts, form, error.message));
      }
      const report = await buildReport(services, context.actor, form.cohort, spec, date);
      const format = queryValue(context.request, "format");
      if (format !== undefined) {
        if (!(format in DOWNLOADS)) throw new UserError(`"${format}" is not a download: csv, json or html`);
        const download = DOWNLOADS[format as keyof typeof DOWNLOADS];
        const name = `windows-${form.cohort}.${download.extension}`.replace(/[^A-Za-z0-9._-]+/g, "-");
        return context.reply
          .type(download.type)
          .header("content-disposition", `attachment; filename="${name}"`)
          .send(renderWindows(report, format as keyof typeof DOWNLOADS));
      }
      const query = new URLSearchParams(context.request.query as Record<string, string>);
      query.delete("format");
      return framed(
        context,
        `Cohort report: ${form.cohort}`,
        reportFormBody(cohorts, form, null) + reportBody(report, `/reports/windows?${query.toString()}`),
      );
    }),
  );
}

function readForm(context: PageContext, cohorts: string[]): WindowsForm {
  const value = (name: string) => queryValue(context.request, name);
  return {
    cohort: value("cohort") ?? cohorts[0] ?? "",
    mode: value("mode") === "relative" ? "relative" : "fixed",
    pre: value("pre") ?? "",
    post: value("post") ?? "",
    preYears: value("preYears") ?? "3",
    postYears: value("postYears") ?? "3",
    date: value("date") ?? "publication",
  };
}

function windowSpec(form: WindowsForm): WindowSpec {
  if (form.mode === "relative") {
    const years = (value: string, name: string) => {
      if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 50) {
        throw new UserError(`${name} must be a whole number of years from 1 to 50`);
      }
      return Number(value);
    };
    return {
      kind: "relative",
      preYears: years(form.preYears, "Years before"),
      postYears: years(form.postYears, "Years from"),
    };
  }
  if (!form.pre || !form.post) throw new UserError("Give both windows, e.g. 2011-2013 and 2014-2016");
  try {
    return fixedWindows(parseYearSpan(form.pre), parseYearSpan(form.post));
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}

function dateSetting(value: string): DateSetting {
  if (!(DATE_SETTINGS as readonly string[]).includes(value)) {
    throw new UserError(`"${value}" is not a dating: ${DATE_SETTINGS.join(" or ")}`);
  }
  return value as DateSetting;
}

function buildReport(services: Services, actor: Actor, cohort: string, spec: WindowSpec, date: DateSetting) {
  return buildWindowsReportAs(services.db, actor, { cohort, spec, date });
}
