import type { Db } from "../db/client.ts";
import { UserError } from "../errors.ts";

export interface ReporterProfileChange {
  facultyId: string;
  previous: number | null;
  current: number | null;
}

/**
 * Records (or, with null, forgets) the faculty member's confirmed NIH RePORTER PI profile id. Later
 * RePORTER harvests search by it, and the grants it finds are accepted for the person. A profile id
 * names one person, so it cannot be given to two faculty members.
 */
export async function setReporterProfileId(
  db: Db,
  facultyId: string,
  profileId: number | null,
): Promise<ReporterProfileChange> {
  if (profileId !== null && !(Number.isInteger(profileId) && profileId >= 1 && profileId <= 2_147_483_647)) {
    throw new UserError(`"${profileId}" is not a RePORTER profile id (a positive whole number)`);
  }
  return db.$transaction(async (tx) => {
    const person = await tx.faculty.findUnique({
      where: { id: facultyId },
      select: { id: true, reporterProfileId: true },
    });
    if (!person) throw new UserError(`No faculty member with id "${facultyId}"`);
    if (profileId !== null) {
      const holder = await tx.faculty.findFirst({
        where: { reporterProfileId: profileId, id: { not: facultyId } },
        select: { id: true },
      });
      if (holder) {
        throw new UserError(
          `RePORTER profile id ${profileId} already belongs to faculty member ${holder.id}`,
        );
      }
    }
    if (person.reporterProfileId !== profileId) {
      await tx.faculty.update({ where: { id: facultyId }, data: { reporterProfileId: profileId } });
    }
    return { facultyId, previous: person.reporterProfileId, current: profileId };
  });
}
