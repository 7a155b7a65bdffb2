import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { requirePermission } from "../access/access.ts";
import { ROLES, type Actor, type Role } from "../access/actor.ts";
import type { Db, DbClient } from "../db/client.ts";
import {
  allUsers,
  createApiToken,
  createUser,
  findApiToken,
  findActingUser,
  findTokenUser,
  findUserByEmail,
  findUserById,
  revokeApiToken,
  setUserDisabled,
  touchApiToken,
  type UserRow,
} from "../db/repositories/users.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { UserError } from "../errors.ts";
import { recordAudit } from "./audit.ts";
import { getFaculty } from "./faculty.ts";

/** Roles tied to a roster record: their scope is drawn from it. */
const ROLES_WITH_FACULTY: ReadonlySet<Role> = new Set(["mentor", "faculty"]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Long enough that guessing is hopeless with sign-in rate-limited. */
export const MIN_PASSWORD_LENGTH = 10;
const TOKEN_PREFIX = "st_";

export interface NewUserRequest {
  email: string;
  name: string;
  role: string;
  facultyId?: string;
  password?: string;
}

/** A user as listings show them: never the password hash. */
export interface UserSummary {
  id: number;
  email: string;
  name: string;
  role: Role;
  facultyId: string | null;
  disabled: boolean;
  hasPassword: boolean;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function summary(user: UserRow): UserSummary {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    facultyId: user.facultyId,
    disabled: user.disabledAt !== null,
    hasPassword: user.passwordHash !== null,
  };
}

export function actorOf(user: Pick<UserRow, "id" | "role" | "facultyId" | "name">): Actor {
  return { userId: user.id, role: user.role, facultyId: user.facultyId, name: user.name };
}

export function parseRole(role: string): Role {
  const found = ROLES.find((known) => known === role);
  if (!found) throw new UserError(`"${role}" is not a role: give one of ${ROLES.join(", ")}`, 2);
  return found;
}

export async function addUser(db: Db, actor: Actor, request: NewUserRequest): Promise<UserSummary> {
  requirePermission(actor, "users.manage");
  const email = normalizeEmail(request.email);
  if (!EMAIL.test(email)) throw new UserError(`"${request.email}" is not an e-mail address`, 2);
  const name = request.name.trim();
  if (name === "") throw new UserError("a user needs a name (--name)", 2);
  const role = parseRole(request.role);
  if (ROLES_WITH_FACULTY.has(role) && !request.facultyId) {
    throw new UserError(`a ${role} is tied to their roster record: give --faculty ID`, 2);
  }
  if (!ROLES_WITH_FACULTY.has(role) && request.facultyId) {
    throw new UserError(`--faculty is for mentors and faculty members, not a ${role}`, 2);
  }
  if (request.facultyId) await getFaculty(db, request.facultyId, "quoted");
  if (request.password !== undefined && request.password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`, 2);
  }
  if (await findUserByEmail(db, email)) throw new UserError(`A user with e-mail ${email} exists already`);
  const passwordHash = request.password === undefined ? null : await hash(request.password);
  // The user and its audit line together, or neither.
  const user = await inTransaction(db, async (tx) => {
    const created = await createUser(tx, {
      email,
      name,
      role,
      facultyId: request.facultyId ?? null,
      passwordHash,
    });
    await recordAudit(tx, actor, "user-added", `user:${created.id}`, { role });
    return created;
  });
  return summary(user);
}

export async function listUsers(db: Db, actor: Actor): Promise<UserSummary[]> {
  requirePermission(actor, "users.manage");
  return (await allUsers(db)).map(summary);
}

async function requireUser(db: DbClient, email: string): Promise<UserRow> {
  const user = await findUserByEmail(db, normalizeEmail(email));
  if (!user) throw new UserError(`No user with e-mail ${normalizeEmail(email)}`);
  return user;
}

/** Disables the user: they can no longer sign in, and their tokens stop working. Idempotent. */
export async function disableUser(db: Db, actor: Actor, email: string, now = new Date()): Promise<boolean> {
  requirePermission(actor, "users.manage");
  const user = await requireUser(db, email);
  if (user.disabledAt !== null) return false;
  await inTransaction(db, async (tx) => {
    await setUserDisabled(tx, user.id, now);
    await recordAudit(tx, actor, "user-disabled", `user:${user.id}`);
  });
  return true;
}

export interface CreatedToken {
  id: number;
  /** Shown once: only its hash is stored. */
  token: string;
}

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createToken(
  db: Db,
  actor: Actor,
  request: { email: string; label?: string },
): Promise<CreatedToken> {
  requirePermission(actor, "users.manage");
  const user = await requireUser(db, request.email);
  if (user.disabledAt !== null) throw new UserError(`${user.email} is disabled`);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await inTransaction(db, async (tx) => {
    const created = await createApiToken(tx, {
      userId: user.id,
      label: request.label?.trim() || null,
      tokenHash: tokenHash(token),
    });
    await recordAudit(tx, actor, "token-created", `token:${created.id}`, {
      user: user.id,
      label: created.label,
    });
    return created;
  });
  return { id: row.id, token };
}

/** Revokes a token by its id; idempotent. */
export async function revokeToken(db: Db, actor: Actor, id: number, now = new Date()): Promise<boolean> {
  requirePermission(actor, "users.manage");
  const token = await findApiToken(db, id);
  if (!token) throw new UserError(`No API token with id ${id}`);
  if (token.revokedAt !== null) return false;
  await inTransaction(db, async (tx) => {
    await revokeApiToken(tx, id, now);
    await recordAudit(tx, actor, "token-revoked", `token:${id}`);
  });
  return true;
}

const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** The actor behind a bearer token, or null when the token is unknown, revoked or its user disabled. */
export async function authenticateToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const found = await findTokenUser(db, tokenHash(token));
  if (!found || found.revokedAt !== null || found.user.disabledAt !== null) return null;
  // When it was last used, to the minute: a script's every request writing the same row would queue them up.
  if (found.lastUsedAt === null || now.getTime() - found.lastUsedAt.getTime() >= TOKEN_TOUCH_INTERVAL_MS) {
    await touchApiToken(db, found.id, now);
  }
  return actorOf(found.user);
}

// Compared against when the e-mail is unknown, so that an unknown address takes as long as a wrong password.
let decoyHash: Promise<string> | undefined;

/**
 * Checks an e-mail and password; records the sign-in or the failed attempt in the audit log.
 * The failure never says which of the two was wrong.
 */
export async function signInWithPassword(
  db: Db,
  email: string,
  password: string,
  context: { address?: string } = {},
): Promise<Actor | null> {
  const user = await findUserByEmail(db, normalizeEmail(email));
  const usable = user !== null && user.disabledAt === null && user.passwordHash !== null;
  decoyHash ??= hash(randomBytes(16).toString("hex"));
  const matches = await verify(usable ? user.passwordHash! : await decoyHash, password).catch(() => false);
  const address = context.address ? { address: context.address } : {};
  if (!usable || !matches) {
    await recordAudit(
      db,
      user ? { userId: user.id } : null,
      "sign-in-failed",
      user ? `user:${user.id}` : null,
      {
        method: "password",
        ...address,
      },
    );
    return null;
  }
  await recordAudit(db, actorOf(user), "sign-in", `user:${user.id}`, { method: "password", ...address });
  return actorOf(user);
}

/** The actor of a session's user, or null when the user was disabled or removed since. */
export async function actorForUser(db: Db, userId: number): Promise<Actor | null> {
  const user = await findActingUser(db, userId);
  return user && user.disabledAt === null ? actorOf(user) : null;
}

/** What `GET /me` answers. */
export async function describeActor(db: Db, actor: Actor): Promise<UserSummary | null> {
  if (actor.userId === null) return null;
  const user = await findUserById(db, actor.userId);
  return user ? summary(user) : null;
}
