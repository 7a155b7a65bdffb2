import { afterAll, describe, expect, it } from "vitest";
import { startIdentityProvider, type TestIdentityProvider } from "../helpers/identity-provider.ts";
import {
  browserOverAccessWorld,
  expectAccessible,
  newVisitor,
  signedInAs,
  signInWithPassword,
} from "../helpers/browser.ts";

describe("signing in and out in a browser", () => {
  let provider: TestIdentityProvider | undefined;
  const shared = browserOverAccessWorld({
    env: async (baseUrl) => {
      provider = await startIdentityProvider(`${baseUrl}/auth/oidc/callback`, {
        "mentor-login": { email: "mentor.user@example.edu", email_verified: true },
      });
      return {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
      };
    },
  });
  afterAll(async () => {
    await provider?.close();
  });

  it("signs in with a password and greets the user by name", async () => {
    const { context, page } = await newVisitor(shared);
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await expectAccessible(page);

    await signInWithPassword(page, shared.world.emails.faculty);
    // The header names who is signed in, beside the sign-out button.
    await expect.poll(() => page.getByText("The faculty (faculty)").count()).toBe(1);
    await expectAccessible(page);
    await context.close();
  });

  it("shows a wrong password as an error beside the form, keeping the address typed", async () => {
    const { context, page } = await newVisitor(shared);
    await page.goto("/sign-in");
    await page.getByLabel("E-mail address").fill(shared.world.emails.faculty);
    await page.getByLabel("Password").fill("not the password at all");
    const answer = page.waitForResponse((response) => response.url().endsWith("/sign-in"));
    await page.getByRole("button", { name: "Sign in" }).click();
    expect((await answer).status()).toBe(401);
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("do not match");
    expect(await page.getByLabel("E-mail address").inputValue()).toBe(shared.world.emails.faculty);
    await expectAccessible(page);
    await context.close();
  });

  it("signs in through the university's identity provider", async () => {
    const { context, page } = await newVisitor(shared);
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Sign in with your university account" }).click();
    // The provider's own development sign-in form, then its consent form.
    await page.waitForURL((url) => url.origin === provider!.issuer);
    await page.locator('input[name="login"]').fill("mentor-login");
    await page.locator('input[name="password"]').fill("any password");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.origin === shared.baseUrl && url.pathname === "/");
    // The header names who is signed in, beside the sign-out button.
    await expect.poll(() => page.getByText("The mentor (mentor)").count()).toBe(1);
    const me = await page.request.get("/api/v1/me");
    expect(await me.json()).toMatchObject({ email: shared.world.emails.mentor, role: "mentor" });
    await context.close();
  });

  it("refuses a sign-in form posted without its CSRF token", async () => {
    const { context, page } = await newVisitor(shared);
    await page.goto("/sign-in");
    await page.locator('input[name="_csrf"]').evaluate((input: { remove(): void }) => input.remove());
    await page.getByLabel("E-mail address").fill(shared.world.emails.faculty);
    await page.getByLabel("Password").fill("a long enough password");
    const answer = page.waitForResponse((response) => response.url().endsWith("/sign-in"));
    await page.getByRole("button", { name: "Sign in" }).click();
    expect((await answer).status()).toBe(403);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
    await context.close();
  });

  it("refuses a sign-out form posted without its CSRF token, leaving the session as it was", async () => {
    const { context, page } = await signedInAs(shared, "committee");
    await page
      .locator('form[action="/sign-out"] input[name="_csrf"]')
      .evaluate((input: { remove(): void }) => input.remove());
    const answer = page.waitForResponse((response) => response.url().endsWith("/sign-out"));
    await page.getByRole("button", { name: "Sign out" }).click();
    expect((await answer).status()).toBe(403);
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);
    await context.close();
  });

  it("ends the session at sign-out: neither the back button nor a reload shows a signed-in page", async () => {
    const { context, page } = await signedInAs(shared, "admin");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");

    // Back to the home page as it was before sign-out: the browser must ask again, not show a copy.
    await page.goBack();
    expect(await page.getByText("The admin (admin)").count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.reload();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in");
    expect(await page.getByText("The admin (admin)").count()).toBe(0);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
    await context.close();
  });

  it("shows a page for an address that does not exist, and the API's documentation", async () => {
    const { context, page } = await signedInAs(shared, "faculty");
    const missing = await page.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    await expectAccessible(page);

    await page.goto("/api/docs");
    await page.getByText("ScholarTrack API").first().waitFor();
    await expectAccessible(page);
    await context.close();
  });
});
