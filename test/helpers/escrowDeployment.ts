// The PaymentEscrow with its settlement token allowed, deployed the same way by the wallet fixture, the
// escrow's TypeScript tests and the gas benchmark.
import type { Address } from "viem";
import type { Viem } from "./wallets.ts";

/** The project's USDC-like test token; `admin` may mint. */
export function deployTestStablecoin(viem: Viem, admin: Address) {
  return viem.deployContract("TestStablecoin", ["Paykey Test USD", "tUSDC", admin]);
}

export type DeployEscrowParameters = {
  /** The escrow's owner (allows tokens, sets the default fee). */
  owner: Address;
  /** Default merchant fee in basis points. */
  feeBps: number;
  feeReceiver: Address;
  /** The settlement token to allow. */
  token: Address;
  /** URI template of the loyalty points (ERC-1155). */
  pointsUri?: string;
};

export async function deployEscrow(viem: Viem, parameters: DeployEscrowParameters) {
  const { owner, feeBps, feeReceiver, token, pointsUri = "" } = parameters;
  const escrow = await viem.deployContract("PaymentEscrow", [owner, feeBps, feeReceiver, pointsUri]);
  await escrow.write.setTokenAllowed([token, true]);
  return escrow;
}
