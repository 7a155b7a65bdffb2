import { describe, expect, it } from "vitest";
import { PASSWORD, type RoleUser } from "../helpers/access-world.ts";
import { cookieFrom, csrfTokenIn, webOverAccessWorld } from "../helpers/web.ts";

describe("the queue dashboard at /admin/queues", () => {
  const shared = webOverAccessWorld();

  async function sessionOf(role: RoleUser): Promise<string> {
    const page = await shared.web.app.inject({ url: "/sign-in" });
    const signIn = await shared.web.app.inject({
      method: "POST",
      url: "/sign-in",
      headers: {
        cookie: cookieFrom(page.headers["set-cookie"]),
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: new URLSearchParams({
        _csrf: csrfTokenIn(page.body),
        email: shared.world.emails[role],
        password: PASSWORD,
      }).toString(),
    });
    expect(signIn.statusCode).toBe(303);
    return cookieFrom(signIn.headers["set-cookie"]);
  }

  it("opens for an admin's session, with the queues in its API", async () => {
    const cookie = await sessionOf("admin");
    const page = await shared.web.app.inject({ url: "/admin/queues", headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    const api = await shared.web.app.inject({ url: "/admin/queues/api/queues", headers: { cookie } });
    expect(api.statusCode).toBe(200);
    const names = api.json<{ queues: Array<{ name: string }> }>().queues.map((queue) => queue.name);
    expect(names).toContain(shared.web.services.queues.reconcile.name);
  });

  it("is 404 for other roles' sessions, an admin's token and anonymous callers", async () => {
    for (const role of ["mentor", "committee", "faculty"] as const) {
      const cookie = await sessionOf(role);
      expect((await shared.web.app.inject({ url: "/admin/queues", headers: { cookie } })).statusCode).toBe(
        404,
      );
      expect(
        (await shared.web.app.inject({ url: "/admin/queues/api/queues", headers: { cookie } })).statusCode,
      ).toBe(404);
    }
    const withToken = await shared.web.app.inject({
      url: "/admin/queues",
      headers: { authorization: `Bearer ${shared.world.tokens.admin}` },
    });
    expect(withToken.statusCode).toBe(404);
    expect((await shared.web.app.inject({ url: "/admin/queues" })).statusCode).toBe(404);
    expect((await shared.web.app.inject({ url: "/admin/queues/api/queues" })).statusCode).toBe(404);
  });
});
