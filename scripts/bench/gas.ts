// `npm run bench:gas`: measures gasUsed of the main operations on the in-process chain and
// writes `bench/gas.json` — a flat object, key → gasUsed — then prints a table with the
// targets. Each file in scripts/bench/gas/ contributes rows: it exports
// `measure(): Promise<GasRows>` and optionally `targets: Record<string, number>`.
import { readdir, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "../build.ts";
import { projectRoot } from "../lib/run.ts";

export type GasRows = Record<string, bigint>;
type GasModule = { measure: () => Promise<GasRows>; targets?: Record<string, number> };

const outputFile = join(projectRoot, "bench", "gas.json");

export async function benchGas(): Promise<Record<string, number>> {
  await build();
  const dir = join(projectRoot, "scripts", "bench", "gas");
  const files = (await readdir(dir)).filter((file) => file.endsWith(".ts")).sort();

  const rows: Record<string, number> = {};
  const targets: Record<string, number> = {};
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as GasModule;
    for (const [key, gas] of Object.entries(await module.measure())) rows[key] = Number(gas);
    Object.assign(targets, module.targets ?? {});
  }

  // Keep rows other measurement files wrote earlier, replace the ones measured now.
  const previous = JSON.parse(await readFile(outputFile, "utf8").catch(() => "{}")) as Record<string, number>;
  const merged = Object.fromEntries(Object.entries({ ...previous, ...rows }).sort(([a], [b]) => a.localeCompare(b)));
  await mkdir(join(projectRoot, "bench"), { recursive: true });
  await writeFile(outputFile, `${JSON.stringify(merged, null, 2)}\n`);

  console.table(
    Object.fromEntries(
      Object.entries(rows).map(([key, gas]) => {
        const target = targets[key];
        const verdict = target === undefined ? "" : gas <= target ? "ok" : "OVER";
        return [key, { gasUsed: gas, target: target ?? "", verdict }];
      }),
    ),
  );
  console.log(`wrote bench/gas.json (${Object.keys(rows).length} rows)`);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchGas();
  process.exit(0);
}
