// Vite build of the web app: root `web/`, output `web/dist` (served by the relayer from the same origin).
// Routes are split with React.lazy; the manifest lets `npm run bench:web` measure what each route loads.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { type Plugin, defineConfig } from "vite";

const webRoot = dirname(fileURLToPath(import.meta.url));
const relayer = process.env.PAYKEY_RELAYER_URL ?? "http://127.0.0.1:8787";

/**
 * No elliptic-curve library in the bundle: the browser never verifies or creates ECDSA signatures itself (the
 * authenticator signs, the chain verifies). Three imports would pull one in for trivial uses, and are served by
 * small adapters instead: the wallet module's P-256 (curve order, DER parsing), viem's `serializeSignature`
 * (prints r || s), and viem's nested copy of @noble (resolved to ox's identical copy for what remains).
 */
function noCurveLibrary(): Plugin {
  const oxAnchor = join(webRoot, "..", "node_modules", "ox", "_esm", "core", "P256.js");
  const compat = (file: string) => join(webRoot, "src", "compat", file);
  return {
    name: "paykey:no-curve-library",
    enforce: "pre",
    async resolveId(source, importer) {
      if (!importer) return null;
      if (source === "@noble/curves/nist.js" && importer.includes(join("sdk", "src", "wallet"))) return compat("nobleP256.ts");
      if (source === "@noble/curves/secp256k1" && importer.endsWith(join("utils", "signature", "serializeSignature.js"))) {
        return compat("secp256k1Signature.ts");
      }
      if (source.startsWith("@noble/") && importer.includes(join("node_modules", "viem")) && !importer.includes("@noble")) {
        return this.resolve(source, oxAnchor, { skipSelf: true });
      }
      return null;
    },
  };
}

export default defineConfig({
  root: webRoot,
  plugins: [noCurveLibrary(), react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    // The shared "app" chunk (entry + checkout) is large on purpose; the budget is checked by `npm run bench:web`.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // The checkout page and everything it imports statically form one chunk (shared by the entry and the
        // other pages), instead of a dozen small shared chunks that each compress worse on their own.
        codeSplitting: { groups: [{ name: "app", test: /[\\/]src[\\/](main\.tsx|pages[\\/]CheckoutPage\.tsx)$/ }] },
      },
    },
  },
  // `vite dev` forwards the relayer's routes so the app still calls them relatively.
  server: {
    proxy: Object.fromEntries(["/auth", "/rpc", "/api", "/chain"].map((path) => [path, { target: relayer, changeOrigin: false }])),
  },
});
