// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {AuthorizedPaymentFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";

contract ReclaimTest is AuthorizedPaymentFixture {
    function test_reclaim_succeedsWith_WholeAuthorization_AfterExpiry() public {
        vm.warp(terms.authorizationExpiry + 1);
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentReclaimed(
            paymentId, merchantId, payer, address(usdc), PRICE, 0, terms.orderRef, terms.lineItemsHash
        );
        vm.prank(payer);
        escrow.reclaim(terms);

        _assertFinished(paymentId);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS, "payer has everything back");
        assertEq(usdc.balanceOf(address(escrow)), 0, "escrow empty");
    }

    function test_reclaim_succeedsWith_UncapturedRemainder() public {
        _capture(terms, 10_000_000);
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(payer);
        escrow.reclaim(terms);
        _assertPayment(paymentId, 0, 10_000_000);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - 10_000_000, "remainder back");
    }

    function test_reclaim_succeedsWhen_EscrowPaused() public {
        vm.prank(platform);
        escrow.pause();
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(payer);
        escrow.reclaim(terms);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS, "payer withdraws while the escrow is paused");
    }

    function test_reclaim_revertsWhen_AtExpirySecond() public {
        vm.warp(terms.authorizationExpiry);
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentEscrowErrors.AuthorizationNotExpired.selector,
                paymentId,
                terms.authorizationExpiry,
                terms.authorizationExpiry
            )
        );
        escrow.reclaim(terms);
    }

    function test_reclaim_revertsWhen_CallerIsNotPayer() public {
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotPayer.selector, payer, merchantOwner));
        escrow.reclaim(terms);
    }

    function test_reclaim_revertsWhen_FullyCaptured() public {
        _capture(terms, PRICE);
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NothingToRelease.selector, paymentId));
        escrow.reclaim(terms);
    }

    function test_reclaim_revertsWhen_ReclaimedTwice() public {
        // Nothing was captured, so the first reclaim finished the payment and cleared it.
        _reclaimTwice(abi.encodeWithSelector(IPaymentEscrowErrors.PaymentNotFound.selector, paymentId));
    }

    function test_reclaim_revertsWhen_ReclaimedTwice_AfterPartialCapture() public {
        _capture(terms, 10_000_000);
        // The captured part stays refundable, so the payment is kept and has nothing left to release.
        _reclaimTwice(abi.encodeWithSelector(IPaymentEscrowErrors.NothingToRelease.selector, paymentId));
    }

    function _reclaimTwice(bytes memory secondError) private {
        vm.warp(terms.authorizationExpiry + 1);
        vm.startPrank(payer);
        escrow.reclaim(terms);
        vm.expectRevert(secondError);
        escrow.reclaim(terms);
        vm.stopPrank();
    }

    function test_reclaim_revertsWhen_PaymentNotFound() public {
        terms.salt = 99;
        bytes32 unknownId = escrow.getPaymentId(terms);
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.PaymentNotFound.selector, unknownId));
        escrow.reclaim(terms);
    }

    function testFuzz_reclaim_returnsTheUncapturedRemainder(uint256 captured, uint256 lateBy) public {
        captured = bound(captured, 0, PRICE - 1);
        lateBy = bound(lateBy, 1, 3650 days);
        if (captured != 0) _capture(terms, captured);
        vm.warp(terms.authorizationExpiry + lateBy);
        vm.prank(payer);
        escrow.reclaim(terms);
        if (captured == 0) _assertFinished(paymentId);
        else _assertPayment(paymentId, 0, captured);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - captured, "payer gets the uncaptured part");
    }
}
