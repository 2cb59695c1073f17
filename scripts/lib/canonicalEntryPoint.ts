// The canonical EntryPoint v0.8 (0x4337084D…f108) on a local chain: the exact bytecode the
// eth-infinitism release deployed on public chains (the artifact in the npm package
// @account-abstraction/contracts), sent through the deterministic CREATE2 deployer
// (0x4e59…956C, which anvil has from genesis) with the release's salt. Bundlers that recognise
// the EntryPoint version by its address (Pimlico's Alto does) then serve the local chain.
import { createRequire } from "node:module";
import { concat, getContractAddress, type Address, type Hex, type PublicClient, type WalletClient, type Account, type Chain, type Transport } from "viem";
import { entryPoint08Address } from "viem/account-abstraction";

const require = createRequire(import.meta.url);

export const deterministicDeployer: Address = "0x4e59b44847b379578588920cA78FbF26c0B4956C";
/** The salt of the v0.8 release's deployment. */
const entryPoint08Salt: Hex = "0x0a59dbff790c23c976a548690c27297883cc66b4c67024f9117b0238995e35e9";

/** Deploys the canonical EntryPoint v0.8 unless it is there already; returns its address. */
export async function deployCanonicalEntryPoint(
  publicClient: PublicClient,
  walletClient: WalletClient<Transport, Chain | undefined, Account>,
): Promise<Address> {
  const bytecode = (require("@account-abstraction/contracts/artifacts/EntryPoint.json") as { bytecode: Hex }).bytecode;
  const address = getContractAddress({ opcode: "CREATE2", from: deterministicDeployer, salt: entryPoint08Salt, bytecode });
  if (address !== entryPoint08Address) throw new Error(`the EntryPoint artifact does not deploy to ${entryPoint08Address} but to ${address}`);
  if (await publicClient.getCode({ address })) return address;
  if (!(await publicClient.getCode({ address: deterministicDeployer }))) throw new Error(`no deterministic deployer at ${deterministicDeployer} on this chain`);
  const hash = await walletClient.sendTransaction({ to: deterministicDeployer, data: concat([entryPoint08Salt, bytecode]), chain: walletClient.chain });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !(await publicClient.getCode({ address }))) throw new Error(`deploying the canonical EntryPoint failed (${hash})`);
  return address;
}
