import { SYSTEM_ACTOR } from "../../src/access/actor.ts";
import { loadConfig } from "../../src/config/env.ts";
import { addUser, disableUser } from "../../src/services/accounts.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedAccessWorld, type AccessWorld } from "../helpers/access-world.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { startIdentityProvider, type TestIdentityProvider } from "../helpers/identity-provider.ts";
import { createTestWeb, type TestWeb } from "../helpers/web.ts";

/** Where the web app believes it is served: the provider sends browsers back here. */
const PUBLIC_URL = "http://scholartrack.test";
const DISABLED_EMAIL = "gone@example.edu";

/** Cookies by name, as a browser keeps them for one site (paths are not told apart). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(setCookie: string | string[] | undefined): void {
    const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
    for (const line of lines) {
      const [pair = "", ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = "", setting = ""] = attribute.trim().split("=");
        return (
          (key.toLowerCase() === "max-age" && Number(setting) <= 0) ||
          (key.toLowerCase() === "expires" && Date.parse(setting) < Date.now())
        );
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

interface FlowOutcome {
  status: number;
  body: string;
  location: string | undefined;
  app: CookieJar;
  /** The session cookie before the browser came back to the callback. */
  sessionBefore: string | undefined;
  callbackUrl: string;
}

describe("sign-in through the university's identity provider (OpenID Connect)", () => {
  let testDb: TestDatabase;
  let web: TestWeb;
  let provider: TestIdentityProvider;
  let world: AccessWorld;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    world = await seedAccessWorld(testDb.db);
    await addUser(testDb.db, SYSTEM_ACTOR, { email: DISABLED_EMAIL, name: "Gone Away", role: "admin" });
    await disableUser(testDb.db, SYSTEM_ACTOR, DISABLED_EMAIL);
    provider = await startIdentityProvider(`${PUBLIC_URL}/auth/oidc/callback`, {
      known: { email: world.emails.faculty.toUpperCase(), email_verified: true },
      silent: { email: world.emails.mentor },
      stranger: { email: "stranger@example.edu", email_verified: true },
      unverified: { email: world.emails.faculty, email_verified: false },
      disabled: { email: DISABLED_EMAIL, email_verified: true },
      nameless: {},
    });
    web = await createTestWeb(
      testDb,
      {},
      {
        PUBLIC_URL,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
      },
    );
  });
  afterAll(async () => {
    await web?.close();
    await provider?.close();
    await testDb.drop();
  });

  /**
   * A browser's way through: our /auth/oidc, the provider's redirects and its sign-in and consent
   * forms (plain HTTP with cookies), then back to our callback, whose answer is returned.
   */
  async function signInAs(login: string, alterCallback: (url: URL) => void = () => {}): Promise<FlowOutcome> {
    const app = new CookieJar();
    const idp = new CookieJar();
    const start = await web.app.inject({ url: "/auth/oidc" });
    expect(start.statusCode).toBe(303);
    app.take(start.headers["set-cookie"]);

    let url = new URL(String(start.headers.location));
    let form: URLSearchParams | undefined;
    for (let step = 0; url.origin !== PUBLIC_URL; step++) {
      expect(step, "the provider's redirects end at our callback").toBeLessThan(20);
      const response = await fetch(url, {
        method: form ? "POST" : "GET",
        redirect: "manual",
        headers: {
          cookie: idp.header(),
          ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        body: form?.toString(),
      });
      idp.take(response.headers.getSetCookie());
      form = undefined;
      const location = response.headers.get("location");
      if (location) {
        url = new URL(location, url);
        continue;
      }
      const page = await response.text();
      expect(response.status, page).toBe(200);
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      expect(action, "a sign-in or consent form").toBeDefined();
      form = new URLSearchParams();
      for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
        form.set(name!, value!);
      }
      if (page.includes('name="login"')) {
        form.set("login", login);
        form.set("password", "any password");
      }
      url = new URL(action!, url);
    }

    alterCallback(url);
    const sessionBefore = app.get("scholartrack.sid");
    const callback = await web.app.inject({
      url: `${url.pathname}${url.search}`,
      headers: { cookie: app.header() },
    });
    app.take(callback.headers["set-cookie"]);
    return {
      status: callback.statusCode,
      body: callback.body,
      location: callback.headers.location,
      app,
      sessionBefore,
      callbackUrl: `${url.pathname}${url.search}`,
    };
  }

  async function me(jar: CookieJar) {
    return web.app.inject({ url: "/api/v1/me", headers: { cookie: jar.header() } });
  }

  async function lastAuditEvent() {
    return testDb.db.auditEvent.findFirst({ orderBy: { id: "desc" } });
  }

  it("offers the university sign-in on the sign-in page when configured, and not otherwise", async () => {
    const page = await web.app.inject({ url: "/sign-in" });
    expect(page.body).toContain(
      '<a class="button" href="/auth/oidc">Sign in with your university account</a>',
    );

    const plain = await createTestWeb(testDb);
    try {
      expect((await plain.app.inject({ url: "/sign-in" })).body).not.toContain("university account");
      expect((await plain.app.inject({ url: "/auth/oidc" })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it("sends the browser to the provider with PKCE, state and nonce kept server-side", async () => {
    const start = await web.app.inject({ url: "/auth/oidc" });
    const target = new URL(String(start.headers.location));
    expect(target.origin).toBe(provider.issuer);
    expect(target.searchParams.get("client_id")).toBe(provider.clientId);
    expect(target.searchParams.get("redirect_uri")).toBe(`${PUBLIC_URL}/auth/oidc/callback`);
    expect(target.searchParams.get("code_challenge_method")).toBe("S256");
    expect(target.searchParams.get("state")).toMatch(/.{20,}/);
    expect(target.searchParams.get("nonce")).toMatch(/.{20,}/);
    // The cookie names the session only; the checks themselves are in Redis.
    const cookie = String(start.headers["set-cookie"]);
    expect(cookie).not.toContain(target.searchParams.get("state")!);
  });

  it("signs a known user in by their verified e-mail, with a new session id, and audits it", async () => {
    const outcome = await signInAs("known");
    expect(outcome.status, outcome.body).toBe(303);
    expect(outcome.location).toBe("/");
    const sessionAfter = outcome.app.get("scholartrack.sid");
    expect(sessionAfter).toBeDefined();
    expect(sessionAfter).not.toBe(outcome.sessionBefore);

    const answer = await me(outcome.app);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      id: world.actors.faculty.userId,
      email: world.emails.faculty,
      role: "faculty",
    });

    const event = await lastAuditEvent();
    expect(event).toMatchObject({ kind: "sign-in", actorUserId: world.actors.faculty.userId });
    expect(event!.details).toMatchObject({ method: "oidc" });

    // The provider's answer works once: coming back with it again is refused.
    const replay = await web.app.inject({
      url: outcome.callbackUrl,
      headers: { cookie: outcome.app.header() },
    });
    expect(replay.statusCode).toBe(400);
  });

  it("takes the e-mail from a provider that does not say whether it is verified", async () => {
    const outcome = await signInAs("silent");
    expect(outcome.status, outcome.body).toBe(303);
    expect((await me(outcome.app)).json()).toMatchObject({ id: world.actors.mentor.userId });
  });

  it.each([
    ["stranger", "unknown-user", "There is no ScholarTrack account", null],
    ["unverified", "email-unverified", "is not verified", null],
    ["nameless", "no-email", "did not give ScholarTrack an e-mail address", null],
    ["disabled", "user-disabled", "Your ScholarTrack account is disabled", DISABLED_EMAIL],
  ])("refuses %s with a page that says why, and audits the reason", async (login, reason, message, email) => {
    const before = await lastAuditEvent();
    const outcome = await signInAs(login);
    expect(outcome.status).toBe(403);
    expect(outcome.body).toContain("Sign-in refused");
    expect(outcome.body).toContain(message);
    expect((await me(outcome.app)).statusCode).toBe(401);

    const event = await lastAuditEvent();
    expect(event!.id).toBeGreaterThan(before!.id);
    expect(event!.kind).toBe("sign-in-failed");
    expect(event!.details).toEqual({ method: "oidc", reason, address: "127.0.0.1" });
    if (email) {
      const user = await testDb.db.user.findUnique({ where: { email } });
      expect(event!.actorUserId).toBe(user!.id);
    } else {
      expect(event!.actorUserId).toBeNull();
    }
  });

  it("refuses an answer whose state was tampered with, without signing anyone in", async () => {
    let code = "";
    const outcome = await signInAs("known", (url) => {
      code = url.searchParams.get("code")!;
      url.searchParams.set("state", `${url.searchParams.get("state")}tampered`);
    });
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain("could not be completed");
    expect((await me(outcome.app)).statusCode).toBe(401);

    const event = await lastAuditEvent();
    expect(event).toMatchObject({ kind: "sign-in-failed", actorUserId: null });
    expect(event!.details).toEqual({
      method: "oidc",
      reason: "provider-response-rejected",
      address: "127.0.0.1",
    });
    // The audit log never holds what the provider sent.
    expect(code).not.toBe("");
    expect(JSON.stringify(event)).not.toContain(code);
  });

  it("refuses a callback that no sign-in started", async () => {
    const answer = await web.app.inject({ url: "/auth/oidc/callback?code=abc&state=xyz" });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain("Sign-in refused");
  });
});

describe("the identity provider's configuration", () => {
  const oidc = {
    OIDC_ISSUER: "https://login.example.edu",
    OIDC_CLIENT_ID: "scholartrack",
    OIDC_CLIENT_SECRET: "a secret never echoed",
    PUBLIC_URL: "https://scholartrack.example.edu",
  };

  it("is accepted whole, and refused in part, naming what is missing without echoing the secret", () => {
    expect(loadConfig(oidc).OIDC_ISSUER).toBe(oidc.OIDC_ISSUER);
    expect(() => loadConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID: required/);
    expect(() => loadConfig({ ...oidc, PUBLIC_URL: "" })).toThrow(/PUBLIC_URL: required with OIDC_ISSUER/);
    expect(() => loadConfig({ ...oidc, OIDC_ISSUER: "http://login.example.edu" })).toThrow(/OIDC_ISSUER/);
    const withoutIssuer = () => loadConfig({ ...oidc, OIDC_ISSUER: "" });
    expect(withoutIssuer).toThrow(/OIDC_ISSUER: required with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    expect(withoutIssuer).not.toThrow(new RegExp(oidc.OIDC_CLIENT_SECRET));
  });
});
