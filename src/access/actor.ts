/** Who is asking: a signed-in user, an API token's user, or the CLI acting as the system. */
export const ROLES = ["admin", "mentor", "committee", "faculty"] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** Null for the system (the CLI, imports), which has no user row. */
  userId: number | null;
  role: Role;
  /** The roster record of a mentor or a faculty member. */
  facultyId: string | null;
  name: string;
}

/** The CLI and the imports: faculty affairs at the console, with no user row. */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  userId: null,
  role: "admin",
  facultyId: null,
  name: "system",
});
