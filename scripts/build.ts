// Compiles the contracts, generates the TypeScript ABIs that server and web import, then builds the web app
// into web/dist (which the relayer serves).
import { resolve } from "node:path";
import { hardhatBin, projectRoot, runCommand } from "./lib/run.ts";
import { generateAbis } from "./generate.ts";

const viteBin = resolve(projectRoot, "node_modules", ".bin", "vite");

export async function build(options: { web?: boolean } = {}): Promise<void> {
  const { code } = await runCommand(hardhatBin, ["build", "--quiet"]);
  if (code !== 0) throw new Error(`contract build failed (exit code ${code})`);
  await generateAbis();
  if (options.web === false) return;
  const web = await runCommand(viteBin, ["build", "web", "--logLevel", "warn"]);
  if (web.code !== 0) throw new Error(`web build failed (exit code ${web.code})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  build().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
