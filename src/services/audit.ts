import { requirePermission } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { DbClient } from "../db/client.ts";
import { auditEvents, createAuditEvent } from "../db/repositories/audit.ts";

/** What the audit log records. Details never hold a password, a token or a session id. */
export type AuditKind =
  | "sign-in"
  | "sign-in-failed"
  | "sign-out"
  | "decision"
  | "token-created"
  | "token-revoked"
  | "user-added"
  | "user-disabled"
  | "item-added";

export async function recordAudit(
  db: DbClient,
  actor: Pick<Actor, "userId"> | null,
  kind: AuditKind,
  subject: string | null,
  details: Record<string, unknown> | null = null,
): Promise<void> {
  await createAuditEvent(db, { actorUserId: actor?.userId ?? null, kind, subject, details });
}

/** One line of the audit log as the API and `audit export` give it. */
export interface AuditLine {
  id: number;
  at: string;
  actor: string | null;
  kind: string;
  subject: string | null;
  details: Record<string, unknown> | null;
}

/** The audit log, oldest first: admins only. */
export async function readAudit(
  db: DbClient,
  actor: Actor,
  query: { afterId?: number; limit?: number; kind?: string } = {},
): Promise<AuditLine[]> {
  requirePermission(actor, "audit.read");
  const rows = await auditEvents(db, query);
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor?.email ?? null,
    kind: row.kind,
    subject: row.subject,
    details: (row.details as Record<string, unknown> | null) ?? null,
  }));
}
