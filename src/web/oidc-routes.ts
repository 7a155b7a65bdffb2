import type { FastifyInstance, FastifyReply } from "fastify";
import { AuthorizationResponseError } from "openid-client";
import type { OidcSettings } from "../config/env.ts";
import type { Services } from "../services/context.ts";
import {
  refuseIdentitySignIn,
  signInWithIdentityClaims,
  type IdentityRefusal,
} from "../services/identity-provider-sign-in.ts";
import { OidcClient, type PendingOidcSignIn } from "./oidc-client.ts";
import type { SignInLimits } from "./pages.ts";
import { signInLimitHook } from "./sign-in-limit.ts";
import { signInRefusedPage } from "./templates.ts";

declare module "fastify" {
  interface Session {
    /** Kept from leaving for the identity provider until it sends the browser back, once. */
    oidc?: PendingOidcSignIn;
  }
}

const HIDDEN = { schema: { hide: true } };

const REFUSALS: Record<IdentityRefusal, { status: number; message: string }> = {
  "no-email": {
    status: 403,
    message:
      "Your university account did not give ScholarTrack an e-mail address, so it cannot tell who you are. Ask faculty affairs, or sign in with your ScholarTrack password.",
  },
  "email-unverified": {
    status: 403,
    message:
      "Your university account's e-mail address is not verified, so ScholarTrack cannot rely on it. Ask the university's identity service to verify it, or sign in with your ScholarTrack password.",
  },
  "unknown-user": {
    status: 403,
    message:
      "There is no ScholarTrack account for the e-mail address of your university account. Faculty affairs adds accounts: ask them for one.",
  },
  "user-disabled": {
    status: 403,
    message: "Your ScholarTrack account is disabled. Ask faculty affairs if you need it again.",
  },
  "provider-refused": {
    status: 403,
    message: "The university's sign-in service did not sign you in. Try again from the sign-in page.",
  },
  "provider-response-rejected": {
    status: 400,
    message:
      "This sign-in could not be completed: it may have expired, been used already, or been started in another window. Try again from the sign-in page.",
  },
};

/** Sign-in through the university's identity provider: off the page, then back at the callback. */
export function registerOidcRoutes(
  app: FastifyInstance,
  services: Services,
  settings: OidcSettings,
  limits: SignInLimits,
): void {
  const client = new OidcClient(settings);
  const html = (reply: FastifyReply, body: string, status: number) =>
    reply.status(status).type("text/html; charset=utf-8").send(body);

  void app.register((routes, _options, done) => {
    // Counted with password sign-ins from the same address.
    const limiter = routes.createRateLimit({
      max: limits.max,
      timeWindow: limits.windowMs,
      keyGenerator: (request) => `sign-in:address:${request.ip}`,
    });
    const limitSignIn = signInLimitHook([limiter]);

    routes.get("/auth/oidc", HIDDEN, async (request, reply) => {
      let started;
      try {
        started = await client.start();
      } catch (error) {
        services.logger.error({ err: error }, "the identity provider's metadata could not be fetched");
        return html(
          reply,
          signInRefusedPage(
            "The university's sign-in service does not answer just now. Try again in a few minutes.",
          ),
          502,
        );
      }
      request.session.set("oidc", started.pending);
      return reply.redirect(started.url, 303);
    });

    routes.get("/auth/oidc/callback", { ...HIDDEN, preHandler: limitSignIn }, async (request, reply) => {
      const context = { address: request.ip };
      const refuse = (reason: IdentityRefusal) => {
        const refusal = REFUSALS[reason];
        return html(reply, signInRefusedPage(refusal.message), refusal.status);
      };

      // One use only: a second visit to the same answer finds nothing to check it against.
      const pending = request.session.get("oidc");
      request.session.set("oidc", undefined);
      if (!pending) {
        await refuseIdentitySignIn(services.db, "provider-response-rejected", context);
        return refuse("provider-response-rejected");
      }

      const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
      let claims;
      try {
        claims = await client.finish(query, pending);
      } catch (error) {
        const reason =
          error instanceof AuthorizationResponseError ? "provider-refused" : "provider-response-rejected";
        // The reason only: the answer carries a code and maybe tokens, which never go to the log.
        services.logger.warn(
          { reason, check: errorCode(error) },
          "sign-in through the identity provider refused",
        );
        await refuseIdentitySignIn(services.db, reason, context);
        return refuse(reason);
      }

      const outcome = await signInWithIdentityClaims(services.db, claims, context);
      if ("refused" in outcome) return refuse(outcome.refused);
      // A new session id at sign-in, so that an id planted before it is worth nothing after.
      await request.session.regenerate();
      request.session.set("userId", outcome.actor.userId!);
      return reply.redirect("/", 303);
    });
    done();
  });
}

function errorCode(error: unknown): string {
  if (error instanceof Error) return (error as Error & { code?: string }).code ?? error.name;
  return "unknown";
}
