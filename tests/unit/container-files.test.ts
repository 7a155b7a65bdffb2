import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Copy, DockerfileParser, From, type Instruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

/*
 * The image and compose file cannot be built or started where the tests run (no Docker daemon),
 * so these check what they promise from the files themselves: who the image runs as, what it
 * holds, its health check, and what compose publishes.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

/** The Dockerfile's stages, each with its instructions (FROM excluded). */
function stages(text: string): Stage[] {
  const result: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction instanceof From)
      result.push({ name: instruction.getBuildStage() ?? undefined, instructions: [] });
    else result.at(-1)?.instructions.push(instruction);
  }
  return result;
}

const keyword = (stage: Stage, word: string) =>
  stage.instructions.filter((instruction) => instruction.getKeyword() === word);
const content = (instruction: Instruction) => instruction.getArgumentsContent() ?? "";
/** The stage a COPY takes its files from (`--from`), or undefined for the build context. */
const fromStage = (instruction: Instruction) =>
  instruction instanceof Copy ? (instruction.getFromFlag()?.getValue() ?? undefined) : undefined;
/** A COPY's sources: every argument but the destination. */
const copySources = (instruction: Instruction) =>
  instruction
    .getArguments()
    .map((argument) => argument.getValue())
    .slice(0, -1);

