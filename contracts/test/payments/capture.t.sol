// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {AuthorizedPaymentFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";
import {TestStablecoin} from "../../tokens/TestStablecoin.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

contract CaptureTest is AuthorizedPaymentFixture {
    function test_capture_succeedsWith_FullAmount() public {
        uint256 fee = _fee(PRICE);
        uint256 earned = _pointsFor(PRICE);
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentCaptured(
            paymentId, merchantId, payer, address(usdc), PRICE, fee, payout, feeReceiver, earned, terms.orderRef,
            terms.lineItemsHash
        );
        _capture(terms, PRICE);

        _assertPayment(paymentId, 0, PRICE);
        assertEq(usdc.balanceOf(payout), PRICE - fee, "payout receives the price net of fee");
        assertEq(usdc.balanceOf(feeReceiver), fee, "fee receiver receives the fee");
        assertEq(usdc.balanceOf(address(escrow)), 0, "escrow is empty");
        assertEq(points.balanceOf(payer, merchantId), earned, "payer earned points");
        assertEq(points.totalSupply(merchantId), earned, "points supply");
    }

    function test_capture_succeedsWith_PartialAmount() public {
        _capture(terms, 10_000_000);
        _assertPayment(paymentId, PRICE - 10_000_000, 10_000_000);
        assertEq(usdc.balanceOf(payout), 10_000_000 - _fee(10_000_000), "payout");
        assertEq(usdc.balanceOf(address(escrow)), PRICE - 10_000_000, "remainder stays in escrow");
    }

    function test_capture_succeedsWith_RepeatedPartialAmountsUpToFull() public {
        _capture(terms, 10_000_000);
        _capture(terms, 10_000_000);
        _capture(terms, 5_000_000);
        _assertPayment(paymentId, 0, PRICE);
        assertEq(usdc.balanceOf(payout) + usdc.balanceOf(feeReceiver), PRICE, "everything paid out");
        assertEq(
            points.balanceOf(payer, merchantId), 2 * _pointsFor(10_000_000) + _pointsFor(5_000_000), "points per capture"
        );
    }

    function test_capture_succeedsWhen_CalledByOperator() public {
        vm.prank(operator);
        escrow.capture(terms, PRICE);
        _assertPayment(paymentId, 0, PRICE);
    }

    function test_capture_succeedsAt_ExpirySecond() public {
        vm.warp(terms.authorizationExpiry);
        _capture(terms, PRICE);
        _assertPayment(paymentId, 0, PRICE);
    }

    function test_capture_succeedsWith_TermsFee_AfterMerchantFeeChanged() public {
        address newReceiver = makeAddr("newFeeReceiver");
        vm.prank(platform);
        escrow.setMerchantFee(merchantId, 500, newReceiver);
        _capture(terms, PRICE);
        assertEq(usdc.balanceOf(newReceiver), _fee(PRICE), "fee signed in the terms, paid to the current receiver");
        assertEq(usdc.balanceOf(payout), PRICE - _fee(PRICE), "payout");
    }

    function test_capture_succeedsWith_LoyaltyRateOfAuthorization_AfterRateChanged() public {
        vm.prank(merchantOwner);
        escrow.updateMerchant(merchantId, payout, address(usdc), couponSigner, 5_000);
        _capture(terms, PRICE);
        assertEq(points.balanceOf(payer, merchantId), _pointsFor(PRICE), "rate at authorization applies");
    }

    function test_capture_succeedsWhen_TokenRevokedAfterAuthorization() public {
        vm.prank(platform);
        escrow.setTokenAllowed(address(usdc), false);
        _capture(terms, PRICE);
        _assertPayment(paymentId, 0, PRICE);
    }

    function test_capture_succeedsWhen_EscrowPaused() public {
        vm.prank(platform);
        escrow.pause();
        _capture(terms, PRICE);
        _assertPayment(paymentId, 0, PRICE);
    }

    function test_capture_revertsWhen_CallerIsNotOperator() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotMerchantOperator.selector, merchantId, stranger));
        escrow.capture(terms, PRICE);
    }

    function test_capture_revertsWhen_OperatorRevoked() public {
        vm.prank(merchantOwner);
        escrow.setMerchantOperator(merchantId, operator, false);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotMerchantOperator.selector, merchantId, operator));
        escrow.capture(terms, PRICE);
    }

    function test_capture_revertsWhen_AfterExpiry() public {
        vm.warp(terms.authorizationExpiry + 1);
        _expectCaptureRevert(
            PRICE,
            abi.encodeWithSelector(
                IPaymentEscrowErrors.AuthorizationExpired.selector,
                paymentId,
                terms.authorizationExpiry,
                terms.authorizationExpiry + 1
            )
        );
    }

    function test_capture_revertsWhen_AmountIsZero() public {
        _expectCaptureRevert(0, abi.encodeWithSelector(IPaymentEscrowErrors.ZeroAmount.selector, paymentId));
    }

    function test_capture_revertsWhen_AmountExceedsCapturable() public {
        _capture(terms, 10_000_000);
        _expectCaptureRevert(
            PRICE,
            abi.encodeWithSelector(
                IPaymentEscrowErrors.InsufficientCapturable.selector, paymentId, PRICE - 10_000_000, PRICE
            )
        );
    }

    function test_capture_revertsWhen_Voided() public {
        vm.prank(merchantOwner);
        escrow.void(terms);
        _expectCaptureRevert(
            1, abi.encodeWithSelector(IPaymentEscrowErrors.InsufficientCapturable.selector, paymentId, 0, 1)
        );
    }

    function test_capture_revertsWhen_PaymentNotFound() public {
        terms.salt = 2;
        bytes32 unknownId = escrow.getPaymentId(terms);
        _expectCaptureRevert(PRICE, abi.encodeWithSelector(IPaymentEscrowErrors.PaymentNotFound.selector, unknownId));
    }

    function test_capture_revertsWhen_PayoutBlacklisted_AndNothingChanges() public {
        usdc.setBlacklisted(payout, true);
        _expectCaptureRevert(PRICE, abi.encodeWithSelector(TestStablecoin.AccountBlacklisted.selector, payout));
        _assertUntouched();
    }

    function test_capture_revertsWhen_FeeReceiverBlacklisted_AndNothingChanges() public {
        usdc.setBlacklisted(feeReceiver, true);
        _expectCaptureRevert(PRICE, abi.encodeWithSelector(TestStablecoin.AccountBlacklisted.selector, feeReceiver));
        _assertUntouched();
    }

    function test_capture_revertsWhen_TokenPaused_AndNothingChanges() public {
        usdc.pause();
        _expectCaptureRevert(PRICE, abi.encodeWithSelector(Pausable.EnforcedPause.selector));
        _assertUntouched();
        usdc.unpause();
        _capture(terms, PRICE);
        _assertPayment(paymentId, 0, PRICE);
    }

    function testFuzz_capture_splitsAmountIntoPayoutAndFee(uint256 amount, uint256 captured, uint16 feeBps) public {
        amount = bound(amount, 1, type(uint120).max);
        captured = bound(captured, 1, amount);
        feeBps = uint16(bound(feeBps, 0, escrow.MAX_FEE_BPS()));
        vm.prank(platform);
        escrow.setMerchantFee(merchantId, feeBps, feeReceiver);
        _fund(payer, amount);
        IPaymentEscrow.PaymentTerms memory fuzzed = _terms(amount);
        (fuzzed.feeBps, fuzzed.salt) = (feeBps, 7);
        bytes32 fuzzedId = _authorize(fuzzed);

        _capture(fuzzed, captured);

        uint256 fee = captured * feeBps / 10_000;
        _assertPayment(fuzzedId, amount - captured, captured);
        assertEq(usdc.balanceOf(feeReceiver), fee, "fee");
        assertEq(usdc.balanceOf(payout), captured - fee, "net");
        assertEq(points.balanceOf(payer, merchantId), _pointsFor(captured), "points");
    }

    function testFuzz_capture_neverExceedsTheAuthorization(uint256 first, uint256 second) public {
        first = bound(first, 1, PRICE);
        second = bound(second, 1, PRICE);
        _capture(terms, first);
        if (second > PRICE - first) {
            _expectCaptureRevert(
                second,
                abi.encodeWithSelector(
                    IPaymentEscrowErrors.InsufficientCapturable.selector, paymentId, PRICE - first, second
                )
            );
            _assertPayment(paymentId, PRICE - first, first);
        } else {
            _capture(terms, second);
            _assertPayment(paymentId, PRICE - first - second, first + second);
        }
        assertEq(usdc.balanceOf(address(escrow)) + usdc.balanceOf(payout) + usdc.balanceOf(feeReceiver), PRICE);
    }

    function _expectCaptureRevert(uint256 amount, bytes memory revertData) private {
        vm.prank(merchantOwner);
        vm.expectRevert(revertData);
        escrow.capture(terms, amount);
    }

    function _assertUntouched() private view {
        _assertPayment(paymentId, PRICE, 0);
        assertEq(usdc.balanceOf(address(escrow)), PRICE, "escrow still holds the payment");
        assertEq(usdc.balanceOf(payout), 0, "payout untouched");
        assertEq(usdc.balanceOf(feeReceiver), 0, "fee receiver untouched");
        assertEq(points.balanceOf(payer, merchantId), 0, "no points minted");
    }
}
