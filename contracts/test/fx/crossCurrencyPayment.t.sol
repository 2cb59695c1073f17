// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {FxFixture} from "./FxFixture.sol";
import {IFxRouter} from "../../interfaces/IFxRouter.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {PaymentEscrow} from "../../payments/PaymentEscrow.sol";

/// The payment flow the wallet batches (approve router → convertExactOut(ref = payment id) → approve escrow
/// → authorize/charge), here as the payer's consecutive calls: the merchant's escrow receives exactly the
/// invoiced amount in its settlement token, the payer pays at most its maximum, and a refund returns the
/// settlement token, which converts back the same way.
contract CrossCurrencyPaymentTest is FxFixture {
    uint16 internal constant FEE_BPS = 100;
    PaymentEscrow internal escrow;
    address internal feeReceiver;
    address internal merchantOwner;
    uint256 internal merchantId;

    function setUp() public override {
        super.setUp();
        feeReceiver = makeAddr("feeReceiver");
        merchantOwner = makeAddr("eurMerchant");
        escrow = new PaymentEscrow(owner, FEE_BPS, feeReceiver, "");
        vm.prank(owner);
        escrow.setTokenAllowed(address(eurc), true);
        vm.prank(merchantOwner);
        merchantId = escrow.registerMerchant(merchantOwner, address(eurc), address(0), 0);
        // A payer holding only USD.
        vm.prank(payer);
        eurc.transfer(stranger, PAYER_FUNDS);
    }

    function _terms(uint256 amount) internal view returns (IPaymentEscrow.PaymentTerms memory) {
        return IPaymentEscrow.PaymentTerms({
            merchantId: merchantId,
            payer: payer,
            token: address(eurc),
            amount: amount,
            feeBps: FEE_BPS,
            authorizationExpiry: uint48(block.timestamp + 1 days),
            refundDeadline: uint48(block.timestamp + 30 days),
            orderRef: keccak256("INV-EU-7"),
            lineItemsHash: keccak256("1x Stroopwafel tin"),
            salt: 7
        });
    }

    /// @dev The batch's calls, as the payer. Returns what the conversion charged. With `expected`, asserts the
    /// conversion emits it.
    function _pay(IPaymentEscrow.PaymentTerms memory terms, uint256 maxAmountIn, bool chargeNow, uint256 expected)
        internal
        returns (uint256 amountIn)
    {
        bytes32 paymentId = escrow.getPaymentId(terms);
        IPaymentEscrow.Discount memory none;
        vm.startPrank(payer);
        usdc.approve(address(router), maxAmountIn);
        if (expected != 0) {
            (, int256 rate,,,) = feed.latestRoundData();
            vm.expectEmit(address(router));
            emit IFxRouter.Converted(
                paymentId, payer, address(usdc), address(eurc), expected, terms.amount, uint256(rate), 8, SPREAD_BPS, 2
            );
        }
        amountIn = router.convertExactOut(
            address(usdc), address(eurc), terms.amount, maxAmountIn, block.timestamp + 60, paymentId
        );
        eurc.approve(address(escrow), terms.amount);
        if (chargeNow) escrow.charge(terms, none);
        else escrow.authorize(terms, none);
        vm.stopPrank();
    }

    function test_crossCurrencyPayment_chargesExactlyTheInvoice_AndThePayerAtMostItsMaximum() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(49_990_000); // 49.99 EUR
        uint256 quoted = router.quoteExactOut(address(usdc), address(eurc), terms.amount).amountIn;
        uint256 maxAmountIn = quoted * 10_050 / 10_000;
        // The feed moves up 0.3% after the quote: within the 0.5% buffer.
        int256 moved = EUR_USD * 10_030 / 10_000;
        _setAnswer(moved);
        uint256 usdBefore = usdc.balanceOf(payer);
        uint256 expectedIn = router.quoteExactOut(address(usdc), address(eurc), terms.amount).amountIn;
        assertEq(expectedIn, (uint256(terms.amount) * uint256(moved) * 10_025 + 1e12 - 1) / 1e12, "the moved price");

        uint256 amountIn = _pay(terms, maxAmountIn, true, expectedIn);

        assertGt(amountIn, quoted, "paid the moved rate");
        assertLe(amountIn, maxAmountIn, "never above the signed maximum");
        assertEq(usdBefore - usdc.balanceOf(payer), amountIn, "payer paid amountIn in USD");
        assertEq(eurc.balanceOf(payer), 0, "payer kept no EUR");
        uint256 fee = terms.amount * FEE_BPS / 10_000;
        assertEq(eurc.balanceOf(merchantOwner), terms.amount - fee, "merchant got the invoice net of its fee");
        assertEq(eurc.balanceOf(feeReceiver), fee, "fee receiver got the fee");
        assertEq(eurc.balanceOf(address(router)), SEED - terms.amount, "pool paid exactly the invoice");
        assertEq(usdc.balanceOf(address(router)), SEED + amountIn, "pool got what the payer paid");
        assertEq(usdc.allowance(payer, address(router)), maxAmountIn - amountIn, "only the unused maximum left");
    }

    function test_crossCurrencyPayment_revertsAsAWhole_WhenTheFeedMovesBeyondTheBuffer() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(49_990_000);
        uint256 maxAmountIn = router.quoteExactOut(address(usdc), address(eurc), terms.amount).amountIn * 10_050 / 10_000;
        _setAnswer(EUR_USD * 10_060 / 10_000);
        uint256 price = router.quoteExactOut(address(usdc), address(eurc), terms.amount).amountIn;
        vm.prank(payer);
        usdc.approve(address(router), maxAmountIn);
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.MaxAmountInExceeded.selector, price, maxAmountIn));
        vm.prank(payer);
        router.convertExactOut(address(usdc), address(eurc), terms.amount, maxAmountIn, block.timestamp, bytes32(0));
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS, "nothing moved");
        (bool exists,,) = escrow.paymentState(escrow.getPaymentId(terms));
        assertFalse(exists, "no payment");
    }

    function test_crossCurrencyPayment_refundReturnsTheSettlementToken_ThatConvertsBack() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(20_000_000);
        uint256 paid = _pay(terms, type(uint256).max, true, 0);
        eurc.mint(merchantOwner, 1e6);
        vm.startPrank(merchantOwner);
        eurc.approve(address(escrow), terms.amount);
        escrow.refund(terms, terms.amount);
        vm.stopPrank();
        assertEq(eurc.balanceOf(payer), terms.amount, "refund in EUR");

        // One tap back to USD: sell exactly the EUR held for what it buys, i.e. exact-out at the quote.
        bytes32 paymentId = escrow.getPaymentId(terms);
        uint256 usdOut = 21_000_000;
        uint256 eurIn = router.quoteExactOut(address(eurc), address(usdc), usdOut).amountIn;
        vm.prank(payer);
        router.convertExactOut(address(eurc), address(usdc), usdOut, terms.amount, block.timestamp, paymentId);
        assertEq(eurc.balanceOf(payer), terms.amount - eurIn, "EUR spent");
        assertLt(usdOut, paid, "a round trip costs both spreads");
    }
}
