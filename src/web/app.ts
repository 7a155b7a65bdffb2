import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import session from "@fastify/session";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { Registry } from "prom-client";
import Fastify, { type FastifyInstance } from "fastify";
import { oidcSettings } from "../config/env.ts";
import { ConfigError } from "../errors.ts";
import type { Services } from "../services/context.ts";
import { checkReadiness } from "../services/readiness.ts";
import { registerApi } from "./api.ts";
import { registerAppPages } from "./app-pages.ts";
import { notFoundPage } from "./templates.ts";
import { errorHandler } from "./errors.ts";
import { registerMetrics } from "./metrics.ts";
import { registerQueueDashboard } from "./queue-dashboard.ts";
import { registerPages, type SignInLimits } from "./pages.ts";
import { RedisSessionStore } from "./session-store.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** What /metrics shows; the internal metrics listener serves the same. */
    metricsRegistry: Registry;
  }
}

export interface WebOptions {
  /** Sign-in attempts per address and per account; 10 per 15 minutes unless given. */
  signInLimits?: SignInLimits;
  /** Where to look for headless Chromium, which prints dossiers as PDF (Debian's first). */
  pdfBrowsers?: readonly string[];
}

/** Swagger UI's light badges and links, darkened to a readable contrast (WCAG AA). */
const API_DOCS_CSS = `
.swagger-ui .info .title small, .swagger-ui .info .title small pre { background: #3d6a00; }
.swagger-ui .info .url, .swagger-ui .info a { color: #0645ad; }
.swagger-ui .opblock .opblock-summary-method { color: #000; text-shadow: none; }
.swagger-ui .btn.authorize { color: #1d6b45; border-color: #1d6b45; }
.swagger-ui .btn.authorize svg { fill: #1d6b45; }
`;

const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { max: 10, windowMs: 15 * 60_000 };

/** The web app and the JSON API over the services; not yet listening. */
export async function buildWebApp(services: Services, options: WebOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  if (!config.SESSION_SECRET) {
    throw new ConfigError(
      "Invalid configuration:\n  SESSION_SECRET: required by the web app, at least 32 random characters (e.g. `openssl rand -base64 48`)",
    );
  }
  const secure = config.PUBLIC_URL?.startsWith("https://") ?? false;
  const idleSeconds = config.SESSION_IDLE_MINUTES * 60;

  const app = Fastify({
    logger: false,
    trustProxy: config.TRUST_PROXY,
    // Drain: requests in flight finish, idle keep-alive connections close, at app.close().
    forceCloseConnections: "idle",
    return503OnClosing: true,
    // A body with fields we do not know is refused, not quietly trimmed.
    ajv: { customOptions: { removeAdditional: false } },
  });
  // While draining, every answer closes its connection, so that no keep-alive connection holds the close up.
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) void reply.header("connection", "close");
    done(null, payload);
  });
  // Pages hold personal data and a form token: after sign-out, the back button must ask the
  // server again (and be sent to sign-in) rather than show the copy the browser kept.
  app.addHook("onSend", (_request, reply, payload, done) => {
    const type = reply.getHeader("content-type");
    if (typeof type === "string" && type.startsWith("text/html") && !reply.hasHeader("cache-control")) {
      void reply.header("cache-control", "no-store");
    }
    done(null, payload);
  });
  app.setErrorHandler(errorHandler(services.logger));
  // A browser asking for a page gets a page; the API and scripts keep the JSON error.
  app.setNotFoundHandler((request, reply) =>
    !request.url.startsWith("/api/") && request.headers.accept?.includes("text/html")
      ? reply.status(404).type("text/html; charset=utf-8").send(notFoundPage())
      : reply.status(404).send({ error: "Not found" }),
  );

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // The API docs page (swagger-ui) styles and scripts come from our own origin.
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
      },
    },
    // Only behind https is the browser told to keep to it.
    hsts: secure,
  });
  await app.register(rateLimit, {
    global: false,
    redis: services.redis,
    nameSpace: `${config.QUEUE_PREFIX}:ratelimit:`,
    skipOnError: false,
  });
  await app.register(cookie);
  await app.register(session, {
    secret: config.SESSION_SECRET,
    cookieName: "scholartrack.sid",
    store: new RedisSessionStore(services.redis, config.QUEUE_PREFIX, idleSeconds),
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: idleSeconds * 1000 },
  });
  await app.register(csrf, { sessionPlugin: "@fastify/session" });

  await app.register(swagger, {
    openapi: {
      info: {
        title: "ScholarTrack API",
        version: "1",
        description: "Every route answers within the caller's scope; anything outside it is 404.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          session: { type: "apiKey", in: "cookie", name: "scholartrack.sid" },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: "/api/docs",
    staticCSP: true,
    // Without the top bar (an unlabelled address box and a logo without text) and without
    // links nested in the operations' buttons, which keyboards and screen readers trip on.
    uiConfig: { layout: "BaseLayout", deepLinking: false },
    theme: { title: "ScholarTrack API", css: [{ filename: "contrast.css", content: API_DOCS_CSS }] },
  });
  app.get("/api/openapi.json", { schema: { hide: true } }, () => app.swagger());

  app.get("/healthz", { schema: { hide: true } }, () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    const failures = await checkReadiness(services);
    return failures.length === 0
      ? { status: "ready" }
      : reply.status(503).send({ status: "unavailable", error: failures.join("; ") });
  });

  const metrics = registerMetrics(app, services);
  app.decorate("metricsRegistry", metrics);
  await registerQueueDashboard(app, services);
  const signInLimits = options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS;
  const oidc = oidcSettings(config);
  registerPages(app, services, signInLimits, { oidc: oidc !== null });
  registerAppPages(app, services, options.pdfBrowsers ? { pdfBrowsers: options.pdfBrowsers } : {});
  // The identity provider's client library is loaded only where sign-in through it is configured.
  if (oidc) (await import("./oidc-routes.ts")).registerOidcRoutes(app, services, oidc, signInLimits);
  registerApi(app, services);
  return app;
}
