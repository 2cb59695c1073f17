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
export const checkoutJsGzipBudget = 200_000;

type ManifestChunk = { file: string; src?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };

export type RouteBundle = { files: { file: string; bytes: number; gzipBytes: number }[]; bytes: number; gzipBytes: number };

/**
 * Gzipped size of the JS a route loads, from web/dist's Vite manifest: the entry's static import graph plus
 * the page's chunk and its static imports (the page may also live in a chunk the entry already loads), plus
 * `alsoLoaded` modules fetched on the way (a language other than English: its strings chunk).
 */
export async function measureRouteBundle(pageSource = "src/pages/CheckoutPage.tsx", alsoLoaded: readonly string[] = []): Promise<RouteBundle> {
  const manifest = JSON.parse(await readFile(join(distDir, ".vite", "manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error("web/dist/.vite/manifest.json has no entry: run the web build first");
  const keys = new Set<string>();
  const visit = (key: string) => {
    if (keys.has(key)) return;
    if (!manifest[key]) throw new Error(`no chunk ${key} in the manifest`);
    keys.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  visit(entry);
  // A page grouped into a shared chunk has no manifest key of its own: the entry's graph already holds it.
  if (manifest[pageSource]) visit(pageSource);
  for (const source of alsoLoaded) visit(source);
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

/** The checkout route's JS in English (the default) and in Simplified Chinese (its strings are a chunk of their own). */
export async function measureCheckout() {
  const english = await measureRouteBundle();
  const chinese = await measureRouteBundle("src/pages/CheckoutPage.tsx", ["src/i18n/zh.ts"]);
  return { english, chinese };
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
  const { english, chinese } = await measureCheckout();
  for (const file of chinese.files) console.log(`  ${file.file.padEnd(44)} ${String(file.bytes).padStart(8)} B  gzip ${String(file.gzipBytes).padStart(7)} B`);
  for (const [label, bundle] of [["English", english], ["Chinese", chinese]] as const) {
    const verdict = bundle.gzipBytes <= checkoutJsGzipBudget ? "within" : "OVER";
    console.log(`checkout route (${label}): ${bundle.gzipBytes} B gzipped JS (${verdict} the ${checkoutJsGzipBudget} B budget)`);
  }
  await writeWebBench({ checkoutJsGzipBytes: english.gzipBytes, checkoutJsGzipBytesZh: chinese.gzipBytes });
  if (Math.max(english.gzipBytes, chinese.gzipBytes) > checkoutJsGzipBudget) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
