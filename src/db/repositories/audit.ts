/** AuditEvent rows: sign-ins, failed sign-ins, decisions, tokens; never a secret. */
import type { AuditEvent, Prisma } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export type AuditEventRow = AuditEvent & { actor: { email: string } | null };

export interface NewAuditEvent {
  actorUserId: number | null;
  kind: string;
  subject: string | null;
  details: Record<string, unknown> | null;
  at?: Date;
}

export async function createAuditEvent(db: DbClient, event: NewAuditEvent): Promise<void> {
  await db.auditEvent.create({
    data: { ...event, details: (event.details ?? undefined) as Prisma.InputJsonValue | undefined },
  });
}

/** Events oldest first, optionally only those after an id (for paging) and at most `limit`. */
export async function auditEvents(
  db: DbClient,
  query: { afterId?: number; limit?: number; kind?: string } = {},
): Promise<AuditEventRow[]> {
  return db.auditEvent.findMany({
    where: {
      ...(query.afterId !== undefined ? { id: { gt: query.afterId } } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
    },
    orderBy: { id: "asc" },
    include: { actor: { select: { email: true } } },
    ...(query.limit !== undefined ? { take: query.limit } : {}),
  });
}
