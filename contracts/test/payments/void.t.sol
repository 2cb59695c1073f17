// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {AuthorizedPaymentFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";

contract VoidTest is AuthorizedPaymentFixture {
    function test_void_succeedsWith_WholeAuthorization() public {
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentVoided(
            paymentId, merchantId, payer, address(usdc), PRICE, 0, terms.orderRef, terms.lineItemsHash
        );
        vm.prank(merchantOwner);
        escrow.void(terms);

        _assertPayment(paymentId, 0, 0);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS, "payer has everything back");
        assertEq(usdc.balanceOf(address(escrow)), 0, "escrow empty");
    }

    function test_void_succeedsWith_UncapturedRemainder() public {
        _capture(terms, 10_000_000);
        vm.prank(operator);
        escrow.void(terms);
        _assertPayment(paymentId, 0, 10_000_000);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - 10_000_000, "remainder back");
        assertEq(usdc.balanceOf(address(escrow)), 0, "escrow empty");
    }

    function test_void_succeedsWhen_AfterExpiryAndPaused() public {
        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(platform);
        escrow.pause();
        vm.prank(merchantOwner);
        escrow.void(terms);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS, "payer has everything back");
    }

    function test_void_revertsWhen_CallerIsNotOperator() public {
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotMerchantOperator.selector, merchantId, payer));
        escrow.void(terms);
    }

    function test_void_revertsWhen_NothingLeftToRelease() public {
        _capture(terms, PRICE);
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NothingToRelease.selector, paymentId));
        escrow.void(terms);
    }

    function test_void_revertsWhen_VoidedTwice() public {
        vm.startPrank(merchantOwner);
        escrow.void(terms);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NothingToRelease.selector, paymentId));
        escrow.void(terms);
        vm.stopPrank();
    }

    function test_void_revertsWhen_PaymentNotFound() public {
        terms.salt = 99;
        bytes32 unknownId = escrow.getPaymentId(terms);
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.PaymentNotFound.selector, unknownId));
        escrow.void(terms);
    }

    function test_void_revertsWhen_PayerBlacklisted_AndNothingChanges() public {
        usdc.setBlacklisted(payer, true);
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSignature("AccountBlacklisted(address)", payer));
        escrow.void(terms);
        _assertPayment(paymentId, PRICE, 0);
        assertEq(usdc.balanceOf(address(escrow)), PRICE, "still escrowed");
    }

    function testFuzz_void_returnsTheUncapturedRemainder(uint256 captured) public {
        captured = bound(captured, 0, PRICE - 1);
        if (captured != 0) _capture(terms, captured);
        vm.prank(merchantOwner);
        escrow.void(terms);
        _assertPayment(paymentId, 0, captured);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - captured, "payer keeps the uncaptured part");
        assertEq(usdc.balanceOf(address(escrow)), 0, "escrow empty");
    }
}
