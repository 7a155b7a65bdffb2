/** MentorNote rows: a mentor's own notes on a mentee. */
import type { MentorNote } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export type MentorNoteRow = MentorNote;
export type MentorNoteWithAuthor = MentorNote & { author: { name: string } };

export async function createNote(
  db: DbClient,
  note: { authorUserId: number; facultyId: string; body: string },
): Promise<MentorNoteRow> {
  return db.mentorNote.create({ data: note });
}

/** The notes on a person, oldest first, each with its author's name; only one author's when given. */
export async function notesWithAuthors(
  db: DbClient,
  facultyId: string,
  authorUserId?: number,
): Promise<MentorNoteWithAuthor[]> {
  return db.mentorNote.findMany({
    where: { facultyId, ...(authorUserId !== undefined ? { authorUserId } : {}) },
    orderBy: { id: "asc" },
    include: { author: { select: { name: true } } },
  });
}
