/**
 * What every server-rendered page shares: who reads it (a signed-in session, else the sign-in
 * page), the frame around its content, a one-line message carried over a redirect, and errors
 * answered as pages (out of scope is the same 404 page as a page that does not exist).
 */
import type { FastifyError, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import type { Actor } from "../access/actor.ts";
import type { Services } from "../services/context.ts";
import { actorForUser } from "../services/accounts.ts";
import { describeError } from "./errors.ts";
import { notFoundPage } from "./templates.ts";
import { render, renderPage } from "./views/layout.ts";

declare module "fastify" {
  interface Session {
    /** What the last form did, shown once on the next page. */
    flash?: string;
  }
}

/** Pages are not part of the API's OpenAPI document. */
export const HIDDEN: RouteShorthandOptions = { schema: { hide: true } };

export interface PageContext {
  request: FastifyRequest;
  reply: FastifyReply;
  actor: Actor;
}

export function sendHtml(reply: FastifyReply, body: string, status = reply.statusCode): FastifyReply {
  return reply.status(status).type("text/html; charset=utf-8").send(body);
}

/** The signed-in user of the session; pages take no API tokens. */
export async function sessionActor(services: Services, request: FastifyRequest): Promise<Actor | null> {
  const userId = request.session.get("userId");
  return userId === undefined ? null : actorForUser(services.db, userId);
}

/**
 * A page handler that needs a signed-in user: without one the browser goes to the sign-in page.
 * The handler answers itself (a redirect, a download) or returns the page's HTML.
 */
export function signedIn(
  services: Services,
  handler: (context: PageContext) => Promise<string | FastifyReply>,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await sessionActor(services, request);
    if (!actor) return reply.redirect("/sign-in", 303);
    request.pageActor = actor;
    const result = await handler({ request, reply, actor });
    return typeof result === "string" ? sendHtml(reply, result) : result;
  };
}

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in reader of a page, once known: the error page keeps the navigation. */
    pageActor?: Actor;
  }
}

/** The page's content in the shared frame, with the message the last form left, if any. */
export function framed(context: PageContext, title: string, body: string): string {
  const flash = context.request.session.get("flash") ?? null;
  if (flash !== null) context.request.session.set("flash", undefined);
  return renderPage({
    title,
    body,
    user: context.actor,
    csrfToken: context.reply.generateCsrf(),
    path: context.request.url.split("?")[0] ?? "",
    flash,
  });
}

/** After a form: back to a page, with a message about what was done. */
export function redirectWithMessage(context: PageContext, to: string, message: string): FastifyReply {
  context.request.session.set("flash", message);
  return context.reply.redirect(to, 303);
}

const ERROR_PAGE = `<h1><%= it.heading %></h1>
<p class="error" role="alert"><%= it.message %></p>
<p><a href="<%= it.back %>">Back</a> · <a href="/">Home</a></p>`;

/**
 * Errors on pages answer pages: out of scope or missing is the 404 page, a refused form (a missing
 * CSRF token) 403, bad input 400 with what is wrong.
 */
export function pageErrorHandler(services: Services) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const { status, message } = describeError(error);
    if (status >= 500) services.logger.error({ err: error, url: request.routeOptions.url }, "page failed");
    const actor = request.pageActor ?? null;
    const csrfToken = actor ? reply.generateCsrf() : "";
    if (status === 404) return sendHtml(reply, notFoundPage(actor, csrfToken), 404);
    const heading =
      status === 403 ? "Form refused" : status >= 500 ? "Something went wrong" : "That did not work";
    const shown =
      status === 403
        ? "The form was sent without its security token, or with an old one. Open the page again and resend it."
        : message;
    const body = render(ERROR_PAGE, { heading, message: shown, back: backPath(request.headers.referer) });
    return sendHtml(reply, renderPage({ title: heading, body, user: actor, csrfToken }), status);
  };
}

/** The path of the page the form was on (never another site's address), or home. */
function backPath(referer: string | undefined): string {
  if (!referer) return "/";
  try {
    const url = new URL(referer, "http://localhost");
    return `${url.pathname}${url.search}`;
  } catch {
    return "/";
  }
}

/** A form's value as one string (a field sent twice keeps the first). */
export function formValue(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === "string" ? first : undefined;
}

/** A form's values of a repeated field (checkboxes). */
export function formValues(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (entry): entry is string => typeof entry === "string",
  );
}

/** A query parameter, trimmed; undefined when empty. */
export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === "string" && first.trim() !== "" ? first.trim() : undefined;
}

export { render };
