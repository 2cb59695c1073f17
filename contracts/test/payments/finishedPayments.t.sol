// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {AuthorizedPaymentFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";

/// @notice A payment is finished when nothing is left to capture or refund after its authorization expiry.
/// The void, reclaim or refund that finishes it clears its storage (a gas refund); anything short of that
/// keeps it; and the terms of a cleared payment can never be authorized again, so ids are never reused.
contract FinishedPaymentsTest is AuthorizedPaymentFixture {
    function setUp() public override {
        super.setUp();
        // Refunds come from the merchant's own funds.
        _fund(merchantOwner, PRICE);
    }

    function test_reclaim_clearsEverySlotItWrites() public {
        vm.warp(terms.authorizationExpiry + 1);
        vm.record();
        vm.prank(payer);
        escrow.reclaim(terms);
        _assertWrittenSlotsAreZero();
        _assertFinished(paymentId);
    }

    function test_reclaim_clearsTheRedeemedPointsToo() public {
        _earnPoints(payer, 1_000);
        IPaymentEscrow.PaymentTerms memory withPoints = _terms(PRICE);
        withPoints.salt = 2;
        vm.prank(payer);
        bytes32 id = escrow.authorize(withPoints, _pointsDiscount(1_000));

        vm.warp(withPoints.authorizationExpiry + 1);
        vm.record();
        vm.prank(payer);
        escrow.reclaim(withPoints);
        (, bytes32[] memory writes) = vm.accesses(address(escrow));
        _assertWrittenSlotsAreZero();
        // The payment slot, the redeemed-points slot and the reentrancy guard's transient slot aside.
        assertEq(writes.length, 2, "payment and redeemed points cleared");
        _assertFinished(id);
        assertEq(points.balanceOf(payer, merchantId), 1_000, "redeemed points credited back");
    }

    function test_authorize_revertsWhen_TermsOfAFinishedPayment() public {
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(payer);
        escrow.reclaim(terms);

        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentEscrowErrors.AuthorizationExpiryInPast.selector, terms.authorizationExpiry, block.timestamp
            )
        );
        escrow.authorize(terms, _noDiscount());
    }

    function test_void_keepsThePayment_BeforeExpiry() public {
        vm.prank(merchantOwner);
        escrow.void(terms);
        _assertPayment(paymentId, 0, 0);
        // Not finished: its terms are still authorizable, so the id stays taken.
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.PaymentAlreadyExists.selector, paymentId));
        escrow.authorize(terms, _noDiscount());
    }

    function test_void_clearsThePayment_AfterExpiry() public {
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(merchantOwner);
        escrow.void(terms);
        _assertFinished(paymentId);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS, "payer has everything back");
    }

    function test_refund_clearsThePayment_WhenFullAfterExpiry() public {
        _capture(terms, PRICE);
        vm.warp(terms.authorizationExpiry + 1);
        vm.record();
        vm.prank(merchantOwner);
        escrow.refund(terms, PRICE);
        _assertWrittenSlotsAreZero();
        _assertFinished(paymentId);
    }

    function test_refund_keepsThePayment_WhenPartialAfterExpiry() public {
        _capture(terms, PRICE);
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(merchantOwner);
        escrow.refund(terms, PRICE - 1);
        _assertPayment(paymentId, 0, 1);
    }

    function test_refund_keepsThePayment_WhenFullBeforeExpiry() public {
        _capture(terms, PRICE);
        vm.prank(merchantOwner);
        escrow.refund(terms, PRICE);
        _assertPayment(paymentId, 0, 0);
    }

    function test_refund_keepsThePayment_WhileSomethingIsCapturable() public {
        _capture(terms, 10_000_000);
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(merchantOwner);
        escrow.refund(terms, 10_000_000);
        // The uncaptured rest can still be reclaimed.
        _assertPayment(paymentId, PRICE - 10_000_000, 0);
        vm.prank(payer);
        escrow.reclaim(terms);
        _assertFinished(paymentId);
    }

    /// @dev Every escrow storage slot written since `vm.record()` now holds zero.
    function _assertWrittenSlotsAreZero() private {
        (, bytes32[] memory writes) = vm.accesses(address(escrow));
        assertTrue(writes.length != 0, "the call wrote storage");
        for (uint256 i; i < writes.length; ++i) {
            assertEq(uint256(vm.load(address(escrow), writes[i])), 0, "written slot cleared");
        }
    }
}