/** .dockerignore's patterns, without comments. */
function dockerignore(): string[] {
  return read(".dockerignore")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

describe("the Dockerfile", () => {
  const text = read("Dockerfile");
  const all = stages(text);
  const runtime = all.at(-1)!;
  const build = all.find((stage) => stage.name === "build");

  it("has no errors a Dockerfile linter finds", () => {
    expect(validate(text)).toEqual([]);
  });

  it("builds in a stage of its own, with the development dependencies", () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    const installs = keyword(build!, "RUN")
      .map(content)
      .filter((run) => /\bnpm ci\b/.test(run));
    expect(installs.length).toBe(1);
    expect(installs[0]).not.toContain("--omit=dev");
  });

  it("installs the production dependencies only in the image", () => {
    const runs = keyword(runtime, "RUN").map(content);
    const installs = runs.filter((run) => /\bnpm (ci|install|i)\b/.test(run));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/\bnpm ci\b.*--omit=dev/);
    expect(installs[0]).not.toContain("--include=dev");
  });

  it("copies no sandbox, tests or benchmarks into the image, and only the product's build", () => {
    const copies = [...keyword(runtime, "COPY"), ...keyword(runtime, "ADD")];
    const sources = copies.flatMap(copySources).map((source) => source.replace(/^\/app\//, ""));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source, "the whole build context").not.toMatch(/^\.\/?$/);
      expect(source).not.toMatch(/^(sandbox|tests|bench|node_modules)(\/|$)/);
      // dist/ as a whole would hold a build of the sandbox; the image takes dist/src and dist/workers.
      expect(source).not.toMatch(/^dist\/?$|^dist\/sandbox/);
    }
    const fromBuild = copies.filter((copy) => fromStage(copy) !== undefined);
    expect(new Set(fromBuild.map(fromStage))).toEqual(new Set([build!.name]));
    expect(fromBuild.flatMap(copySources).sort()).toEqual(["/app/dist/src", "/app/dist/workers"]);
  });

  it("copies only files that exist and that .dockerignore lets into the build context", () => {
    const ignored = dockerignore();
    const contextSources = all
      .flatMap((stage) => keyword(stage, "COPY"))
      .filter((copy) => fromStage(copy) === undefined)
      .flatMap(copySources);
    for (const source of contextSources) {
      expect(existsSync(path.join(root, source)), source).toBe(true);
      const kept = ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`));
      expect(kept, `${source} is left out by .dockerignore`).toEqual([]);
    }
  });

  it("runs as a user that is not root", () => {
    const users = keyword(runtime, "USER").map(content);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.split(":")[0];
    expect(["root", "0"]).not.toContain(user);
    // Nothing after USER runs as root again; the entry point comes after it.
    const lastUser = runtime.instructions.indexOf(keyword(runtime, "USER").at(-1)!);
    const entrypoint = runtime.instructions.indexOf(keyword(runtime, "ENTRYPOINT").at(-1)!);
    expect(entrypoint).toBeGreaterThan(lastUser);
  });

  it("checks its health with `scholartrack health`, which the image can run", () => {
    const healthchecks = keyword(runtime, "HEALTHCHECK").map(content);
    expect(healthchecks).toHaveLength(1);
    expect(healthchecks[0]).toMatch(/^CMD \["scholartrack", "health"\]$/);
    // `scholartrack` is bin/scholartrack.js, linked onto the PATH and executable.
    expect(keyword(runtime, "RUN").map(content)).toContain(
      "ln -s /app/bin/scholartrack.js /usr/local/bin/scholartrack",
    );
    expect(statSync(path.join(root, "bin/scholartrack.js")).mode & 0o111).not.toBe(0);
    expect(read("bin/scholartrack.js").split("\n")[0]).toBe("#!/usr/bin/env node");
  });
});

describe(".dockerignore", () => {
  it("keeps the sandbox, tests, local installs, builds and secrets out of the build context", () => {
    expect(dockerignore()).toEqual(
      expect.arrayContaining(["sandbox", "tests", "bench", "node_modules", "dist", ".git", ".env"]),
    );
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  user?: string;
  ports?: (string | { host_ip?: string })[];
  environment?: Record<string, string>;
  restart?: string;
  healthcheck?: { test?: string[]; disable?: boolean };
}

describe("docker-compose.yml", () => {
  const compose = parseYaml(read("docker-compose.yml"), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const services = compose.services;

  it("publishes every port on this machine's loopback only", () => {
    const published = Object.entries(services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => ({ name, port })),
    );
    expect(published.map(({ name }) => name).sort()).toEqual(["postgres", "redis", "web"]);
    for (const { name, port } of published) {
      if (typeof port === "string") expect(port, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
      else expect(port.host_ip, name).toBe("127.0.0.1");
    }
  });

  it("gives Redis a password that compose requires, and the app the same password in REDIS_URL", () => {
    const redis = services.redis!;
    const command = Array.isArray(redis.command) ? redis.command.join(" ") : (redis.command ?? "");
    expect(command).toMatch(/--requirepass "\$\$REDISCLI_AUTH"/);
    expect(redis.environment?.REDISCLI_AUTH).toMatch(/^\$\{REDIS_PASSWORD:\?[^}]+\}$/);
    // Through a shell the image's entry point does not drop root; the service's user does.
    expect(redis.user).toBe("redis");
    // redis-cli, the health check, reads REDISCLI_AUTH.
    expect(redis.healthcheck?.test).toEqual(["CMD", "redis-cli", "ping"]);
    for (const name of ["migrate", "worker", "web"]) {
      expect(services[name]?.environment?.REDIS_URL, name).toMatch(
        /^redis:\/\/:\$\{REDIS_PASSWORD(:\?[^}]*)?\}@redis:6379$/,
      );
    }
  });

  it("checks the worker's health with `scholartrack health`, and not the one-off migration's", () => {
    const worker = services.worker!;
    expect(worker.build).toBe(".");
    expect(worker.healthcheck?.test).toEqual(["CMD", "scholartrack", "health"]);
    expect(services.migrate?.healthcheck?.disable).toBe(true);
    expect(services.web?.healthcheck?.test?.join(" ")).toContain("http://127.0.0.1:3000/healthz");
    for (const [name, service] of Object.entries(services)) {
      if (service.healthcheck?.disable) continue;
      expect(service.healthcheck?.test, `${name} has a health check`).toBeDefined();
    }
  });
});

/** Package names a TypeScript file imports (static and dynamic imports, bare specifiers). */
function importedPackages(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"'.][^"']*)["']/g)].map(
    (match) => match[1]!,
  );
  return specifiers
    .filter((specifier) => !specifier.startsWith("node:"))
    .map((specifier) =>
      specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/"),
    );
}

function typescriptFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => path.join(root, dir, file));
}

describe("the production dependencies", () => {
  const manifest = JSON.parse(read("package.json")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it("leave out what only the sandbox uses", () => {
    const product = new Set(
      [...typescriptFiles("src"), ...typescriptFiles("workers")].flatMap(importedPackages),
    );
    const sandboxOnly = [...new Set(typescriptFiles("sandbox").flatMap(importedPackages))].filter(
      (name) => !product.has(name),
    );
    expect(sandboxOnly).toEqual(expect.arrayContaining(["@faker-js/faker"]));
    // The web app (src/web) serves with fastify, so the image installs it.
    expect(sandboxOnly).not.toContain("fastify");
    expect(Object.keys(manifest.dependencies)).toContain("fastify");
    for (const name of sandboxOnly) {
      expect(Object.keys(manifest.dependencies), `${name} is used only by sandbox/`).not.toContain(name);
    }
  });
});
