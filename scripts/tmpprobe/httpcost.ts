import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { startChildRelayer } from "../../test/server/helpers/childRelayer.ts";
import { freePort } from "../lib/chain.ts";
import { startChainBackend } from "../lib/chainBackend.ts";
import { deployLocalPaykey } from "../lib/localDeployment.ts";
import { processCpuMs } from "../bench/relayer/measure.ts";
import { rpc } from "../bench/relayer/payer.ts";
import { benchRelayerEnv, devKeys, relayerExecutorIndices, dropSchema } from "../bench/relayer/setup.ts";

const chain = await startChainBackend("anvil");
const workDir = mkdtempSync(join(tmpdir(), "probe-"));
const local = await deployLocalPaykey(chain.url, { deploymentFile: join(workDir, "d.json") });
const schema = `probe_${randomBytes(3).toString("hex")}`;
const env = benchRelayerEnv({ local, chainUrl: chain.url, port: await freePort(), database: { kind: "postgres", schema, applicationName: "probe" }, executorKeys: devKeys(relayerExecutorIndices.slice(0, 6)), logLevel: "info" });
const relayer = await startChildRelayer(env, { logFile: join(workDir, "r.log") });
const url = `${relayer.url}/rpc`;
for (const [method, params] of [["eth_chainId", []], ["eth_getUserOperationReceipt", ["0x" + "ab".repeat(32)]]] as const) {
  const n = 6000;
  await Promise.all(Array.from({ length: 200 }, async () => { for (let i = 0; i < 5; i++) await rpc(url, method, [...params]); }));
  await new Promise((r) => setTimeout(r, 500));
  const c0 = processCpuMs(relayer.process.pid!);
  await Promise.all(Array.from({ length: 200 }, async () => { for (let i = 0; i < n / 200; i++) await rpc(url, method, [...params]); }));
  const c1 = processCpuMs(relayer.process.pid!);
  console.log(method, "relayer µs/request", (((c1 - c0) * 1000) / n).toFixed(0));
}
await relayer.stop(); await chain.stop(); await dropSchema(schema);
process.exit(0);
