// Gas of a passkey payment as the relayer submits it: total `handleOps` gasUsed (receipt) of sponsored
// user operations (SponsorPaymaster), each an ERC-7821 batch `approve(exact) + PaymentEscrow.authorize`,
// signed by a real P-256 WebAuthn assertion, on the in-process chain.
//
//   passkey.pay               one operation from a deployed account
//   passkey.payBundle10PerOp  one handleOps of ten operations from ten deployed accounts, per operation
//   passkey.payWithDeploy     the first payment, which also deploys the account (factory clone + initialize)
//   passkey.charge            `approve + PaymentEscrow.charge` (anchor: commerce-payments charge from a deployed
//                             Coinbase Smart Wallet ≈ 300.9k)
//   passkey.transfer          a plain ERC-20 transfer operation (anchor: Coinbase Smart Wallet, secp256k1 owner,
//                             142,302) — the wallet's own overhead, without the escrow
//   fallback.*                the same without the P-256 precompile (OpenZeppelin's Solidity verifier)
//
// Steady state, like the escrow's own benchmark: a warm-up charge leaves the merchant's payout and the fee
// receiver holding tokens and the escrow holding another payment; each measured account has paid once before
// (its EntryPoint nonce slot and token balance are non-zero), except for payWithDeploy. The executor's gas
// price is the chain's; the paymaster pays the EntryPoint's fee to the executor as it would on a real chain.
import type { GasRows } from "../gas.ts";
import { buildPaymentCalls } from "@paykey/sdk/wallet";
import type { ToPaykeyAccountReturnType } from "@paykey/sdk/wallet";
import { tokenTransferCall } from "../../../test/helpers/calls.ts";
import { paymentTerms } from "../../../test/helpers/payments.ts";
import { createSoftwarePasskey } from "../../../test/helpers/softwarePasskey.ts";
import {
  paykeyAccountOf,
  prepareSponsoredOperation,
  sendAndExpectSuccess,
} from "../../../test/helpers/userOperations.ts";
import { deployWalletFixture, type WalletFixture, type WalletNetworkName } from "../../../test/helpers/walletFixture.ts";

export const targets: Record<string, number> = {
  "passkey.pay": 180_000,
  "passkey.payBundle10PerOp": 140_000,
  "passkey.payWithDeploy": 350_000,
};

const price = 25_000_000n; // 25.00 tUSDC

async function newPayer(fixture: WalletFixture): Promise<ToPaykeyAccountReturnType> {
  const account = await paykeyAccountOf(fixture, createSoftwarePasskey());
  await fixture.token.write.mint([account.address, 100n * price]);
  return account;
}

async function paymentOperation(fixture: WalletFixture, account: ToPaykeyAccountReturnType) {
  const terms = await paymentTerms(fixture, account.address, price);
  return prepareSponsoredOperation(fixture, account, buildPaymentCalls({ escrowAddress: fixture.escrow.address, terms }));
}

async function measureOn(networkName: WalletNetworkName, prefix: string): Promise<GasRows> {
  const fixture = await deployWalletFixture(networkName);

  // Warm-up: a first sale at the shop (charged), and another payer's open authorization in escrow.
  const warmUp = await newPayer(fixture);
  const warmUpCharge = buildPaymentCalls({
    escrowAddress: fixture.escrow.address,
    terms: await paymentTerms(fixture, warmUp.address, price),
    operation: "charge",
  });
  await sendAndExpectSuccess(fixture, [await prepareSponsoredOperation(fixture, warmUp, warmUpCharge)]);
  await sendAndExpectSuccess(fixture, [await paymentOperation(fixture, warmUp)]);

  const rows: GasRows = {};
  const payer = await newPayer(fixture);
  rows[`${prefix}.payWithDeploy`] = (await sendAndExpectSuccess(fixture, [await paymentOperation(fixture, payer)])).gasUsed;
  rows[`${prefix}.pay`] = (await sendAndExpectSuccess(fixture, [await paymentOperation(fixture, payer)])).gasUsed;
  const charge = buildPaymentCalls({
    escrowAddress: fixture.escrow.address,
    terms: await paymentTerms(fixture, payer.address, price),
    operation: "charge",
  });
  rows[`${prefix}.charge`] = (await sendAndExpectSuccess(fixture, [await prepareSponsoredOperation(fixture, payer, charge)])).gasUsed;
  const transfer = tokenTransferCall(fixture.token.address, fixture.merchant.account.address, price);
  rows[`${prefix}.transfer`] = (await sendAndExpectSuccess(fixture, [await prepareSponsoredOperation(fixture, payer, [transfer])])).gasUsed;

  const payers: ToPaykeyAccountReturnType[] = [];
  for (let index = 0; index < 10; index += 1) {
    const account = await newPayer(fixture);
    await sendAndExpectSuccess(fixture, [await paymentOperation(fixture, account)]);
    payers.push(account);
  }
  const bundle = [];
  for (const account of payers) bundle.push(await paymentOperation(fixture, account));
  rows[`${prefix}.payBundle10PerOp`] = (await sendAndExpectSuccess(fixture, bundle)).gasUsed / 10n;
  return rows;
}

export async function measure(): Promise<GasRows> {
  return { ...(await measureOn("default", "passkey")), ...(await measureOn("fallback", "fallback")) };
}
