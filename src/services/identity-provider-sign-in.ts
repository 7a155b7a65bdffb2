import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { findUserByEmail } from "../db/repositories/users.ts";
import { actorOf, normalizeEmail } from "./accounts.ts";
import { recordAudit } from "./audit.ts";

/** What the identity provider vouched for, from its verified ID token. */
export interface IdentityClaims {
  email?: unknown;
  email_verified?: unknown;
  [claim: string]: unknown;
}

/** Why a sign-in through the identity provider was refused; the audit log records it. */
export type IdentityRefusal =
  | "no-email" // the provider gave no e-mail address
  | "email-unverified" // the provider says the address is not verified
  | "unknown-user" // no ScholarTrack user has that address
  | "user-disabled"
  | "provider-refused" // the provider answered with an error (the person cancelled, or it refused them)
  | "provider-response-rejected"; // the answer failed the protocol's checks (state, nonce, signature...)

export type IdentitySignIn = { actor: Actor } | { refused: IdentityRefusal };

interface SignInContext {
  address?: string;
}

/**
 * Signs in the existing, enabled user whose e-mail address the identity provider vouched for.
 * No account is ever created here: faculty affairs adds users. Every outcome is audited.
 */
export async function signInWithIdentityClaims(
  db: Db,
  claims: IdentityClaims,
  context: SignInContext = {},
): Promise<IdentitySignIn> {
  if (typeof claims.email !== "string" || claims.email.trim() === "") {
    return refuse(db, "no-email", null, context);
  }
  // A provider that says nothing about verification is trusted for its addresses; one that says
  // "not verified" is not, or anyone could claim a colleague's address there.
  if (claims.email_verified !== undefined && claims.email_verified !== true) {
    return refuse(db, "email-unverified", null, context);
  }
  const user = await findUserByEmail(db, normalizeEmail(claims.email));
  if (!user) return refuse(db, "unknown-user", null, context);
  if (user.disabledAt !== null) return refuse(db, "user-disabled", user.id, context);
  const actor = actorOf(user);
  await recordAudit(db, actor, "sign-in", `user:${user.id}`, { method: "oidc", ...addressOf(context) });
  return { actor };
}

/** Records a sign-in through the identity provider that failed before any user was known. */
export async function refuseIdentitySignIn(
  db: Db,
  reason: IdentityRefusal,
  context: SignInContext = {},
): Promise<IdentitySignIn> {
  return refuse(db, reason, null, context);
}

async function refuse(
  db: Db,
  reason: IdentityRefusal,
  userId: number | null,
  context: SignInContext,
): Promise<IdentitySignIn> {
  await recordAudit(
    db,
    userId === null ? null : { userId },
    "sign-in-failed",
    userId === null ? null : `user:${userId}`,
    { method: "oidc", reason, ...addressOf(context) },
  );
  return { refused: reason };
}

function addressOf(context: SignInContext): { address?: string } {
  return context.address ? { address: context.address } : {};
}
