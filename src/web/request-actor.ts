import type { FastifyRequest } from "fastify";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { actorForUser, authenticateToken } from "../services/accounts.ts";

declare module "fastify" {
  interface Session {
    userId?: number;
  }
}

/**
 * Who is asking: the user of a bearer token, else of the session, else nobody. A token that is
 * given but not valid is nobody, even with a session beside it.
 */
export async function requestActor(db: Db, request: FastifyRequest): Promise<Actor | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? authenticateToken(db, match[1]!) : null;
  }
  const userId = request.session.get("userId");
  return userId === undefined ? null : actorForUser(db, userId);
}
