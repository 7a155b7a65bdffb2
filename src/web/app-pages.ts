/**
 * The app's pages for signed-in users, each in its own module under ./pages/. They share one
 * scope: form bodies, and errors answered as pages (404 for anything out of the reader's scope).
 */
import formbody from "@fastify/formbody";
import type { FastifyInstance } from "fastify";
import type { Services } from "../services/context.ts";
import { HIDDEN, pageErrorHandler } from "./page-kit.ts";
import { registerFacultyListPage } from "./pages/faculty-list.ts";
import { registerDigestPage } from "./pages/digest.ts";
import { registerDossierPage, type DossierPageOptions } from "./pages/dossier.ts";
import { registerHomePage } from "./pages/home.ts";
import { registerMentorPage } from "./pages/mentor.ts";
import { registerNotesPages } from "./pages/notes.ts";
import { registerProfilePages } from "./pages/profile.ts";
import { registerProgramReportPage } from "./pages/program-report.ts";
import { registerReportPage } from "./pages/report.ts";
import { registerReviewPages } from "./pages/review.ts";
import { registerRunsPages } from "./pages/runs.ts";
import { STYLESHEET, STYLESHEET_PATH } from "./views/layout.ts";

export function registerAppPages(
  app: FastifyInstance,
  services: Services,
  options: DossierPageOptions = {},
): void {
  app.get(STYLESHEET_PATH, HIDDEN, (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600").send(STYLESHEET),
  );
  void app.register(async (pages) => {
    await pages.register(formbody);
    pages.setErrorHandler(pageErrorHandler(services));
    registerHomePage(pages, services);
    registerFacultyListPage(pages, services);
    registerProfilePages(pages, services);
    registerReviewPages(pages, services);
    registerRunsPages(pages, services);
    registerMentorPage(pages, services);
    registerNotesPages(pages, services);
    registerReportPage(pages, services);
    registerDigestPage(pages, services);
    registerProgramReportPage(pages, services);
    registerDossierPage(pages, services, options);
  });
}
