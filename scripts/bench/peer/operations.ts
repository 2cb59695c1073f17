// The operations bench:peer sends to both bundlers: sponsored with SponsorPaymaster data the
// load generator signs with the sponsor key, and with gas limits both bundlers accept. Also
// the probe that decides Alto's mode: safe if a payment passes it on this chain.
import type { Hex } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import { signSponsorship } from "@paykey/sdk/wallet";
import { devAccount, devAccountRoles } from "../../lib/devAccounts.ts";
import type { LocalDeployment } from "../../lib/localDeployment.ts";
import { pay, rpc, type createPaymentCalls, type Payer, type Sponsorship } from "../relayer/payer.ts";
import type { Alto } from "./alto.ts";

/** What Paykey's relayer reserves for the paymaster's validation (server/src/sponsor/sponsor.ts). */
const paymasterVerificationGasLimit = 60_000n;

/** Sponsorships signed here with the sponsor key (valid for ten minutes), as the relayer signs them. */
export function localSponsor(local: LocalDeployment) {
  const signer = devAccount(devAccountRoles.sponsorSigner);
  return async (op: UserOperation<"0.8">): Promise<Sponsorship> =>
    signSponsorship({
      signer,
      paymasterAddress: local.deployment.sponsorPaymaster,
      chainId: local.chainId,
      userOperation: { ...op, paymasterVerificationGasLimit, paymasterPostOpGasLimit: 0n },
      validAfter: 0,
      validUntil: Math.floor(Date.now() / 1000) + 600,
    });
}

const max = (...values: bigint[]) => values.reduce((a, b) => (a > b ? a : b));

/**
 * Starts Alto in safe mode, takes its estimate of a payment, gives every payer the larger of
 * each limit (Paykey's estimates are in `payer.gas`), and pays once through it. If safe mode
 * refuses the payment, the same in unsafe mode. Alto is stopped at the end.
 */
export async function probeAlto(parameters: {
  start: (safeMode: boolean) => Promise<Alto>;
  local: LocalDeployment;
  payers: readonly Payer[];
  calls: ReturnType<typeof createPaymentCalls>;
  sponsor: (op: UserOperation<"0.8">) => Promise<Sponsorship>;
  pollMs: number;
}): Promise<{ safeMode: boolean; safeModeRefusal: string | undefined; version: string }> {
  const { local, payers, calls, sponsor } = parameters;
  const [first] = payers;
  if (!first) throw new Error("no payers");
  let alto = await parameters.start(true);
  try {
    const fees = await local.publicClient.estimateFeesPerGas();
    const op: UserOperation<"0.8"> = {
      sender: first.address,
      nonce: first.nonce,
      callData: await first.account.encodeCalls(calls(first.address)),
      ...first.gas,
      ...fees,
      signature: "0x",
    };
    const estimateOp = { ...op, ...(await sponsor(op)), signature: await first.account.getStubSignature() };
    const estimate = await rpc<Record<string, Hex>>(alto.url, "eth_estimateUserOperationGas", [estimateOp, local.deployment.entryPoint]);
    const gas = {
      callGasLimit: max(BigInt(estimate.callGasLimit!), ...payers.map((payer) => payer.gas.callGasLimit)),
      verificationGasLimit: max(BigInt(estimate.verificationGasLimit!), ...payers.map((payer) => payer.gas.verificationGasLimit)),
      preVerificationGas: max(BigInt(estimate.preVerificationGas!), ...payers.map((payer) => payer.gas.preVerificationGas)),
    };
    for (const payer of payers) payer.gas = { ...gas };

    const attempt = () => pay(first, { rpcUrl: alto.url, local, calls, fees, pollMs: parameters.pollMs, receipts: "poll", sponsor });
    try {
      await attempt();
      return { safeMode: true, safeModeRefusal: undefined, version: alto.version };
    } catch (error) {
      const refusal = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 300);
      await alto.stop();
      alto = await parameters.start(false);
      await attempt();
      return { safeMode: false, safeModeRefusal: refusal, version: alto.version };
    }
  } finally {
    await alto.stop();
  }
}

