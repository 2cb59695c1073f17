// `npm run bench`: every benchmark in scripts/bench/ in turn; each writes its JSON under bench/.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot, runCommand } from "../lib/run.ts";

const dir = join(projectRoot, "scripts", "bench");
const benches = (await readdir(dir)).filter((file) => file.endsWith(".ts") && file !== "index.ts").sort();
for (const file of benches) {
  console.log(`\n=== bench ${file.replace(/\.ts$/, "")} ===`);
  const { code } = await runCommand(process.execPath, [join(dir, file)]);
  if (code !== 0) process.exit(code);
}
