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

export type TokenWithUser = ApiTokenRow & { user: UserRow };

export async function findApiTokenByHash(db: DbClient, tokenHash: string): Promise<TokenWithUser | null> {
  return db.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
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
