import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { WebOptions } from "../../src/web/app.ts";
import { PASSWORD, seedAccessWorld, type AccessWorld, type RoleUser } from "./access-world.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { freePort } from "./redis-server.ts";
import { createTestWeb, type TestWeb } from "./web.ts";

/** Debian's chromium; CHROMIUM_PATH points elsewhere when it lives somewhere else. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Chromium, headless. The browser tests fail, never skip, without it: a suite that silently left
 * the browser out would pass with nothing checked.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need it. ` +
        "Install it with `apt-get update && apt-get install -y chromium` (.ci/run does this), " +
        "or set CHROMIUM_PATH to another chromium.",
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH });
}

/** What a describe block of browser tests shares: the access world, the app listening, and chromium. */
export interface BrowserWorld {
  testDb: TestDatabase;
  world: AccessWorld;
  web: TestWeb;
  browser: Browser;
  /** Where the app listens, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
}

export interface BrowserWorldOptions extends WebOptions {
  /** Environment for the app beyond the test defaults; may depend on its address (e.g. PUBLIC_URL). */
  env?: (baseUrl: string) => Promise<Record<string, string>> | Record<string, string>;
}

/** A test database with the access world, the web app listening on a free port over it, and one chromium, for the enclosing describe block. */
export function browserOverAccessWorld(options: BrowserWorldOptions = {}): BrowserWorld {
  const shared = {} as BrowserWorld;
  beforeAll(async () => {
    const [browser, testDb, port] = await Promise.all([launchChromium(), createTestDatabase(), freePort()]);
    shared.browser = browser;
    shared.testDb = testDb;
    shared.baseUrl = `http://127.0.0.1:${port}`;
    shared.world = await seedAccessWorld(testDb.db);
    const { env, ...webOptions } = options;
    // Every test signs in afresh, all from 127.0.0.1: more than the default limit allows.
    webOptions.signInLimits ??= { max: 1000, windowMs: 60_000 };
    shared.web = await createTestWeb(testDb, webOptions, {
      PUBLIC_URL: shared.baseUrl,
      ...(env ? await env(shared.baseUrl) : {}),
    });
    await shared.web.app.listen({ host: "127.0.0.1", port });
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.web?.close();
    await shared.testDb?.drop();
  });
  return shared;
}

/** A fresh browser context (its own cookies) whose relative addresses go to the app. */
export async function newVisitor(shared: BrowserWorld): Promise<{ context: BrowserContext; page: Page }> {
  const context = await shared.browser.newContext({ baseURL: shared.baseUrl });
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the sign-in form, as a person types it, and waits for the home page. */
export async function signInWithPassword(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

/** A browser context already signed in as the access world's user of that role. */
export async function signedInAs(
  shared: BrowserWorld,
  role: RoleUser,
): Promise<{ context: BrowserContext; page: Page }> {
  const visitor = await newVisitor(shared);
  await signInWithPassword(visitor.page, shared.world.emails[role]);
  return visitor;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core over the page as it stands, and fails on any serious or critical violation,
 * naming the rule and the elements.
 */
export async function expectAccessible(page: Page): Promise<void> {
  // Injected through the DevTools protocol, so the page's content security policy does not block it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((node) => ({ target: node.target })),
    }));
  });
  const grave = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} at ${violation.nodes
          .map((node) => JSON.stringify(node.target))
          .join(", ")}`,
    );
  expect(grave, `axe-core on ${page.url()}`).toEqual([]);
}
