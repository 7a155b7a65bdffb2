/**
 * The worker process's handlers: every queue wired to its service in src/ (one harvest handler per
 * registry source, the nightly schedule, reconcile), as `scholartrack worker` starts them. The
 * wiring lives in src/services/workers.ts so that the CLI starts the same workers without
 * importing this folder.
 */
export { workerDefinitions } from "../src/services/workers.ts";
