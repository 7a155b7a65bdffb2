import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Actor } from "../access/actor.ts";
import { renderWindows } from "../reports/render-windows.ts";
import { fixedWindows, parseYearSpan } from "../reports/windows.ts";
import { HARVEST_SOURCE_NAMES } from "../sources/registry.ts";
import { describeActor } from "../services/accounts.ts";
import { readAudit } from "../services/audit.ts";
import type { Services } from "../services/context.ts";
import { decideLinkAs } from "../services/link-decisions.ts";
import { addMentorNote, mentorNotes } from "../services/notes.ts";
import { addPaperAs } from "../services/add-paper.ts";
import {
  countFacultyFor,
  facultyItemsFor,
  facultyLedgerFor,
  facultyProfileFor,
  listFacultyFor,
  reviewQueueFor,
} from "../services/people.ts";
import { buildWindowsReportAs } from "../services/reports.ts";
import { thresholdsFrom } from "../services/rescore.ts";
import { listRunsFor, startHarvestRunAs } from "../services/runs.ts";
import { UserError } from "../errors.ts";
import { requestActor } from "./request-actor.ts";

export const API_PREFIX = "/api/v1";

/** What the decision route takes: validated with zod, documented from the same schema. */
export const DecisionBody = z
  .object({ decision: z.enum(["accept", "reject"]), note: z.string().max(2000).optional() })
  .strict();

const AddItemBody = z
  .object({
    pmid: z
      .string()
      .regex(/^\d{1,9}$/, "a PMID is digits only")
      .optional(),
    doi: z.string().min(4).max(300).optional(),
  })
  .strict()
  .refine((body) => (body.pmid === undefined) !== (body.doi === undefined), {
    message: "give either pmid or doi",
  });

const NoteBody = z.object({ body: z.string().min(1).max(10_000) }).strict();

const StartRunBody = z
  .object({
    faculty: z.array(z.string().min(1)).min(1).optional(),
    sources: z.array(z.enum(HARVEST_SOURCE_NAMES)).min(1).optional(),
    since: z.number().int().min(1900).max(2100).optional(),
    until: z.number().int().min(1900).max(2100).optional(),
    /** Complete harvests whatever each person's history, as `harvest --full`. */
    full: z.boolean().optional(),
  })
  .strict();

/** A zod schema as the OpenAPI document shows it. */
function documented(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-7", io: "input" });
  return rest;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new UserError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "),
    );
  }
  return parsed.data;
}

const idParams = {
  type: "object",
  properties: { id: { type: "string", description: "the faculty id" } },
  required: ["id"],
} as const;
const errorReply = {
  type: "object",
  properties: { error: { type: "string" } },
  required: ["error"],
} as const;
const errors = { 400: errorReply, 401: errorReply, 404: errorReply };

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

function actorOf(request: FastifyRequest): Actor {
  // Set by the onRequest hook for every route of the API, or the request was answered 401.
  return request.actor!;
}

