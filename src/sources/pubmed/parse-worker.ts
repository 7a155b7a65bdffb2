/** Worker-thread side of `PubmedParsePool`: parses one standalone part of an article set. */
import { parsePubmedXml, PubmedParseError, type ParseWorkerResult } from "./parse.ts";

export default function parsePart(part: string | Uint8Array): ParseWorkerResult {
  try {
    return { records: parsePubmedXml(part) };
  } catch (error) {
    // Error subclasses lose their class crossing threads; say plainly that the text was at fault.
    if (error instanceof PubmedParseError) return { parseError: error.message };
    throw error;
  }
}
