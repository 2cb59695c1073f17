#!/usr/bin/env node
// CI step: `npm start` as the very first command on a fresh clone. Clones this repository's
// HEAD into a temporary directory (no node_modules, no .tools, no build output), runs
// `npm start` there on free ports as a person would, waits for the URL it prints, checks
// that the chain and the relayer's /rpc answer eth_chainId and that the web app's page is
// served, then presses Ctrl-C (SIGINT to the whole process group, as a terminal does) and
// checks a clean exit with nothing left running.
//
// Plain Node (18+), no dependencies: it runs before anything is installed.
//   node .ci/fresh-start.mjs            # exit code 0 when every check passed
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const startedAt = Date.now();
const seconds = () => `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
const log = (message) => console.log(`[fresh-start] ${message}`);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function rpc(url, method) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
  });
  return response.json();
}

const reachable = (url) => fetch(url, { signal: AbortSignal.timeout(5_000) }).then(() => true, () => false);

/** Processes whose working directory is inside `dir` (what a clean stop must leave none of). */
function processesIn(dir) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(Number(pid));
    } catch {
      // gone already, or not ours to read
    }
  }
  return found;
}

/** The processes of group `pgid` as "pid state command" (from /proc), to name what was left. */
function groupMembers(pgid) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      found.push(`${pid} ${fields[0]} ${command || stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))}`);
    } catch {
      // gone already
    }
  }
  return found;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const head = execFileSync("git", ["-C", repo, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  const work = mkdtempSync(join(tmpdir(), "paykey-fresh-"));
  const clone = join(work, "paykey");
  log(`cloning ${head.slice(0, 12)} into ${clone}`);
  execFileSync("git", ["clone", "--quiet", "--no-checkout", repo, clone]);
  execFileSync("git", ["-C", clone, "checkout", "--quiet", "--detach", head]);

  const [port, chainPort] = [await freePort(), await freePort()];
  log(`npm start (PORT=${port}, CHAIN_PORT=${chainPort})`);
  // Its own process group, so that SIGINT reaches every process the way Ctrl-C in a terminal does.
  const child = spawn("npm", ["start"], {
    cwd: clone,
    env: { ...process.env, PORT: String(port), CHAIN_PORT: String(chainPort), LOG_LEVEL: "warn", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const capture = (stream, sink) =>
    stream.on("data", (chunk) => {
      output += chunk.toString();
      sink.write(chunk);
    });
  capture(child.stdout, process.stdout);
  capture(child.stderr, process.stderr);
  const exited = new Promise((resolveExit) => child.once("exit", (code, signal) => resolveExit({ code, signal })));

  let failure;
  try {
    // A fresh clone installs Node 22 and the dependencies, compiles and builds the web app first.
    const deadline = Date.now() + 20 * 60_000;
    while (!output.includes("Press Ctrl-C to stop.")) {
      if (child.exitCode !== null) throw new Error(`npm start exited early with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error("npm start printed no URL within 20 minutes");
      await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    }
    log(`up after ${seconds()}`);
    const appUrl = /^\s*Open (http:\/\/localhost:\d+)/m.exec(output)?.[1];
    const chainUrl = /Chain JSON-RPC\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (appUrl !== `http://localhost:${port}`) throw new Error(`expected "Open http://localhost:${port}", got ${appUrl}`);
    if (chainUrl !== `http://127.0.0.1:${chainPort}`) throw new Error(`expected the chain at 127.0.0.1:${chainPort}, got ${chainUrl}`);

    for (const [name, url] of [["chain", chainUrl], ["relayer /rpc", `${appUrl}/rpc`]]) {
      const reply = await rpc(url, "eth_chainId");
      if (reply.result !== "0x7a69") throw new Error(`${name} answered eth_chainId with ${JSON.stringify(reply)}`);
      log(`${name}: eth_chainId ${reply.result}`);
    }
    const page = await fetch(appUrl);
    const html = await page.text();
    if (page.status !== 200 || !html.includes('<div id="root">')) throw new Error(`the web app's page: ${page.status} ${html.slice(0, 200)}`);
    log(`web app: ${appUrl}/ served (${html.length} bytes)`);
  } catch (error) {
    failure = error;
  }

  log("Ctrl-C");
  if (groupAlive(child.pid)) process.kill(-child.pid, "SIGINT");
  const stopped = await Promise.race([exited, new Promise((resolveWait) => setTimeout(() => resolveWait(undefined), 60_000))]);
  if (!failure) {
    if (!stopped) failure = new Error("npm start did not stop within 60 s of SIGINT");
    else if (stopped.code !== 0) failure = new Error(`npm start exited with ${stopped.code ?? stopped.signal} after SIGINT`);
    else if (!output.includes("SIGINT: stopping the relayer and the chain")) failure = new Error("npm start did not say it stopped");
  }
  // Nothing left: no process in the group, none working in the clone, both ports closed (a process
  // may take a moment to go after npm has exited: up to 5 s, as a person at a terminal would see it).
  for (let waited = 0; waited < 5_000 && (groupAlive(child.pid) || processesIn(clone).length > 0); waited += 250) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  const left = processesIn(clone);
  if (!failure && (groupAlive(child.pid) || left.length > 0)) {
    failure = new Error(`processes left running: ${[...new Set([...groupMembers(child.pid), ...left.map(String)])].join("; ") || `group ${child.pid}`}`);
  }
  if (!failure && ((await reachable(`http://127.0.0.1:${port}/health`)) || (await reachable(`http://127.0.0.1:${chainPort}`)))) {
    failure = new Error("a port still answers after npm start stopped");
  }
  if (groupAlive(child.pid)) process.kill(-child.pid, "SIGKILL");

  if (failure) {
    log(`FAILED after ${seconds()}: ${failure.message}`);
    log(`the clone is kept for inspection: ${clone}`);
    process.exit(1);
  }
  rmSync(work, { recursive: true, force: true });
  log(`passed in ${seconds()}: started, answered, stopped cleanly with nothing left running`);
}

await main();
