// Passkey payments into the PaymentEscrow: one ERC-7821 batch `approve(exact) + escrow.authorize|charge`,
// sponsored, signed by the passkey. The first payment deploys the account in the same operation.
// On both networks.
import { expect } from "chai";
import { decodeErrorResult, encodeFunctionData, getAddress, parseEventLogs } from "viem";
import { entryPointAbi, paykeyAccountFactoryAbi, paymentEscrowAbi } from "@paykey/sdk/contracts";
import { buildPaymentCalls, noDiscount } from "@paykey/sdk/wallet";
import {
  createSoftwarePasskey, operationOutcomes, paykeyAccountOf, paymentTerms, prepareSponsoredOperation,
  sendAndExpectSuccess, sendOperations, useWalletFixture, type WalletFixture, walletNetworks,
} from "../helpers/wallet.ts";

const price = 25_000_000n; // 25.00 tUSDC

for (const networkName of walletNetworks) {
  describe(`passkey payments into the escrow (${networkName})`, () => {
    let fixture: WalletFixture;
    useWalletFixture(networkName, async (deployed) => {
      fixture = deployed;
    });

    it("deploys the account from factoryData and authorizes the payment in the same operation", async () => {
      const passkey = createSoftwarePasskey();
      const account = await paykeyAccountOf(fixture, passkey);
      await fixture.token.write.mint([account.address, 100_000_000n]);
      expect(await fixture.publicClient.getCode({ address: account.address })).to.equal(undefined);
      const depositBefore = await fixture.paymaster.read.getDeposit();

      const terms = await paymentTerms(fixture, account.address, price);
      const operation = await prepareSponsoredOperation(
        fixture,
        account,
        buildPaymentCalls({ escrowAddress: fixture.escrow.address, terms }),
      );
      expect(operation.factory).to.equal(fixture.factory.address);
      const { receipt, outcomes } = await sendAndExpectSuccess(fixture, [operation]);

      // Deployed by the factory, for this passkey, in this transaction.
      const [created] = parseEventLogs({ abi: paykeyAccountFactoryAbi, logs: receipt.logs, eventName: "AccountCreated" });
      expect(created?.args).to.deep.equal({
        account: account.address,
        qx: account.passkey.x,
        qy: account.passkey.y,
        salt: 0n,
      });
      // Paid: the escrow holds the price, the account the rest, and no allowance is left behind.
      const paymentId = await fixture.escrow.read.getPaymentId([terms]);
      const [authorized] = parseEventLogs({ abi: paymentEscrowAbi, logs: receipt.logs, eventName: "PaymentAuthorized" });
      expect(authorized?.args.paymentId).to.equal(paymentId);
      expect(authorized?.args.payer).to.equal(account.address);
      expect(authorized?.args.amount).to.equal(price);
      expect(authorized?.args.orderRef).to.equal(terms.orderRef);
      expect(await fixture.token.read.balanceOf([account.address])).to.equal(100_000_000n - price);
      expect(await fixture.token.read.balanceOf([fixture.escrow.address])).to.equal(price);
      expect(await fixture.token.read.allowance([account.address, fixture.escrow.address])).to.equal(0n);
      expect(await fixture.escrow.read.paymentState([paymentId])).to.deep.equal([true, price, 0n]);
      // Gas: paid from the paymaster's deposit, never by the account (which holds no ETH).
      const [outcome] = outcomes;
      const [userOperationEvent] = parseEventLogs({ abi: entryPointAbi, logs: receipt.logs, eventName: "UserOperationEvent" });
      expect(userOperationEvent?.args.paymaster).to.equal(getAddress(fixture.paymaster.address));
      expect(userOperationEvent?.args.success).to.equal(true);
      expect(await fixture.paymaster.read.getDeposit()).to.equal(depositBefore - (userOperationEvent?.args.actualGasCost ?? 0n));
      expect(await fixture.publicClient.getBalance({ address: account.address })).to.equal(0n);
      expect(outcome?.sender).to.equal(account.address);
    });

    it("charges at once: the merchant receives the price minus the disclosed fee", async () => {
      const account = await paykeyAccountOf(fixture, createSoftwarePasskey());
      await fixture.token.write.mint([account.address, price]);
      const terms = await paymentTerms(fixture, account.address, price);
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(
          fixture,
          account,
          buildPaymentCalls({ escrowAddress: fixture.escrow.address, terms, operation: "charge" }),
        ),
      ]);
      const fee = (price * 100n) / 10_000n;
      expect(await fixture.token.read.balanceOf([fixture.merchant.account.address])).to.equal(price - fee);
      expect(await fixture.token.read.balanceOf([fixture.feeReceiver.account.address])).to.equal(fee);
      expect(await fixture.token.read.balanceOf([account.address])).to.equal(0n);
    });

    it("earns loyalty points on capture (ERC-1155 into the account) and spends them on the next payment", async () => {
      const account = await paykeyAccountOf(fixture, createSoftwarePasskey());
      await fixture.token.write.mint([account.address, 2n * price]);
      const first = await paymentTerms(fixture, account.address, price);
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, account, buildPaymentCalls({ escrowAddress: fixture.escrow.address, terms: first })),
      ]);
      await fixture.escrowAsMerchant.write.capture([first, price]);
      const earned = (price * 100n) / 10_000n;
      expect(await fixture.loyaltyPoints.read.balanceOf([account.address, fixture.merchantId])).to.equal(earned);

      const second = await paymentTerms(fixture, account.address, price);
      const discount = { ...noDiscount, points: earned };
      const payerAmount = await fixture.escrow.read.quote([second, discount]);
      expect(payerAmount).to.equal(price - earned);
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(
          fixture,
          account,
          buildPaymentCalls({ escrowAddress: fixture.escrow.address, terms: second, discount, payerAmount }),
        ),
      ]);
      expect(await fixture.loyaltyPoints.read.balanceOf([account.address, fixture.merchantId])).to.equal(0n);
      expect(await fixture.token.read.balanceOf([account.address])).to.equal(2n * price - price - payerAmount);
    });

    it("reclaims an expired authorization with a passkey-signed operation", async () => {
      const account = await paykeyAccountOf(fixture, createSoftwarePasskey());
      await fixture.token.write.mint([account.address, price]);
      const terms = await paymentTerms(fixture, account.address, price);
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, account, buildPaymentCalls({ escrowAddress: fixture.escrow.address, terms })),
      ]);
      await fixture.networkHelpers.time.increaseTo(terms.authorizationExpiry + 1);
      const reclaim = {
        to: fixture.escrow.address,
        data: encodeFunctionData({ abi: paymentEscrowAbi, functionName: "reclaim", args: [terms] }),
      };
      await sendAndExpectSuccess(fixture, [await prepareSponsoredOperation(fixture, account, [reclaim])]);
      expect(await fixture.token.read.balanceOf([account.address])).to.equal(price);
    });

    it("reports a payment the escrow refuses as a failed operation, leaving the funds in the account", async () => {
      const account = await paykeyAccountOf(fixture, createSoftwarePasskey());
      await fixture.token.write.mint([account.address, price]);
      // Terms for someone else: the escrow only lets the payer authorize.
      const terms = await paymentTerms(fixture, fixture.outsider.account.address, price);
      const operation = await prepareSponsoredOperation(
        fixture,
        account,
        buildPaymentCalls({ escrowAddress: fixture.escrow.address, terms }),
      );
      const { outcomes } = await operationOutcomes(fixture, await sendOperations(fixture, [operation]));
      expect(outcomes[0]?.success).to.equal(false);
      const reason = decodeErrorResult({ abi: paymentEscrowAbi, data: outcomes[0]?.revertReason ?? "0x" });
      expect(reason.errorName).to.equal("NotPayer");
      expect(reason.args).to.deep.equal([getAddress(fixture.outsider.account.address), account.address]);
      expect(await fixture.token.read.balanceOf([account.address])).to.equal(price);
      expect(await fixture.token.read.allowance([account.address, fixture.escrow.address])).to.equal(0n);
    });

    it("carries ten payments from ten new accounts in one bundle", async () => {
      const operations = [];
      const accounts = [];
      for (let index = 0; index < 10; index += 1) {
        const account = await paykeyAccountOf(fixture, createSoftwarePasskey());
        await fixture.token.write.mint([account.address, price]);
        const terms = await paymentTerms(fixture, account.address, price);
        operations.push(
          await prepareSponsoredOperation(fixture, account, buildPaymentCalls({ escrowAddress: fixture.escrow.address, terms })),
        );
        accounts.push(account);
      }
      const { receipt } = await sendAndExpectSuccess(fixture, operations);
      expect(parseEventLogs({ abi: paymentEscrowAbi, logs: receipt.logs, eventName: "PaymentAuthorized" })).to.have.length(10);
      expect(await fixture.token.read.balanceOf([fixture.escrow.address])).to.equal(10n * price);
      for (const account of accounts) expect(await fixture.token.read.balanceOf([account.address])).to.equal(0n);
    });
  });
}
