// Compiles the contracts and generates the TypeScript ABIs that server and web import.
import { hardhatBin, runCommand } from "./lib/run.ts";
import { generateAbis } from "./generate.ts";

export async function build(): Promise<void> {
  const { code } = await runCommand(hardhatBin, ["build", "--quiet"]);
  if (code !== 0) throw new Error(`contract build failed (exit code ${code})`);
  await generateAbis();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  build().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
