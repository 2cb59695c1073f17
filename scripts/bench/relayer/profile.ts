// Summarises a V8 CPU profile (`node --cpu-prof`, e.g. the relayer's in a benchmark:
// BENCH_RELAYER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof"): the functions with the
// most self time, and self time by package (node_modules/<package>, the relayer's own
// folders, Node internals), as shares of the samples.
//
//   node scripts/bench/relayer/profile.ts /tmp/prof/CPU.*.cpuprofile [--top 25]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Where a frame's code lives: an npm package, a folder of this project, or the runtime. */
function groupOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  if (url.startsWith("node:")) return "node internals";
  const own = /\/(server\/src\/[^/]+|sdk\/src\/[^/]+)/.exec(url);
  return own ? own[1]! : url;
}

export function summariseProfile(profile: Profile, top = 25) {
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
  const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
  const byFunction = new Map<string, number>();
  const byGroup = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(server|sdk|scripts)\//, "$1/")}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    const group = groupOf(url, functionName);
    byGroup.set(group, (byGroup.get(group) ?? 0) + ms);
  }
  const share = (entries: Map<string, number>) =>
    [...entries.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, percent: Number(((ms / total) * 100).toFixed(1)), ms: Math.round(ms) }));
  return { totalMs: Math.round(total), functions: share(byFunction), groups: share(byGroup) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ options: { top: { type: "string" } }, allowPositionals: true });
  for (const file of positionals) {
    const summary = summariseProfile(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(values.top ?? 25));
    console.log(`${file}: ${summary.totalMs} ms sampled`);
    console.log("by package / folder (self time):");
    console.table(summary.groups);
    console.log("by function (self time):");
    console.table(summary.functions);
  }
}
