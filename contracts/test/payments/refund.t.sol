// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

contract RefundTest is EscrowFixture {
    IPaymentEscrow.PaymentTerms internal terms;
    bytes32 internal paymentId;

    function setUp() public override {
        super.setUp();
        terms = _terms(PRICE);
        paymentId = _charge(terms);
        // The merchant refunds from its own funds, pulled by the escrow from the caller.
        _fund(merchantOwner, PRICE);
        _fund(operator, PRICE);
    }

    function test_refund_succeedsWith_FullAmount() public {
        uint256 earned = _pointsFor(PRICE);
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentRefunded(
            paymentId, merchantId, payer, address(usdc), PRICE, merchantOwner, earned, 0, terms.orderRef,
            terms.lineItemsHash
        );
        _refund(merchantOwner, PRICE);

        _assertPayment(paymentId, 0, 0);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS, "payer made whole");
        assertEq(usdc.balanceOf(merchantOwner), 0, "refund came from the caller");
        assertEq(points.balanceOf(payer, merchantId), 0, "earned points removed");
        assertEq(points.totalSupply(merchantId), 0, "supply follows");
    }

    function test_refund_succeedsWith_PartialAmounts() public {
        _refund(merchantOwner, 5_000_000);
        _refund(operator, 5_000_000);
        _assertPayment(paymentId, 0, PRICE - 10_000_000);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - PRICE + 10_000_000, "two refunds");
        assertEq(usdc.balanceOf(operator), PRICE - 5_000_000, "operator paid its refund");
        assertEq(points.balanceOf(payer, merchantId), _pointsFor(PRICE - 10_000_000), "points in proportion");
    }

    function test_refund_succeedsAt_DeadlineSecond_WhilePaused() public {
        vm.prank(platform);
        escrow.pause();
        vm.warp(terms.refundDeadline);
        _refund(merchantOwner, PRICE);
        // Fully refunded after the authorization expiry: finished, so cleared.
        _assertFinished(paymentId);
    }

    function test_refund_burnsOnlyPointsStillHeld_WhenPayerSpentThem() public {
        uint256 earned = _pointsFor(PRICE);
        // The payer spends most of the points earned on another purchase at this merchant.
        IPaymentEscrow.PaymentTerms memory next = _terms(PRICE);
        next.salt = 2;
        vm.prank(payer);
        escrow.authorize(next, _pointsDiscount(earned - 10));

        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentRefunded(
            paymentId, merchantId, payer, address(usdc), PRICE, merchantOwner, 10, 0, terms.orderRef,
            terms.lineItemsHash
        );
        _refund(merchantOwner, PRICE);
        assertEq(points.balanceOf(payer, merchantId), 0, "what was left is burned, the refund is not blocked");
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - (PRICE - (earned - 10)), "money refunded in full");
    }

    function test_refund_revertsWhen_AfterDeadline() public {
        vm.warp(terms.refundDeadline + 1);
        _expectRefundRevert(
            PRICE,
            abi.encodeWithSelector(
                IPaymentEscrowErrors.RefundDeadlinePassed.selector, paymentId, terms.refundDeadline, terms.refundDeadline + 1
            )
        );
    }

    function test_refund_revertsWhen_CallerIsNotOperator() public {
        _fund(stranger, PRICE);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotMerchantOperator.selector, merchantId, stranger));
        escrow.refund(terms, PRICE);
    }

    function test_refund_revertsWhen_AmountIsZero() public {
        _expectRefundRevert(0, abi.encodeWithSelector(IPaymentEscrowErrors.ZeroAmount.selector, paymentId));
    }

    function test_refund_revertsWhen_AmountExceedsRefundable() public {
        _refund(merchantOwner, 10_000_000);
        _expectRefundRevert(
            PRICE,
            abi.encodeWithSelector(
                IPaymentEscrowErrors.InsufficientRefundable.selector, paymentId, PRICE - 10_000_000, PRICE
            )
        );
    }

    function test_refund_revertsWhen_NothingCaptured() public {
        IPaymentEscrow.PaymentTerms memory authorized = _terms(PRICE);
        authorized.salt = 2;
        bytes32 authorizedId = _authorize(authorized);
        vm.prank(merchantOwner);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrowErrors.InsufficientRefundable.selector, authorizedId, 0, 1)
        );
        escrow.refund(authorized, 1);
    }

    function test_refund_revertsWhen_PaymentNotFound() public {
        terms.salt = 99;
        bytes32 unknownId = escrow.getPaymentId(terms);
        _expectRefundRevert(PRICE, abi.encodeWithSelector(IPaymentEscrowErrors.PaymentNotFound.selector, unknownId));
    }

    function test_refund_revertsWhen_CallerHasNotApproved() public {
        vm.prank(merchantOwner);
        usdc.approve(address(escrow), 0);
        _expectRefundRevert(
            PRICE,
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, PRICE)
        );
        _assertPayment(paymentId, 0, PRICE);
    }

    function testFuzz_refund_neverExceedsCaptured(uint256 captured, uint256 first, uint256 second) public {
        IPaymentEscrow.PaymentTerms memory fuzzed = _terms(PRICE);
        fuzzed.salt = 3;
        bytes32 fuzzedId = _authorize(fuzzed);
        captured = bound(captured, 1, PRICE);
        first = bound(first, 1, captured);
        second = bound(second, 1, PRICE);
        _capture(fuzzed, captured);

        vm.prank(merchantOwner);
        escrow.refund(fuzzed, first);
        if (second > captured - first) {
            vm.prank(merchantOwner);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IPaymentEscrowErrors.InsufficientRefundable.selector, fuzzedId, captured - first, second
                )
            );
            escrow.refund(fuzzed, second);
            _assertPayment(fuzzedId, PRICE - captured, captured - first);
        } else {
            vm.prank(merchantOwner);
            escrow.refund(fuzzed, second);
            _assertPayment(fuzzedId, PRICE - captured, captured - first - second);
        }
    }

    function _refund(address caller, uint256 amount) private {
        vm.prank(caller);
        escrow.refund(terms, amount);
    }

    function _expectRefundRevert(uint256 amount, bytes memory revertData) private {
        vm.prank(merchantOwner);
        vm.expectRevert(revertData);
        escrow.refund(terms, amount);
    }
}
