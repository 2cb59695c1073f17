// A merchant's real books for the audit tests, made the way the web app makes them: a store registered
// from the merchant's passkey account, payment requests with line items, payers who sign up with passkeys,
// take faucet funds and pay through the relayer's bundler and paymaster; the merchant captures (in full
// and in part), refunds and voids. The relayer's indexer records it all in its ledger.
import { parseUnits, type Hex } from "viem";
import { buildPaymentCalls } from "@paykey/sdk/wallet";
import { termsFromJson } from "@paykey/sdk/commerce";
import { type CommerceSteps, merchantCalls, waitFor } from "../helpers/commerceFixture.ts";

const usd = (value: string) => parseUnits(value, 6);

export type AuditScenario = Awaited<ReturnType<typeof createAuditScenario>>;

type Order = { orderRef: string; lineItems: { name: string; quantity: number; unitPrice: string }[] };

const orders: Order[] = [
  { orderRef: "AUD-1", lineItems: [{ name: "Espresso", quantity: 2, unitPrice: "3000000" }, { name: "Cake", quantity: 1, unitPrice: "4500000" }] },
  { orderRef: "AUD-2", lineItems: [{ name: "Lunch menu", quantity: 1, unitPrice: "20000000" }] },
  { orderRef: "AUD-3", lineItems: [{ name: "Tea", quantity: 3, unitPrice: "2500000" }] },
];

export async function createAuditScenario(fx: CommerceSteps) {
  const startBlock = await fx.publicClient.getBlockNumber();
  const opened = await fx.openStore("Audit Café", "USD");
  const merchantId = BigInt(opened.store.merchantId);

  const payments: { paymentId: Hex; requestId: string; terms: ReturnType<typeof termsFromJson>; userOpHash: Hex; transactionHash: Hex }[] = [];
  for (const order of orders) {
    const amount = order.lineItems.reduce((total, item) => total + BigInt(item.unitPrice) * BigInt(item.quantity), 0n);
    const created = await fx.call("POST", `/api/stores/${opened.store.id}/requests`, opened.merchant.token, { amount: String(amount), ...order });
    if (created.status !== 201) throw new Error(`request failed: ${JSON.stringify(created.body)}`);
    const payer = await fx.signUp(usd("100"));
    const checkout = await fx.call("POST", `/api/requests/${created.body.request.id}/checkout`, payer.token);
    if (checkout.status !== 200) throw new Error(`checkout failed: ${JSON.stringify(checkout.body)}`);
    const terms = termsFromJson(checkout.body.terms);
    const { userOpHash, receipt } = await fx.sendCalls(payer, buildPaymentCalls({ escrowAddress: fx.escrow, terms }));
    payments.push({ paymentId: checkout.body.paymentId, requestId: created.body.request.id, terms, userOpHash, transactionHash: receipt.receipt.transactionHash });
  }
  const [full, partial, voided] = payments as [(typeof payments)[0], (typeof payments)[0], (typeof payments)[0]];
  const merchant = opened.merchant;
  await fx.sendCalls(merchant, merchantCalls.capture(fx.escrow, full.terms, full.terms.amount));
  await fx.sendCalls(merchant, merchantCalls.capture(fx.escrow, partial.terms, usd("15")));
  await fx.sendCalls(merchant, merchantCalls.refund(fx.escrow, partial.terms, usd("5")));
  await fx.sendCalls(merchant, merchantCalls.void(fx.escrow, voided.terms));

  // The indexer has recorded every step.
  await fx.waitForPayment(full.paymentId, (payment) => payment.status === "captured");
  await fx.waitForPayment(partial.paymentId, (payment) => payment.status === "refunded");
  await fx.waitForPayment(voided.paymentId, (payment) => payment.status === "voided");
  const endBlock = await fx.publicClient.getBlockNumber();
  await waitFor("the indexer's cursor past the scenario", async () => {
    const [row] = await fx.relayer.store.query<{ next_block: string }>("SELECT next_block FROM commerce_cursors WHERE name = $1", [`escrow:${fx.escrow.toLowerCase()}`]);
    return row && BigInt(row.next_block) > endBlock ? true : undefined;
  });
  // Blocks on top until the ledger calls every row of the store final (the local chain's rule: 5 blocks), so a
  // tampered row is an unexplained difference rather than one the ledger may still correct.
  await fx.publicClient.request({ method: "hardhat_mine" as never, params: ["0x6"] as never });
  await waitFor("the store's ledger rows finalized", async () => {
    const [row] = await fx.relayer.store.query<{ open: string }>(
      `SELECT (SELECT count(*) FROM commerce_payments WHERE merchant_id = $1 AND finality <> 'finalized')
            + (SELECT count(*) FROM commerce_payment_events WHERE merchant_id = $1 AND finality <> 'finalized') AS open`,
      [merchantId],
    );
    return row && Number(row.open) === 0 ? true : undefined;
  });
  return { store: opened.store, merchant, merchantId, startBlock, endBlock, full, partial, voided, payments };
}

let shared: Promise<AuditScenario> | undefined;

/** One scenario on the shared commerce fixture for the audit test files (it takes a dozen user operations). */
export function sharedAuditScenario(fx: CommerceSteps): Promise<AuditScenario> {
  shared ??= createAuditScenario(fx);
  return shared;
}
