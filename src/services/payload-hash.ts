import { createHash } from "node:crypto";

/** What a stored source record said, as a digest: a record fetched again with the same hash is unchanged. */
export function payloadHash(payload: unknown): string {
  return createHash("sha256").update(JSON.stringify(payload)).digest("hex");
}
