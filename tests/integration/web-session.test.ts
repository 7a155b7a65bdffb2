import { SYSTEM_ACTOR } from "../../src/access/actor.ts";
import { addUser, createToken, disableUser, revokeToken } from "../../src/services/accounts.ts";
import { describe, expect, it } from "vitest";
import { PASSWORD } from "../helpers/access-world.ts";
import { cookieFrom, createTestWeb, csrfTokenIn, webOverAccessWorld } from "../helpers/web.ts";
import { RedisSessionStore } from "../../src/web/session-store.ts";
import type { Session } from "fastify";

describe("the web app: health, sign-in, sessions, CSRF and rate limits", () => {
  const shared = webOverAccessWorld({ signInLimits: { max: 3, windowMs: 60_000 } });

  /** Opens the sign-in page: its session cookie and CSRF token. */
  async function openSignIn(): Promise<{ cookie: string; csrf: string }> {
    const page = await shared.web.app.inject({ method: "GET", url: "/sign-in" });
    expect(page.statusCode).toBe(200);
    return { cookie: cookieFrom(page.headers["set-cookie"]), csrf: csrfTokenIn(page.body) };
  }

  function signIn(
    form: { cookie: string; csrf?: string },
    email: string,
    password: string,
    address = "127.0.0.1",
  ) {
    return shared.web.app.inject({
      method: "POST",
      url: "/sign-in",
      remoteAddress: address,
      headers: { cookie: form.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        ...(form.csrf ? { _csrf: form.csrf } : {}),
        email,
        password,
      }).toString(),
    });
  }

  it("rewrites an unchanged session at most once a minute, a changed or forgotten one at once", async () => {
    const redis = shared.web.services.redis;
    const prefix = `${shared.web.services.config.QUEUE_PREFIX}:store-test`;
    const store = new RedisSessionStore(redis, prefix, 1800);
    const key = `${prefix}:session:s1`;
    const session = (data: object, modified: boolean) =>
      ({ ...data, isModified: () => modified }) as unknown as Session;
    const set = (id: string, value: Session) =>
      new Promise<void>((resolve, reject) =>
        store.set(id, value, (error) => (error ? reject(error) : resolve())),
      );

    await set("s1", session({ userId: 1 }, true));
    expect(await redis.ttl(key)).toBeGreaterThan(1790);
    // Shortened by hand: a rewrite would start the idle timer again.
    await redis.expire(key, 100);
    await set("s1", session({ userId: 1 }, false));
    expect(await redis.ttl(key)).toBeLessThanOrEqual(100);
    await set("s1", session({ userId: 2 }, true));
    expect(await redis.ttl(key)).toBeGreaterThan(1790);
    expect(JSON.parse((await redis.get(key))!)).toMatchObject({ userId: 2 });

    await new Promise<void>((resolve) => store.destroy("s1", () => resolve()));
    expect(await redis.exists(key)).toBe(0);
    await set("s1", session({ userId: 2 }, false));
    expect(await redis.exists(key)).toBe(1);
  });

  it("answers /healthz, and /readyz when Postgres and Redis answer", async () => {
    expect((await shared.web.app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    const ready = await shared.web.app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready" });
  });

  it("answers an unknown address with a page for browsers and JSON for the API", async () => {
    const page = await shared.web.app.inject({ url: "/no-such-page", headers: { accept: "text/html" } });
    expect(page.statusCode).toBe(404);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).toContain("Page not found");
    const api = await shared.web.app.inject({
      url: "/api/v1/no-such-route",
      headers: { accept: "text/html" },
    });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: "Not found" });
  });

  it("renders a labelled sign-in form with a CSRF token and security headers", async () => {
    const page = await shared.web.app.inject({ url: "/sign-in" });
    expect(page.body).toContain('<label for="email">');
    expect(page.body).toContain('<label for="password">');
    expect(page.body).toMatch(/name="_csrf" value="[^"]+"/);
    expect(page.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("signs in with a password into an HttpOnly, SameSite=Lax session, and signs out", async () => {
    const form = await openSignIn();
    const response = await signIn(form, shared.world.emails.faculty, PASSWORD, "10.0.0.1");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/");
    const setCookie = String(response.headers["set-cookie"]);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).not.toContain("Secure");
    const cookie = cookieFrom(response.headers["set-cookie"]);

    const me = await shared.web.app.inject({ url: "/api/v1/me", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    // Held in Redis, ending after the idle timeout (30 minutes by default) unless used again.
    const sessionKeys = await shared.web.services.redis.keys(
      `${shared.web.services.config.QUEUE_PREFIX}:session:*`,
    );
    const ttls = await Promise.all(sessionKeys.map((key) => shared.web.services.redis.ttl(key)));
    expect(ttls.length).toBeGreaterThan(0);
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(29 * 60);
    for (const ttl of ttls) expect(ttl).toBeLessThanOrEqual(30 * 60);
    expect(String(setCookie)).toMatch(/Max-Age=1800|Expires=/);
    expect(me.json()).toMatchObject({ email: shared.world.emails.faculty, role: "faculty" });

    const home = await shared.web.app.inject({ url: "/", headers: { cookie } });
    const signOut = await shared.web.app.inject({
      method: "POST",
      url: "/sign-out",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: `_csrf=${encodeURIComponent(csrfTokenIn(home.body))}`,
    });
    expect(signOut.statusCode).toBe(303);
    const after = await shared.web.app.inject({ url: "/api/v1/me", headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json<{ error: string }>().error).toContain("Sign in");
  });

  it("refuses a form posted without its CSRF token", async () => {
    const form = await openSignIn();
    const response = await signIn({ cookie: form.cookie }, shared.world.emails.admin, PASSWORD, "10.0.0.2");
    expect(response.statusCode).toBe(403);
    expect(response.json<{ error: string }>().error).toMatch(/csrf/i);
    const me = await shared.web.app.inject({ url: "/api/v1/me", headers: { cookie: form.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it("answers a wrong password with one message and audits the failure without the password", async () => {
    const form = await openSignIn();
    const response = await signIn(form, shared.world.emails.admin, "not the password at all", "10.0.0.3");
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain("That e-mail address and password do not match.");
    const failures = await shared.testDb.db.auditEvent.findMany({ where: { kind: "sign-in-failed" } });
    expect(failures.length).toBeGreaterThan(0);
    expect(JSON.stringify(failures)).not.toContain("not the password at all");
  });

  it("limits sign-in attempts per address", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const form = await openSignIn();
      statuses.push(
        (await signIn(form, `nobody${attempt}@example.edu`, "wrong password!", "10.0.1.1")).statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Another address is not held back by this one's attempts.
    const form = await openSignIn();
    expect((await signIn(form, shared.world.emails.mentor, PASSWORD, "10.0.1.2")).statusCode).toBe(303);
  });

  it("limits sign-in attempts per account, whatever the address", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const form = await openSignIn();
      statuses.push(
        (await signIn(form, shared.world.emails.committee, "wrong password!", `10.0.2.${attempt}`))
          .statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Even the right password waits: the account is the one being guessed at.
    const form = await openSignIn();
    expect((await signIn(form, shared.world.emails.committee, PASSWORD, "10.0.2.9")).statusCode).toBe(429);
  });

  it("marks the session cookie Secure when PUBLIC_URL is https", async () => {
    const secureWeb = await createTestWeb(
      shared.testDb,
      {},
      {
        PUBLIC_URL: "https://scholartrack.example.edu",
        TRUST_PROXY: "true",
      },
    );
    try {
      // As the https-terminating proxy in front forwards it.
      const page = await secureWeb.app.inject({ url: "/sign-in", headers: { "x-forwarded-proto": "https" } });
      expect(String(page.headers["set-cookie"])).toContain("; Secure");
      expect(page.headers["strict-transport-security"]).toBeDefined();
    } finally {
      await secureWeb.close();
    }
  });

  it("stops answering a token once it is revoked", async () => {
    const token = await createToken(shared.testDb.db, SYSTEM_ACTOR, {
      email: shared.world.emails.mentor,
      label: "script",
    });
    const headers = { authorization: `Bearer ${token.token}` };
    expect((await shared.web.app.inject({ url: "/api/v1/me", headers })).statusCode).toBe(200);
    await revokeToken(shared.testDb.db, SYSTEM_ACTOR, token.id);
    expect((await shared.web.app.inject({ url: "/api/v1/me", headers })).statusCode).toBe(401);
    const row = await shared.testDb.db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("ends a disabled user's session at their next request", async () => {
    const email = "soon.disabled@example.edu";
    await addUser(shared.testDb.db, SYSTEM_ACTOR, {
      email,
      name: "Soon Disabled",
      role: "admin",
      password: PASSWORD,
    });
    const form = await openSignIn();
    const response = await signIn(form, email, PASSWORD, "10.0.3.1");
    const cookie = cookieFrom(response.headers["set-cookie"]);
    expect((await shared.web.app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(200);
    await disableUser(shared.testDb.db, SYSTEM_ACTOR, email);
    expect((await shared.web.app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(401);
  });
});
