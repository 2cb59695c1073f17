// Deploys the wallet stack on an in-process chain: EntryPoint v0.8, PaykeyAccountFactory, SponsorPaymaster
// (funded, signed by a relayer sponsor key), the passkey guardian verifier and a test token.
// The relayer holds exactly two keys here: `executor` (an EOA that sends handleOps and pays gas) and
// `sponsorSigner` (signs paymaster sponsorships). Neither owns anything in a user's account.
import { network } from "hardhat";
import { type Address, type LocalAccount, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

export type WalletNetworkName = "default" | "fallback";

/** The two networks every signature test runs on: P-256 precompile, and OpenZeppelin's Solidity fallback. */
export const walletNetworks: WalletNetworkName[] = ["default", "fallback"];

export async function deployWalletFixture(networkName: WalletNetworkName = "default") {
  const connection = await network.create(networkName);
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const [deployer, executor, merchant, outsider] = await viem.getWalletClients();
  if (!deployer || !executor || !merchant || !outsider) throw new Error("fixture needs four funded accounts");
  const sponsorSigner: LocalAccount = privateKeyToAccount(generatePrivateKey());

  const entryPoint = await viem.deployContract("@account-abstraction/contracts/core/EntryPoint.sol:EntryPoint");
  const factory = await viem.deployContract("PaykeyAccountFactory", [entryPoint.address]);
  const paymaster = await viem.deployContract("SponsorPaymaster", [
    entryPoint.address,
    sponsorSigner.address,
    deployer.account.address,
  ]);
  await paymaster.write.deposit({ value: parseEther("100") });
  const guardianVerifier = await viem.deployContract("PasskeyGuardianVerifier");
  const token = await viem.deployContract("MockStablecoin");

  // The executor's view of the EntryPoint: it sends every handleOps.
  const entryPointAsExecutor = await viem.getContractAt(
    "@account-abstraction/contracts/core/EntryPoint.sol:EntryPoint",
    entryPoint.address,
    { client: { public: publicClient, wallet: executor } },
  );
  const chainId = await publicClient.getChainId();

  return {
    networkName,
    connection,
    viem,
    networkHelpers,
    publicClient,
    chainId,
    deployer,
    executor,
    merchant,
    outsider,
    sponsorSigner,
    entryPoint,
    entryPointAsExecutor,
    factory,
    paymaster,
    guardianVerifier,
    token,
    /** Reads an account contract at `address` (typed PaykeyAccount). */
    accountAt: (address: Address) => viem.getContractAt("PaykeyAccount", address),
  };
}

export type WalletFixture = Awaited<ReturnType<typeof deployWalletFixture>>;
