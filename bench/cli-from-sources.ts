/** The CLI run from the TypeScript sources (`node --import tsx bench/cli-from-sources.ts ...`), for bench:cli's comparison. */
import { run } from "../src/cli/main.ts";

await run();
