// `npm run bench:web`: builds the web app and measures the JavaScript the checkout route loads — the entry
// and every chunk it imports statically, plus the checkout page's chunk and its static imports (lazily loaded
// helpers such as viem's CCIP reader are not fetched on a checkout) — gzipped, as a browser downloads it.
// Writes `checkoutJsGzipBytes` into bench/web.json (the e2e test adds `payToPaidMs`).
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { projectRoot } from "../lib/run.ts";

const distDir = join(projectRoot, "web", "dist");
const benchFile = join(projectRoot, "bench", "web.json");

/** The budget the checkout route must stay within (gzipped JS). */
export const checkoutJsGzipBudget = 200 * 1024;

type ManifestChunk = { file: string; src?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };

export type RouteBundle = { files: { file: string; bytes: number; gzipBytes: number }[]; bytes: number; gzipBytes: number };

/** Gzipped size of the JS the route whose page module is `pageSource` loads (from web/dist's Vite manifest). */
export async function measureRouteBundle(pageSource = "src/pages/CheckoutPage.tsx"): Promise<RouteBundle> {
  const manifest = JSON.parse(await readFile(join(distDir, ".vite", "manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error("web/dist/.vite/manifest.json has no entry: run the web build first");
  if (!manifest[pageSource]) throw new Error(`no chunk for ${pageSource} in the manifest`);
  const keys = new Set<string>();
  const visit = (key: string) => {
    if (keys.has(key)) return;
    keys.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entry);
  visit(pageSource);
  const files = await Promise.all(
    [...new Set([...keys].map((key) => manifest[key]!.file))]
      .filter((file) => file.endsWith(".js"))
      .sort()
      .map(async (file) => {
        const content = await readFile(join(distDir, file));
        return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
      }),
  );
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
  };
}

/** Merges `values` into bench/web.json (keeps what other measurements wrote). */
export async function writeWebBench(values: Record<string, number>): Promise<void> {
  const previous = JSON.parse(await readFile(benchFile, "utf8").catch(() => "{}")) as Record<string, number>;
  await mkdir(join(benchFile, ".."), { recursive: true });
  await writeFile(benchFile, `${JSON.stringify({ ...previous, ...values }, null, 2)}\n`);
}

async function main() {
  const { build } = await import("../build.ts");
  await build();
  const bundle = await measureRouteBundle();
  for (const file of bundle.files) console.log(`  ${file.file.padEnd(44)} ${String(file.bytes).padStart(8)} B  gzip ${String(file.gzipBytes).padStart(7)} B`);
  const verdict = bundle.gzipBytes <= checkoutJsGzipBudget ? "within" : "OVER";
  console.log(`checkout route: ${bundle.gzipBytes} B gzipped JS (${verdict} the ${checkoutJsGzipBudget} B budget)`);
  await writeWebBench({ checkoutJsGzipBytes: bundle.gzipBytes });
  if (bundle.gzipBytes > checkoutJsGzipBudget) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
