// Gas of the payment escrow's main operations, as receipt gasUsed on the in-process chain,
// each sent by an EOA (payer or merchant owner) as its own transaction.
//
// Steady state, like a real shop after its first sale: before anything is measured, one
// warm-up charge per merchant leaves the payer, the merchant's payout address and the fee
// receiver holding a balance of the token, the payer holding loyalty points, and the escrow
// holding another payment's authorization. So token balances change nonzero → nonzero (no
// first-write surcharge, no refund for zeroing); only the new payment's own slot is a first
// write, as it is for every real payment. The payer approved the escrow once, without limit,
// as a wallet does. The token is the project's USDC-like TestStablecoin, with pause and
// blacklist checks on every transfer (the blacklist flag shares each account's balance slot, as
// in USDC v2.2; the pause flag is one cold storage read per transaction that a plain ERC-20
// does not make); `erc20.transfer` shows its own cost for reference. The same
// operations are measured again with a plain OpenZeppelin ERC-20 + permit + EIP-3009 token
// (`escrow.plainToken.*`, no pause, no blacklist): the token shape of base/commerce-payments'
// published figures, so the escrow itself can be compared like for like. Salts are sequential
// (a payment request's row number), order references and line-item hashes are full hashes.
import { network } from "hardhat";
import { maxUint256, zeroAddress, type Address, type Hash } from "viem";
import { noDiscount } from "@paykey/sdk/wallet";
import { deployEscrow, deployTestStablecoin } from "../../../test/helpers/escrowDeployment.ts";
import { orderTerms } from "../../../test/helpers/payments.ts";
import { fundedWallets } from "../../../test/helpers/wallets.ts";

export const targets: Record<string, number> = {
  "escrow.authorize": 120_000,
  "escrow.capture": 65_000,
  "escrow.captureWithPoints": 90_000,
  "escrow.charge": 130_000,
  "escrow.void": 50_000,
  "escrow.reclaim": 50_000,
  "escrow.refund": 65_000,
};

const FEE_BPS = 100;
const LOYALTY_BPS = 100;
const PRICE = 25_000_000n; // 25.00 tUSDC

export async function measure(): Promise<Record<string, bigint>> {
  const rows = await measureWith("TestStablecoin");
  for (const [key, gas] of Object.entries(await measureWith("PlainStablecoin"))) {
    if (key.startsWith("escrow.")) rows[key.replace("escrow.", "escrow.plainToken.")] = gas;
  }
  return rows;
}

async function measureWith(tokenContract: "TestStablecoin" | "PlainStablecoin"): Promise<Record<string, bigint>> {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [deployer, payer, merchantOwner, payout, feeReceiver, shopper] = await fundedWallets(viem, 6);

  const { address: tokenAddress } =
    tokenContract === "TestStablecoin"
      ? await deployTestStablecoin(viem, deployer.account.address)
      : await viem.deployContract("PlainStablecoin", ["Plain USD", "pUSD"]);
  // Both tokens share this surface (ERC-20 + `mint(address,uint256)`); the deployer holds the minter role.
  const usdc = await viem.getContractAt("PlainStablecoin", tokenAddress);
  const escrow = await deployEscrow(viem, {
    owner: deployer.account.address,
    feeBps: FEE_BPS,
    feeReceiver: feeReceiver.account.address,
    token: usdc.address,
    pointsUri: "https://paykey.example/points/{id}.json",
  });
  const asMerchant = { account: merchantOwner.account };
  const asPayer = { account: payer.account };
  await escrow.write.registerMerchant([payout.account.address, usdc.address, zeroAddress, 0], asMerchant);
  await escrow.write.registerMerchant([payout.account.address, usdc.address, zeroAddress, LOYALTY_BPS], asMerchant);
  const [plainShop, loyaltyShop] = [1n, 2n];

  for (const account of [payer, merchantOwner, shopper]) {
    await usdc.write.mint([account.account.address, 10_000_000_000n]);
    await usdc.write.approve([escrow.address, maxUint256], { account: account.account });
  }

  let salt = 0n;
  const terms = async (merchantId: bigint) => {
    salt += 1n;
    return orderTerms({
      merchantId,
      payer: payer.account.address,
      token: usdc.address,
      amount: PRICE,
      feeBps: FEE_BPS,
      salt,
      now: await networkHelpers.time.latest(),
      orderRef: `order-${salt}`,
      lineItems: `items-${salt}`,
    });
  };
  const gasOf = async (hash: Promise<Hash>): Promise<bigint> => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error(`measured transaction ${receipt.transactionHash} reverted`);
    return receipt.gasUsed;
  };

  // Warm-up: a first sale at each shop; an open authorization of another payer stays in escrow.
  await escrow.write.charge([await terms(plainShop), noDiscount], asPayer);
  await escrow.write.charge([await terms(loyaltyShop), noDiscount], asPayer);
  const other = { ...(await terms(plainShop)), payer: shopper.account.address };
  await escrow.write.authorize([other, noDiscount], { account: shopper.account });

  const rows: Record<string, bigint> = {};
  const sale = await terms(plainShop);
  rows["escrow.authorize"] = await gasOf(escrow.write.authorize([sale, noDiscount], asPayer));
  rows["escrow.capture"] = await gasOf(escrow.write.capture([sale, PRICE], asMerchant));
  rows["escrow.refund"] = await gasOf(escrow.write.refund([sale, PRICE], asMerchant));

  const loyaltySale = await terms(loyaltyShop);
  await escrow.write.authorize([loyaltySale, noDiscount], asPayer);
  rows["escrow.captureWithPoints"] = await gasOf(escrow.write.capture([loyaltySale, PRICE], asMerchant));

  rows["escrow.charge"] = await gasOf(escrow.write.charge([await terms(plainShop), noDiscount], asPayer));

  const voided = await terms(plainShop);
  await escrow.write.authorize([voided, noDiscount], asPayer);
  rows["escrow.void"] = await gasOf(escrow.write.void([voided], asMerchant));

  const expired = await terms(plainShop);
  await escrow.write.authorize([expired, noDiscount], asPayer);
  await networkHelpers.time.increaseTo(expired.authorizationExpiry + 1);
  rows["escrow.reclaim"] = await gasOf(escrow.write.reclaim([expired], asPayer));

  const to: Address = payout.account.address;
  rows["erc20.transfer"] = await gasOf(usdc.write.transfer([to, 1_000_000n], asPayer));
  return rows;
}
