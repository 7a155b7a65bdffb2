import { requireFacultyAccess } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import { findLink } from "../db/repositories/links.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { NotFoundError, UserError } from "../errors.ts";
import { recordAudit } from "./audit.ts";
import type { Services } from "./context.ts";
import { applyDecisions, refreshFaculty, type Decision, type DecisionOutcome } from "./review.ts";

export interface ActorDecision {
  facultyId: string;
  itemId: number;
  decision: Decision;
  note?: string | null;
}

/**
 * A signed-in user accepts or rejects one of a person's links. Admins decide on anyone's links; a
 * faculty member on their own pending links (or ones they decided themselves); nobody else. The
 * decision names the user, goes to the audit log, and the person's counts are rebuilt at once.
 */
export async function decideLinkAs(
  services: Pick<Services, "db" | "scoring" | "rules">,
  actor: Actor,
  request: ActorDecision,
): Promise<DecisionOutcome> {
  const { db } = services;
  // Who may read but not decide learns nothing more than who may not read at all.
  await requireFacultyAccess(db, actor, "faculty.decide", request.facultyId);
  // The check, the decision and its audit line in one transaction: all of them or none.
  const outcome = await inTransaction(db, async (tx) => {
    const link = await findLink(tx, { facultyId: request.facultyId, itemId: request.itemId });
    if (!link) throw new NotFoundError(`Item ${request.itemId} is not linked to ${request.facultyId}`);
    const decidable =
      actor.role === "admin" ||
      link.status === "pending" ||
      (actor.userId !== null && link.decidedByUserId === actor.userId);
    if (!decidable) throw new UserError(`Item ${request.itemId} is not awaiting your decision`);
    const [decided] = await applyDecisions(
      tx,
      [
        {
          ...request,
          decidedBy: actor.name,
          ...(actor.userId !== null ? { decidedByUserId: actor.userId } : {}),
        },
      ],
      new Date(),
    );
    await recordAudit(tx, actor, "decision", `link:${request.facultyId}/${request.itemId}`, {
      decision: request.decision,
      previous: decided!.previous?.status ?? null,
    });
    return decided!;
  });
  if (outcome.changed) await refreshFaculty(db, request.facultyId, services.scoring, services.rules);
  return outcome;
}
