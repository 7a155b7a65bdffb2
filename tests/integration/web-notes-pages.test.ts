import { describe, expect, it } from "vitest";
import { PEOPLE, type RoleUser } from "../helpers/access-world.ts";
import { roleSessions, webOverAccessWorld } from "../helpers/web.ts";

describe("the notes pages: a mentor's own notes on a mentee", () => {
  const shared = webOverAccessWorld({ signInLimits: { max: 1000, windowMs: 60_000 } });
  const { open, postForm } = roleSessions(shared);

  const postNote = (role: RoleUser, facultyId: string, body: string, withCsrf = true) =>
    postForm(role, `/faculty/${facultyId}/notes`, { body }, withCsrf);

  const notesIn = async () =>
    shared.testDb.db.mentorNote.findMany({ where: { facultyId: PEOPLE.MENTEE }, orderBy: { id: "asc" } });

  it("links each mentee's notes from the mentor page and from the mentee's profile", async () => {
    const mentorPage = await open("mentor", "/mentor");
    expect(mentorPage.body).toContain(`href="/faculty/${PEOPLE.MENTEE}/notes"`);
    expect(mentorPage.body).toContain(`href="/faculty/${PEOPLE.MENTEE2}/notes"`);
    expect((await open("mentor", `/faculty/${PEOPLE.MENTEE}`)).body).toContain(
      `<a href="/faculty/${PEOPLE.MENTEE}/notes">Your notes on Mentee, Alex</a>`,
    );
    for (const role of ["committee", "faculty"] as const) {
      expect((await open(role, `/faculty/${PEOPLE.MENTEE}`)).body).not.toContain("/notes");
    }
  });

  it("lets a mentor write a note on a mentee and read it back, escaped", async () => {
    const empty = await open("mentor", `/faculty/${PEOPLE.MENTEE}/notes`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain("No notes yet.");
    expect(empty.body).toContain('<label for="note-body">Note</label>');

    const saved = await postNote("mentor", PEOPLE.MENTEE, "  Talk about the <R01> resubmission.  ");
    expect(saved.statusCode).toBe(303);
    const [note] = await notesIn();
    expect(note!.body).toBe("Talk about the <R01> resubmission.");
    expect(saved.headers.location).toBe(`/faculty/${PEOPLE.MENTEE}/notes#note-${note!.id}`);

    const page = await open("mentor", `/faculty/${PEOPLE.MENTEE}/notes`);
    expect(page.body).toContain("Note saved.");
    expect(page.body).toContain("Talk about the &lt;R01&gt; resubmission.");
    expect(page.body).not.toContain("No notes yet.");
  });

  it("refuses an empty note with a message, and a note posted without its CSRF token, storing nothing", async () => {
    const before = (await notesIn()).length;
    const empty = await postNote("mentor", PEOPLE.MENTEE, "   ");
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("a note needs some text");
    const forged = await postNote("mentor", PEOPLE.MENTEE, "forged", false);
    expect(forged.statusCode).toBe(403);
    expect((await notesIn()).length).toBe(before);
  });

  it("shows a mentor only their own notes, and an admin everyone's with each author, read-only", async () => {
    const adminUser = shared.world.actors.admin.userId!;
    await shared.testDb.db.mentorNote.create({
      data: { authorUserId: adminUser, facultyId: PEOPLE.MENTEE, body: "Someone else's note" },
    });
    expect((await open("mentor", `/faculty/${PEOPLE.MENTEE}/notes`)).body).not.toContain("Someone else");
    const admin = await open("admin", `/faculty/${PEOPLE.MENTEE}/notes`);
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain("Someone else&#39;s note");
    expect(admin.body).toContain("Talk about the &lt;R01&gt; resubmission.");
    expect(admin.body).not.toContain('name="body"');
    expect((await postNote("admin", PEOPLE.MENTEE, "by an admin")).statusCode).toBe(404);
  });

  it("answers 404 to everyone else, and to a mentor for someone not their mentee", async () => {
    const before = (await notesIn()).length;
    expect((await open("mentor", `/faculty/${PEOPLE.OUTSIDER}/notes`)).statusCode).toBe(404);
    expect((await postNote("mentor", PEOPLE.OUTSIDER, "not mine")).statusCode).toBe(404);
    for (const role of ["committee", "faculty"] as const) {
      expect((await open(role, `/faculty/${PEOPLE.MENTEE}/notes`)).statusCode).toBe(404);
      expect((await postNote(role, PEOPLE.MENTEE, "not allowed")).statusCode).toBe(404);
    }
    expect((await notesIn()).length).toBe(before);
    expect(await shared.testDb.db.mentorNote.count({ where: { facultyId: PEOPLE.OUTSIDER } })).toBe(0);
  });
});
