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
  const [outcome] = await decideLinksAs(services, actor, [request]);
  return outcome!;
}

/**
 * Several decisions at once (the review queue's bulk accept or reject): every one is allowed, or
 * none is made. Each person's counts are rebuilt once, after all of theirs.
 */
export async function decideLinksAs(
  services: Pick<Services, "db" | "scoring" | "rules">,
  actor: Actor,
  requests: readonly ActorDecision[],
): Promise<DecisionOutcome[]> {
  const { db } = services;
  if (requests.length === 0) throw new UserError("Choose at least one link");
  // Who may read but not decide learns nothing more than who may not read at all.
  await requireFacultyAccess(db, actor, "faculty.decide", [
    ...new Set(requests.map((request) => request.facultyId)),
  ]);
  // The checks, the decisions and their audit lines in one transaction: all of them or none.
  const outcomes = await inTransaction(db, async (tx) => {
    const decided: DecisionOutcome[] = [];
    for (const request of requests) {
      const link = await findLink(tx, { facultyId: request.facultyId, itemId: request.itemId });
      if (!link) throw new NotFoundError(`Item ${request.itemId} is not linked to ${request.facultyId}`);
      const decidable =
        actor.role === "admin" ||
        link.status === "pending" ||
        (actor.userId !== null && link.decidedByUserId === actor.userId);
      if (!decidable) throw new UserError(`Item ${request.itemId} is not awaiting your decision`);
      const [outcome] = await applyDecisions(
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
        previous: outcome!.previous?.status ?? null,
      });
      decided.push(outcome!);
    }
    return decided;
  });
  const changed = new Set(outcomes.filter((outcome) => outcome.changed).map((outcome) => outcome.facultyId));
  for (const facultyId of changed) await refreshFaculty(db, facultyId, services.scoring, services.rules);
  return outcomes;
}
