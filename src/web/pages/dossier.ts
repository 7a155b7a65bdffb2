import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { CHROMIUM_CANDIDATES, findChromium, printPdf } from "../../io/print-pdf.ts";
import { renderDossierHtml } from "../../mentoring/dossier.ts";
import type { Services } from "../../services/context.ts";
import { dossier } from "../../services/dossier.ts";
import { UserError } from "../../errors.ts";
import { framed, HIDDEN, queryValue, render, signedIn } from "../page-kit.ts";
import { pageCriteria } from "./criteria.ts";

export interface DossierPageOptions {
  /** Where to look for headless Chromium, which prints the PDF (Debian's /usr/bin/chromium first). */
  pdfBrowsers?: readonly string[];
}

const NO_PDF = `<h1>No PDF on this server</h1>
<p class="error" role="alert">The PDF is printed by headless Chromium, which is not installed on this server. Faculty affairs can install it (<code>apt-get install chromium</code>).</p>
<p>Meanwhile, <a href="<%= it.html %>">open the dossier as a web page</a> and print it from the browser: it is laid out for print.</p>`;

/**
 * GET /faculty/:id/dossier[?format=pdf]: a candidate's dossier for the promotion committee, the
 * same document as `scholartrack dossier`. The service decides who may read it (the profile's
 * scope); anyone else gets 404. PDF needs Chromium on the server; without it, a page says so.
 */
export function registerDossierPage(
  pages: FastifyInstance,
  services: Services,
  options: DossierPageOptions = {},
): void {
  const browsers = options.pdfBrowsers ?? CHROMIUM_CANDIDATES;
  pages.get(
    "/faculty/:id/dossier",
    HIDDEN,
    signedIn(services, async (context) => {
      const { id } = context.request.params as { id: string };
      const format = queryValue(context.request, "format") ?? "html";
      if (format !== "html" && format !== "pdf")
        throw new UserError(`"${format}" is not a format: html or pdf`);
      const built = await dossier(services.db, context.actor, pageCriteria(services), id);
      const html = renderDossierHtml(built);
      const name = `dossier-${id}`.replace(/[^A-Za-z0-9._-]+/g, "-");
      if (format === "html") {
        return context.reply
          .type("text/html; charset=utf-8")
          .header("content-disposition", `inline; filename="${name}.html"`)
          .send(html);
      }
      if (findChromium(browsers) === null) {
        context.reply.status(503);
        return framed(
          context,
          "No PDF on this server",
          render(NO_PDF, { html: `/faculty/${encodeURIComponent(id)}/dossier` }),
        );
      }
      const work = await mkdtemp(path.join(tmpdir(), "scholartrack-dossier-"));
      try {
        const out = path.join(work, `${name}.pdf`);
        await printPdf(html, out, { candidates: browsers });
        const pdf = await readFile(out);
        return context.reply
          .type("application/pdf")
          .header("content-disposition", `attachment; filename="${name}.pdf"`)
          .send(pdf);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }),
  );
}
