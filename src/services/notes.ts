import { checkFacultyAccess, requireFacultyAccess } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { findFaculty } from "../db/repositories/faculty.ts";
import {
  createNote,
  notesWithAuthors,
  type MentorNoteRow,
  type MentorNoteWithAuthor,
} from "../db/repositories/notes.ts";
import { UserError } from "../errors.ts";
import { displayName } from "./faculty.ts";

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

/**
 * Whose notes the actor reads: an admin everyone's, a mentor their own; for anyone else (and for
 * people outside the actor's scope) there are none, answered as 404.
 */
async function notesScope(db: Db, actor: Actor, facultyId: string): Promise<number | undefined> {
  if (actor.role === "admin") {
    await requireFacultyAccess(db, actor, "faculty.read", facultyId);
    return undefined;
  }
  await requireFacultyAccess(db, actor, "faculty.note", facultyId);
  return actor.userId!;
}

/** A mentor reads their own notes on a mentee; an admin reads everyone's; for others there are none (404). */
export async function mentorNotes(db: Db, actor: Actor, facultyId: string): Promise<MentorNoteWithAuthor[]> {
  return notesWithAuthors(db, facultyId, await notesScope(db, actor, facultyId));
}

/** The notes page: whom they are about, the notes the actor may read with their authors, and whether they may write. */
export interface NotesPage {
  facultyId: string;
  name: string;
  notes: MentorNoteWithAuthor[];
  mayWrite: boolean;
}

export async function notesPageFor(db: Db, actor: Actor, facultyId: string): Promise<NotesPage> {
  const author = await notesScope(db, actor, facultyId);
  const [person, notes, writable] = await Promise.all([
    findFaculty(db, facultyId),
    notesWithAuthors(db, facultyId, author),
    checkFacultyAccess(db, actor, "faculty.note", [facultyId]),
  ]);
  return {
    facultyId,
    name: person ? displayName(person) : facultyId,
    notes,
    mayWrite: writable.has(facultyId),
  };
}
