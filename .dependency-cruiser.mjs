/**
 * Dependency rules, checked by `npm run depcheck` (and `npm run check`).
 *
 * src/ is a stack of layers, lowest first. A module may import its own layer and the layers below
 * it, never one above, so no two folders can ever depend on each other. A new folder under src/
 * must be given its place here (the `unlisted-folder` rule says so).
 */

/** Lowest first. A path is a folder (or a file at the top of src/). */
export const LAYERS = [
  "src/generated", // Prisma's generated client
  "src/errors.ts",
  "src/logging.ts",
  "src/paths.ts", // where the project and its built files are
  "src/config", // every environment variable, validated once
  "src/io",
  "src/csv",
  "src/stats",
  "src/identity", // names, ORCID iDs, link evidence
  "src/ratelimit",
  "src/metrics", // Prometheus metrics this process counts itself
  "src/http",
  "src/sources", // the Source contract, the registry, one folder per source
  "src/disambiguation", // who wrote what: scoring (pure)
  "src/reconcile", // dedupe, merge, classify (pure)
  "src/roster", // roster files (pure)
  "src/reports", // report figures and renderers (pure)
  "src/benchmarks", // promotion criteria, checks and norms (pure)
  "src/survey",
  "src/mentoring", // mentoring files, digests and the program's evaluation (pure)
  "src/db", // Prisma client, connection, migration runner
  "src/db/repositories", // plain data access
  "src/queue", // queue names, job contracts, worker host
  "src/access", // who may see or change what: the services ask here
  "src/services", // the rules: the CLI, the workers and the web app call these
  "src/web", // the web app and the JSON API: thin routes calling services
  "src/cli",
];

/** @param {string} path */
const escape = (path) => path.replace(/[.]/g, "\\.");
/**
 * A layer's modules, as a path pattern.
 * @param {string} layer
 */
const within = (layer) => `^${escape(layer)}${layer.endsWith(".ts") ? "$" : "/"}`;
/**
 * The layers nested in this one's folder, whose modules are theirs, not this one's.
 * @param {string} layer
 */
const nestedIn = (layer) =>
  LAYERS.filter((other) => other !== layer && other.startsWith(`${layer}/`)).map(within);

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer:${layer}`,
  comment: `${layer} imports only itself and the layers below it (see LAYERS in .dependency-cruiser.mjs)`,
  severity: "error",
  from: { path: within(layer), ...(nestedIn(layer).length > 0 ? { pathNot: nestedIn(layer) } : {}) },
  to: { path: LAYERS.slice(index + 1).map(within) },
}));

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      comment: "No module depends on itself through others.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "sources-import-no-higher-layer",
      comment:
        "A source is a folder under src/sources: it uses the foundation below it and nothing that builds on sources.",
      severity: "error",
      from: { path: "^src/sources/" },
      to: { path: LAYERS.slice(LAYERS.indexOf("src/sources") + 1).map(within) },
    },
    {
      name: "src-imports-neither-sandbox-nor-workers",
      comment: "The product in src/ never loads the demo's sandbox or a worker entry point.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: ["^sandbox/", "^workers/"] },
    },
    {
      name: "product-imports-no-dev-dependency",
      comment:
        "src/ and workers/ run in the production image, which installs no devDependencies (`npm ci --omit=dev`).",
      severity: "error",
      from: { path: "^(src|workers)/" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "prisma-only-in-db",
      comment: "Only src/db (the client, the migration runner, the repositories) touches Prisma.",
      severity: "error",
      from: { path: "^(src|workers|sandbox)/", pathNot: "^src/(db|generated)/" },
      to: { path: "^src/generated/" },
    },
    {
      name: "doors-call-services",
      comment: "The CLI and the workers reach the database through services, never a repository.",
      severity: "error",
      from: { path: ["^src/cli/", "^workers/"] },
      to: { path: "^src/db/repositories/" },
    },
    {
      name: "unlisted-folder",
      comment: "Every module under src/ belongs to a layer: add a new folder to LAYERS.",
      severity: "error",
      from: { path: "^src/", pathNot: LAYERS.map(within) },
      to: {},
    },
    {
      name: "not-to-unresolvable",
      comment: "Every import resolves.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^src/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".mjs", ".js", ".json"],
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
