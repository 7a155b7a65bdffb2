import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../../src/config/env.ts";
import { createLogger } from "../../src/logging.ts";
import { connectRedis } from "../../src/queue/connection.ts";
import { createServices, type Services } from "../../src/services/context.ts";
import { buildWebApp, type WebOptions } from "../../src/web/app.ts";
import { afterAll, beforeAll } from "vitest";
import { PASSWORD, seedAccessWorld, type AccessWorld, type RoleUser } from "./access-world.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export interface TestWeb {
  app: FastifyInstance;
  services: Services;
  close(): Promise<void>;
}

/** The web app over a test database, with a queue and rate-limit prefix of its own in Redis. */
export async function createTestWeb(
  testDb: TestDatabase,
  options: WebOptions = {},
  env: Record<string, string> = {},
): Promise<TestWeb> {
  const prefix = `test-${randomUUID()}`;
  const config = loadConfig({
    DATABASE_URL: testDb.url,
    QUEUE_PREFIX: prefix,
    SESSION_SECRET: "a test secret of at least thirty-two characters",
    LOG_LEVEL: "silent",
    ...env,
  });
  const redis = await connectRedis(config.REDIS_URL);
  const services = createServices(config, testDb.db, redis, createLogger("silent"));
  const app = await buildWebApp(services, options);
  await app.ready();
  return {
    app,
    services,
    async close() {
      await app.close();
      await services.queues.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** The cookie header a response's Set-Cookie asks the browser to send back. */
export function cookieFrom(setCookie: string | string[] | undefined): string {
  const cookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return cookies.map((cookie) => cookie.split(";")[0]).join("; ");
}

/** The CSRF token a rendered form carries. */
export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("no CSRF token in the page");
  return match[1]!;
}

/** What a describe block of web tests shares: a database with the access world, and the app over it. */
export interface WebWorld {
  testDb: TestDatabase;
  world: AccessWorld;
  web: TestWeb;
}

/** Sets up a test database seeded with the access world and the web app over it, for the enclosing describe block. */
export function webOverAccessWorld(options: WebOptions = {}): WebWorld {
  const shared = {} as WebWorld;
  beforeAll(async () => {
    shared.testDb = await createTestDatabase();
    shared.world = await seedAccessWorld(shared.testDb.db);
    shared.web = await createTestWeb(shared.testDb, options);
  });
  afterAll(async () => {
    await shared.web?.close();
    await shared.testDb?.drop();
  });
  return shared;
}

/** Signs in with a password through the sign-in form; the session cookie to send afterwards. */
export async function signInCookie(
  app: FastifyInstance,
  email: string,
  password: string,
  address = "127.0.0.1",
): Promise<string> {
  const form = await app.inject({ url: "/sign-in", remoteAddress: address });
  const response = await app.inject({
    method: "POST",
    url: "/sign-in",
    remoteAddress: address,
    headers: {
      cookie: cookieFrom(form.headers["set-cookie"]),
      "content-type": "application/x-www-form-urlencoded",
    },
    payload: new URLSearchParams({ _csrf: csrfTokenIn(form.body), email, password }).toString(),
  });
  if (response.statusCode !== 303) throw new Error(`sign-in as ${email} answered ${response.statusCode}`);
  return cookieFrom(response.headers["set-cookie"]);
}

/**
 * The access world's users signed in once each (password sign-in), and what tests do as them:
 * open a page, post a form with the CSRF token a page gave them (or without it).
 */
export function roleSessions(shared: WebWorld) {
  const cookies = new Map<RoleUser, string>();
  async function cookieOf(role: RoleUser): Promise<string> {
    if (!cookies.has(role)) {
      cookies.set(role, await signInCookie(shared.web.app, shared.world.emails[role], PASSWORD));
    }
    return cookies.get(role)!;
  }
  async function open(role: RoleUser, url: string) {
    return shared.web.app.inject({ url, headers: { cookie: await cookieOf(role), accept: "text/html" } });
  }
  async function postForm(role: RoleUser, url: string, fields: Record<string, string>, withCsrf = true) {
    const cookie = await cookieOf(role);
    const page = await shared.web.app.inject({ url: "/", headers: { cookie } });
    const form = new URLSearchParams(fields);
    if (withCsrf) form.append("_csrf", csrfTokenIn(page.body));
    return shared.web.app.inject({
      method: "POST",
      url,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      payload: form.toString(),
    });
  }
  /** The next request as this role signs in again: a new session. */
  const newSession = (role: RoleUser) => cookies.delete(role);
  return { cookieOf, open, postForm, newSession };
}
