// Deploys the wallet stack on an in-process chain: EntryPoint v0.8, PaykeyAccountFactory, SponsorPaymaster
// (funded, signed by a relayer sponsor key), the passkey guardian verifier, the project's USDC-like
// TestStablecoin and the PaymentEscrow with one registered merchant (1% fee, 1 point per 100 units).
// The relayer holds exactly two keys here: `executor` (an EOA that sends handleOps and pays gas) and
// `sponsorSigner` (signs paymaster sponsorships). Neither owns anything in a user's account.
import { network } from "hardhat";
import { type Address, type LocalAccount, parseEther, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { deployEscrow, deployTestStablecoin } from "./escrowDeployment.ts";
import { fundedWallets } from "./wallets.ts";

/** The fixture merchant's fee (1%) and loyalty rate (1 point per 100 base units). */
export const merchantFeeBps = 100;
export const merchantLoyaltyBps = 100;

export type WalletNetworkName = "default" | "fallback";

/** The two networks every signature test runs on: P-256 precompile, and OpenZeppelin's Solidity fallback. */
export const walletNetworks: WalletNetworkName[] = ["default", "fallback"];

export async function deployWalletFixture(networkName: WalletNetworkName = "default") {
  const connection = await network.create(networkName);
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const [deployer, executor, merchant, outsider, feeReceiver] = await fundedWallets(viem, 5);
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
  // The deployer is the token's admin (minter) and the escrow's owner.
  const token = await deployTestStablecoin(viem, deployer.account.address);
  const escrow = await deployEscrow(viem, {
    owner: deployer.account.address,
    feeBps: merchantFeeBps,
    feeReceiver: feeReceiver.account.address,
    token: token.address,
    pointsUri: "https://paykey.example/points/{id}.json",
  });
  const escrowAsMerchant = await viem.getContractAt("PaymentEscrow", escrow.address, {
    client: { public: publicClient, wallet: merchant },
  });
  await escrowAsMerchant.write.registerMerchant([merchant.account.address, token.address, zeroAddress, merchantLoyaltyBps]);
  const merchantId = 1n;
  const loyaltyPoints = await viem.getContractAt("LoyaltyPoints", await escrow.read.loyaltyPoints());

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
    feeReceiver,
    sponsorSigner,
    entryPoint,
    entryPointAsExecutor,
    factory,
    paymaster,
    guardianVerifier,
    token,
    escrow,
    escrowAsMerchant,
    merchantId,
    loyaltyPoints,
    /** Reads an account contract at `address` (typed PaykeyAccount). */
    accountAt: (address: Address) => viem.getContractAt("PaykeyAccount", address),
  };
}

export type WalletFixture = Awaited<ReturnType<typeof deployWalletFixture>>;

/**
 * The mocha hooks the wallet suites share: the fixture deployed once on `networkName`, then `prepare` (the
 * suite's passkeys, accounts, balances…), then the chain rewound to that state before every test, so each test
 * starts from the same chain whatever the others did. `prepare` receives the fixture (keep it for the tests).
 */
export function useWalletFixture(networkName: WalletNetworkName, prepare: (fixture: WalletFixture) => Promise<void>): void {
  let restore: () => Promise<void>;
  before(async () => {
    const fixture = await deployWalletFixture(networkName);
    await prepare(fixture);
    const snapshot = await fixture.networkHelpers.takeSnapshot();
    restore = () => snapshot.restore();
  });
  beforeEach(async () => restore());
}
