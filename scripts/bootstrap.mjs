#!/usr/bin/env node
// Bootstrap for `npm start`, `npm test` and the other top-level scripts.
//
// Plain Node (any version from 18 on), no dependencies. It makes sure that
//   1. a Node >= 22.13 is available: the system one if it is new enough, otherwise a
//      pinned Node fetched from the npm registry into `.tools/` (ignored by git);
//   2. `node_modules` matches package.json + package-lock.json (`npm install` under that
//      Node when it is missing or stale — npm on an older Node silently skips Hardhat's
//      platform package);
//   3. the contracts are compiled and their ABIs generated (sdk/src/generated, which
//      scripts, server and tests import as `@paykey/sdk/contracts`) for the current sources,
//      so every task — npm start, a benchmark, scripts/deploy.ts — can import them from its
//      first line, even on a fresh clone;
// and then runs the real task (a TypeScript file) under that Node, passing signals on.
// A second run costs a version check and a few file hashes.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PINNED_NODE = "22.23.3";
const MIN_NODE = [22, 13];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const toolsDir = join(root, ".tools");
const stampFile = join(root, "node_modules", ".paykey-install-stamp");

function log(message) {
  process.stderr.write(`[paykey] ${message}\n`);
}

function isRecentEnough(version) {
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    log(`\`${command} ${args.join(" ")}\` failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

/** The npm CLI that invoked us (or the one on PATH), run as a script under `nodeBin`. */
function npmCommand(nodeBin) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /npm-cli\.js$/.test(npmCli)) return { command: nodeBin, prefix: [npmCli] };
  return { command: "npm", prefix: [] };
}

/** Returns the path of a Node binary >= 22.13, installing the pinned one if needed. */
function ensureNode() {
  if (isRecentEnough(process.versions.node)) return process.execPath;

  const platformPackage = `node-${process.platform}-${process.arch}`;
  const nodeBin = join(toolsDir, "node_modules", platformPackage, "bin", "node");
  if (existsSync(nodeBin)) return nodeBin;

  log(`system Node ${process.version} is older than ${MIN_NODE.join(".")}; fetching Node ${PINNED_NODE} from the npm registry into .tools/`);
  mkdirSync(toolsDir, { recursive: true });
  // Its own package.json, so npm installs here and not into the project.
  writeFileSync(join(toolsDir, "package.json"), '{ "private": true }\n');
  const npm = npmCommand(process.execPath);
  run(npm.command, [...npm.prefix, "install", "--prefix", toolsDir, "--no-save", "--no-package-lock",
    "--no-audit", "--no-fund", `${platformPackage}@${PINNED_NODE}`]);
  if (!existsSync(nodeBin)) {
    log(`Node was installed but ${nodeBin} is missing`);
    process.exit(1);
  }
  return nodeBin;
}

function installFingerprint(nodeBin) {
  const hash = createHash("sha256");
  for (const file of ["package.json", "package-lock.json"]) {
    const path = join(root, file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  hash.update(nodeBin === process.execPath ? process.version : PINNED_NODE);
  return hash.digest("hex");
}

function ensureDependencies(nodeBin, env) {
  const fingerprint = installFingerprint(nodeBin);
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === fingerprint) return;

  log("installing dependencies (npm install)");
  const npm = npmCommand(nodeBin);
  // `npm install`, not `npm ci`: the registry lacks some optional Hardhat platform
  // packages, so a strict lockfile check fails; install leaves the lockfile unchanged.
  run(npm.command, [...npm.prefix, "install", "--no-audit", "--no-fund"], { env });
  writeFileSync(stampFile, fingerprint);
}

/** Everything the generated ABIs are made from: contract sources, compiler settings, the generator, the locked dependencies. */
function contractsFingerprint() {
  const hash = createHash("sha256");
  const files = ["hardhat.config.ts", "scripts/generate.ts", "package-lock.json"];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  if (existsSync(join(root, "contracts"))) walk("contracts");
  for (const file of files) {
    const path = join(root, file);
    hash.update(file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest("hex");
}

/**
 * Compiles the contracts and generates their ABIs when either is missing or stale. A failure
 * is reported and the task still runs: `npm test` and `npm start` build again and report it
 * their own way.
 */
function ensureContracts(nodeBin, env) {
  const generated = join(root, "sdk", "src", "generated", "contracts.ts");
  const stamp = join(root, "artifacts", ".paykey-build-stamp");
  const fingerprint = contractsFingerprint();
  if (existsSync(generated) && existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint) return;

  log("compiling the contracts and generating their ABIs (sdk/src/generated)");
  for (const [command, commandArgs] of [
    [join(root, "node_modules", ".bin", "hardhat"), ["build", "--quiet"]],
    [nodeBin, [join(root, "scripts", "generate.ts")]],
  ]) {
    const result = spawnSync(command, commandArgs, { stdio: "inherit", cwd: root, env });
    if (result.error || result.status !== 0) {
      log(`\`${[command, ...commandArgs].join(" ")}\` failed (${result.error?.message ?? `exit code ${result.status}`})`);
      return;
    }
  }
  writeFileSync(stamp, fingerprint);
}

const [script, ...args] = process.argv.slice(2);
if (!script) {
  log("usage: node scripts/bootstrap.mjs <script.ts> [args...]");
  process.exit(2);
}

const nodeBin = ensureNode();
const env = { ...process.env, PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ""}` };
ensureDependencies(nodeBin, env);
ensureContracts(nodeBin, env);

const child = spawn(nodeBin, [join(root, script), ...args], { stdio: "inherit", cwd: root, env });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  else process.exit(code ?? 1);
});
