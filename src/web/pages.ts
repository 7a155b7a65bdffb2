import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import formbody from "@fastify/formbody";
import { z } from "zod";
import { signInWithPassword } from "../services/accounts.ts";
import { recordAudit } from "../services/audit.ts";
import type { Services } from "../services/context.ts";
import { signInLimitHook } from "./sign-in-limit.ts";
import { signInPage } from "./templates.ts";

const SignInForm = z.object({
  email: z.string().trim().max(320).default(""),
  password: z.string().max(1024).default(""),
});

/** Pages are not part of the API's OpenAPI document. */
const HIDDEN = { schema: { hide: true } };

/** Attempts allowed per window, per address and per account. */
export interface SignInLimits {
  max: number;
  windowMs: number;
}

/** What the sign-in page offers besides a password. */
export interface SignInOptions {
  /** Sign-in through the university's identity provider is configured. */
  oidc: boolean;
}

/** Sign-in and sign-out; the pages behind them are in ./app-pages.ts. */
export function registerPages(
  app: FastifyInstance,
  services: Services,
  limits: SignInLimits,
  signIn: SignInOptions = { oidc: false },
): void {
  void app.register(async (pages) => {
    await pages.register(formbody);
    const csrfProtection = pages.csrfProtection.bind(pages);
    const html = (reply: FastifyReply, body: string, status = 200) =>
      reply.status(status).type("text/html; charset=utf-8").send(body);

    // Two limits, either of which holds the attempt back: guessing many accounts from one
    // address, and guessing one account from many addresses.
    const limiters = [
      pages.createRateLimit({
        max: limits.max,
        timeWindow: limits.windowMs,
        keyGenerator: (request) => `sign-in:address:${request.ip}`,
      }),
      pages.createRateLimit({
        max: limits.max,
        timeWindow: limits.windowMs,
        keyGenerator: (request) => `sign-in:account:${accountOf(request)}`,
      }),
    ];
    const limitSignIn = signInLimitHook(limiters);

    pages.get("/sign-in", HIDDEN, async (_request, reply) =>
      html(reply, signInPage({ csrfToken: reply.generateCsrf(), oidc: signIn.oidc })),
    );

    pages.post(
      "/sign-in",
      { ...HIDDEN, preValidation: csrfProtection, preHandler: limitSignIn },
      async (request, reply) => {
        const form = SignInForm.parse(request.body ?? {});
        const actor = await signInWithPassword(services.db, form.email, form.password, {
          address: request.ip,
        });
        if (!actor) {
          return html(
            reply,
            signInPage({
              csrfToken: reply.generateCsrf(),
              error: "That e-mail address and password do not match.",
              email: form.email,
              oidc: signIn.oidc,
            }),
            401,
          );
        }
        // A new session id at sign-in, so that an id planted before it is worth nothing after.
        await request.session.regenerate();
        request.session.set("userId", actor.userId!);
        return reply.redirect("/", 303);
      },
    );

    pages.post("/sign-out", { ...HIDDEN, preValidation: csrfProtection }, async (request, reply) => {
      const userId = request.session.get("userId");
      if (userId !== undefined) await recordAudit(services.db, { userId }, "sign-out", `user:${userId}`);
      await request.session.destroy();
      return reply.redirect("/sign-in", 303);
    });
  });
}

function accountOf(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  return typeof body?.email === "string" ? body.email.trim().toLowerCase() : "";
}
