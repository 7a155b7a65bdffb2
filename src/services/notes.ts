import { requireFacultyAccess } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { createNote, notesOn, type MentorNoteRow } from "../db/repositories/notes.ts";
import { UserError } from "../errors.ts";

const MAX_NOTE_LENGTH = 10_000;

/** A mentor's note on one of their mentees; nobody else writes notes. */
export async function addMentorNote(
  db: Db,
  actor: Actor,
  facultyId: string,
  body: string,
): Promise<MentorNoteRow> {
  await requireFacultyAccess(db, actor, "faculty.note", facultyId);
  const text = body.trim();
  if (text === "") throw new UserError("a note needs some text");
  if (text.length > MAX_NOTE_LENGTH)
    throw new UserError(`a note holds at most ${MAX_NOTE_LENGTH} characters`);
  return createNote(db, { authorUserId: actor.userId!, facultyId, body: text });
}

/** A mentor reads their own notes on a mentee; an admin reads everyone's; for others there are none (404). */
export async function mentorNotes(db: Db, actor: Actor, facultyId: string): Promise<MentorNoteRow[]> {
  if (actor.role === "admin") {
    await requireFacultyAccess(db, actor, "faculty.read", facultyId);
    return notesOn(db, facultyId);
  }
  await requireFacultyAccess(db, actor, "faculty.note", facultyId);
  return notesOn(db, facultyId, actor.userId!);
}
