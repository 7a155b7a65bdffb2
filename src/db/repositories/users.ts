/** User and ApiToken rows: who may sign in, and their API tokens (stored as hashes only). */
import type { ApiToken, User, UserRole } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export type UserRow = User;
export type ApiTokenRow = ApiToken;
export type { UserRole };

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  facultyId: string | null;
  passwordHash: string | null;
}

export async function createUser(db: DbClient, user: NewUser): Promise<UserRow> {
  return db.user.create({ data: user });
}

export async function findUserByEmail(db: DbClient, email: string): Promise<UserRow | null> {
  return db.user.findUnique({ where: { email } });
}

export async function findUserById(db: DbClient, id: number): Promise<UserRow | null> {
  return db.user.findUnique({ where: { id } });
}

export async function allUsers(db: DbClient): Promise<UserRow[]> {
  return db.user.findMany({ orderBy: { email: "asc" } });
}

export async function setUserDisabled(db: DbClient, id: number, at: Date): Promise<void> {
  await db.user.update({ where: { id }, data: { disabledAt: at } });
}

export async function createApiToken(
  db: DbClient,
  token: { userId: number; label: string | null; tokenHash: string },
): Promise<ApiTokenRow> {
  return db.apiToken.create({ data: token });
}

export async function findApiToken(db: DbClient, id: number): Promise<ApiTokenRow | null> {
  return db.apiToken.findUnique({ where: { id } });
}

/** Who a signed-in session or a token acts as: the fields an actor is made of. */
export interface ActingUser {
  id: number;
  role: UserRole;
  facultyId: string | null;
  name: string;
  disabledAt: Date | null;
}

// Read on every request, so in SQL of our own: an ORM read of the whole row costs several times more.
export async function findActingUser(db: DbClient, id: number): Promise<ActingUser | null> {
  const rows = await db.$queryRaw<ActingUser[]>`
    SELECT "id", "role"::text AS "role", "facultyId", "name", "disabledAt" FROM "User" WHERE "id" = ${id}`;
  return rows[0] ?? null;
}

/** A token, by its hash, with the user it acts as (read on every API request). */
export async function findTokenUser(
  db: DbClient,
  tokenHash: string,
): Promise<{ id: number; lastUsedAt: Date | null; revokedAt: Date | null; user: ActingUser } | null> {
  const rows = await db.$queryRaw<
    Array<{ tokenId: number; lastUsedAt: Date | null; revokedAt: Date | null } & ActingUser>
  >`
    SELECT t."id" AS "tokenId", t."lastUsedAt", t."revokedAt",
           u."id", u."role"::text AS "role", u."facultyId", u."name", u."disabledAt"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId"
    WHERE t."tokenHash" = ${tokenHash}`;
  const row = rows[0];
  if (!row) return null;
  const { tokenId, lastUsedAt, revokedAt, ...user } = row;
  return { id: tokenId, lastUsedAt, revokedAt, user };
}

export async function revokeApiToken(db: DbClient, id: number, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { revokedAt: at } });
}

export async function touchApiToken(db: DbClient, id: number, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}

export async function setMentorVisitedAt(db: DbClient, id: number, at: Date): Promise<void> {
  await db.user.update({ where: { id }, data: { mentorVisitedAt: at } });
}
