import { Command } from "commander";
import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { CliContext } from "../../src/cli/context.ts";
import { registerDemoCommand } from "../../src/cli/demo.ts";
import { loadConfig } from "../../src/config/env.ts";
import { connectRedis } from "../../src/queue/connection.ts";
import { demoDatabaseUrl } from "../../sandbox/cli/demo.ts";

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432";

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface PrintedAccount {
  role: string;
  email: string;
  password: string;
}

/** The cookie header a response's Set-Cookie asks the browser to send back. */
function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** Signs in through the sign-in form, as a browser does: the session cookie. */
async function signIn(base: string, account: PrintedAccount): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error("no CSRF token on the sign-in page");
  const response = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookieOf(page), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, email: account.email, password: account.password }).toString(),
  });
  expect(response.status).toBe(303);
  return cookieOf(response);
}

describe("npm run demo -- --serve", () => {
  const name = `scholartrack_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const prefix = `test-${randomUUID()}`;
  const config = loadConfig({
    DATABASE_URL: `${SERVER_URL}/${name}`,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: "silent",
  });

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
    await admin.connect();
    try {
      const demoName = new URL(demoDatabaseUrl(config.DATABASE_URL)).pathname.slice(1);
      for (const database of [name, demoName])
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    const redis = await connectRedis(config.REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it("serves the web app over the demo database with a working sign-in for each role, until SIGINT", async () => {
    const out = capture();
    const ctx = new CliContext(out.stream, new PassThrough(), config);
    const program = new Command("scholartrack").exitOverride();
    registerDemoCommand(program, ctx);
    const running = program.parseAsync(["demo", "--faculty", "6", "--seed", "3", "--serve", "--port", "0"], {
      from: "user",
    });
    let finished = false;
    void running.finally(() => (finished = true)).catch(() => undefined);
    await waitFor(() => finished || out.text().includes("Press Ctrl+C to stop."), 120_000);
    expect(finished).toBe(false);

    const text = out.text();
    const base = /Web app over the demo database: (http:\/\/\S+?)\/ /.exec(text)?.[1];
    if (!base) throw new Error(`no address printed:\n${text}`);
    const accounts: PrintedAccount[] = [...text.matchAll(/^ {2}(\w+): (\S+@\S+) \/ (\S+) {2}\(/gm)].map(
      ([, role, email, password]) => ({ role: role!, email: email!, password: password! }),
    );
    expect(accounts.map((account) => account.role)).toEqual(["admin", "mentor", "committee", "faculty"]);

    const sessions = new Map<string, string>();
    for (const account of accounts) {
      const cookie = await signIn(base, account);
      sessions.set(account.role, cookie);
      const me = await fetch(`${base}/api/v1/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ role: account.role, email: account.email });
    }
    const get = (role: string, path: string) =>
      fetch(`${base}/api/v1${path}`, { headers: { cookie: sessions.get(role)! } });
    const idsSeenBy = async (role: string) =>
      ((await (await get(role, "/faculty")).json()) as Array<{ id: string }>).map((person) => person.id);

    const everyone = await idsSeenBy("admin");
    expect(everyone).toHaveLength(6);
    const mentor = (await (await get("mentor", "/me")).json()) as { facultyId: string };
    const faculty = (await (await get("faculty", "/me")).json()) as { facultyId: string };
    // The faculty account is a mentee of the mentor account: the mentor sees them, and not everyone.
    const mentees = await idsSeenBy("mentor");
    expect(mentees).toContain(faculty.facultyId);
    expect(mentees.length).toBeLessThan(everyone.length);
    expect((await get("mentor", `/faculty/${faculty.facultyId}`)).status).toBe(200);
    const outsider = everyone.find((id) => !mentees.includes(id) && id !== mentor.facultyId)!;
    expect((await get("mentor", `/faculty/${outsider}`)).status).toBe(404);
    const candidates = await idsSeenBy("committee");
    expect(candidates).toHaveLength(3);
    expect(await idsSeenBy("faculty")).toEqual([faculty.facultyId]);

    process.emit("SIGINT");
    await running;
    await ctx.close();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 180_000);
});