/** The JSON API under /api/v1: every route calls a service with the actor; the services decide access. */
export function registerApi(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const thresholds = thresholdsFrom(services.config);

  void app.register(
    (api, _options, done) => {
      api.decorateRequest("actor", null);
      api.addHook("onRequest", async (request, reply) => {
        request.actor = await requestActor(db, request);
        if (!request.actor) {
          return reply
            .status(401)
            .header("www-authenticate", "Bearer")
            .send({ error: "Sign in, or give an API token as Authorization: Bearer <token>" });
        }
      });

      api.get("/me", { schema: { summary: "Who is signed in", response: errors } }, async (request) => {
        const actor = actorOf(request);
        return (await describeActor(db, actor)) ?? actor;
      });

      api.get(
        "/faculty",
        {
          schema: {
            summary: "The faculty members you may see, with link counts",
            querystring: {
              type: "object",
              properties: {
                cohort: { type: "string" },
                division: { type: "string" },
                rank: { type: "string" },
                track: { type: "string" },
                mentor: { type: "string", description: "the mentor's faculty id" },
                // A page at a time; X-Total-Count says how many there are in all.
                limit: { type: "integer", minimum: 1, maximum: 10_000, default: 100 },
                offset: { type: "integer", minimum: 0, default: 0 },
              },
            },
            response: errors,
          },
        },
        async (request, reply) => {
          const query = request.query as {
            cohort?: string;
            division?: string;
            rank?: string;
            track?: string;
            mentor?: string;
            limit: number;
            offset: number;
          };
          const filter = {
            ...(query.cohort ? { cohort: query.cohort } : {}),
            ...(query.division ? { division: query.division } : {}),
            ...(query.rank ? { rank: query.rank } : {}),
            ...(query.track ? { track: query.track } : {}),
            ...(query.mentor ? { mentorId: query.mentor } : {}),
          };
          const actor = actorOf(request);
          const [rows, total] = await Promise.all([
            listFacultyFor(db, actor, filter, { offset: query.offset, limit: query.limit }),
            countFacultyFor(db, actor, filter),
          ]);
          void reply.header("x-total-count", String(total));
          return rows;
        },
      );

      api.get(
        "/faculty/:id",
        { schema: { summary: "One person's profile and counts", params: idParams, response: errors } },
        async (request) => facultyProfileFor(db, actorOf(request), (request.params as { id: string }).id),
      );

      api.get(
        "/faculty/:id/items",
        {
          schema: { summary: "One person's linked items, newest first", params: idParams, response: errors },
        },
        async (request) => facultyItemsFor(db, actorOf(request), (request.params as { id: string }).id),
      );

      api.get(
        "/faculty/:id/ledger",
        {
          schema: {
            summary: "One person's ledger: what counts, and why",
            params: idParams,
            response: errors,
          },
        },
        async (request) => facultyLedgerFor(db, actorOf(request), (request.params as { id: string }).id),
      );

      api.get(
        "/faculty/:id/notes",
        {
          schema: {
            summary: "A mentor's own notes on a mentee (admins: everyone's)",
            params: idParams,
            response: errors,
          },
        },
        async (request) => mentorNotes(db, actorOf(request), (request.params as { id: string }).id),
      );

      api.post(
        "/faculty/:id/notes",
        {
          schema: {
            summary: "A mentor adds a note on one of their mentees",
            params: idParams,
            body: documented(NoteBody),
            response: { ...errors, 201: { type: "object", additionalProperties: true } },
          },
        },
        async (request, reply) => {
          const body = parseBody(NoteBody, request.body);
          const note = await addMentorNote(
            db,
            actorOf(request),
            (request.params as { id: string }).id,
            body.body,
          );
          return reply.status(201).send(note);
        },
      );

      api.post(
        "/faculty/:id/items",
        {
          schema: {
            summary:
              "Add a missing paper by PMID or DOI, fetched from PubMed and scored like any other (admins; faculty members for themselves)",
            params: idParams,
            body: documented(AddItemBody),
            response: { ...errors, 201: { type: "object", additionalProperties: true } },
          },
        },
        async (request, reply) => {
          const body = parseBody(AddItemBody, request.body);
          const added = await addPaperAs(
            services,
            actorOf(request),
            (request.params as { id: string }).id,
            body.pmid ?? body.doi!,
          );
          return reply.status(201).send(added);
        },
      );

      api.post(
        "/faculty/:id/links/:itemId/decision",
        {
          schema: {
            summary: "Accept or reject a link (admins; faculty members on their own pending links)",
            params: {
              type: "object",
              properties: { id: { type: "string" }, itemId: { type: "integer", minimum: 1 } },
              required: ["id", "itemId"],
            },
            body: documented(DecisionBody),
            response: errors,
          },
        },
        async (request) => {
          const params = request.params as { id: string; itemId: number };
          const body = parseBody(DecisionBody, request.body);
          return decideLinkAs(services, actorOf(request), {
            facultyId: params.id,
            itemId: params.itemId,
            decision: body.decision,
            ...(body.note !== undefined ? { note: body.note } : {}),
          });
        },
      );

      api.get(
        "/review",
        {
          schema: {
            summary: "Links awaiting a decision, most uncertain first",
            querystring: {
              type: "object",
              properties: {
                faculty: { type: "string" },
                // A division has tens of thousands of pending links: the queue is read a page at a time.
                limit: { type: "integer", minimum: 1, maximum: 10_000, default: 100 },
              },
            },
            response: errors,
          },
        },
        async (request) => {
          const query = request.query as { faculty?: string; limit: number };
          return reviewQueueFor(db, actorOf(request), thresholds, {
            ...(query.faculty ? { facultyId: query.faculty } : {}),
            limit: query.limit,
          });
        },
      );

      api.get(
        "/runs",
        {
          schema: {
            summary: "The latest harvest runs (admins)",
            querystring: {
              type: "object",
              properties: { last: { type: "integer", minimum: 1, maximum: 1000, default: 20 } },
            },
            response: errors,
          },
        },
        async (request) => listRunsFor(db, actorOf(request), (request.query as { last: number }).last),
      );

      api.post(
        "/runs",
        {
          schema: {
            summary: "Start a harvest for everyone or some people (admins)",
            body: documented(StartRunBody),
            response: { ...errors, 202: { type: "object", additionalProperties: true } },
          },
        },
        async (request, reply) => {
          const body = parseBody(StartRunBody, request.body);
          const run = await startHarvestRunAs(services, actorOf(request), {
            ...(body.faculty ? { facultyIds: body.faculty } : {}),
            sources: body.sources ?? [...HARVEST_SOURCE_NAMES],
            ...(body.since !== undefined ? { sinceYear: body.since } : {}),
            ...(body.until !== undefined ? { untilYear: body.until } : {}),
            ...(body.full ? { full: true } : {}),
            trigger: "manual",
          });
          return reply.status(202).send(run);
        },
      );

      api.get(
        "/reports/windows",
        {
          schema: {
            summary: "A cohort's pre and post windows compared, as `report windows --format json` (admins)",
            querystring: {
              type: "object",
              properties: {
                cohort: { type: "string" },
                pre: { type: "string", description: "e.g. 2011-2013" },
                post: { type: "string", description: "e.g. 2014-2016" },
              },
              required: ["cohort", "pre", "post"],
            },
            response: errors,
          },
        },
        async (request, reply) => {
          const query = request.query as { cohort: string; pre: string; post: string };
          const report = await buildWindowsReportAs(db, actorOf(request), {
            cohort: query.cohort,
            spec: windowSpec(query.pre, query.post),
            date: "publication",
          });
          return reply.type("application/json; charset=utf-8").send(renderWindows(report, "json"));
        },
      );

      api.get(
        "/audit",
        {
          schema: {
            summary: "The audit log, oldest first (admins)",
            querystring: {
              type: "object",
              properties: {
                after: { type: "integer", minimum: 0 },
                limit: { type: "integer", minimum: 1, maximum: 10_000, default: 1000 },
                kind: { type: "string" },
              },
            },
            response: errors,
          },
        },
        async (request) => {
          const query = request.query as { after?: number; limit: number; kind?: string };
          return readAudit(db, actorOf(request), {
            ...(query.after !== undefined ? { afterId: query.after } : {}),
            limit: query.limit,
            ...(query.kind ? { kind: query.kind } : {}),
          });
        },
      );
      done();
    },
    { prefix: API_PREFIX },
  );
}

function windowSpec(pre: string, post: string) {
  try {
    return fixedWindows(parseYearSpan(pre), parseYearSpan(post));
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}
