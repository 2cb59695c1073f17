// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

contract ChargeTest is EscrowFixture {
    function test_charge_succeedsWith_FullCaptureInOneCall() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        bytes32 expectedId = escrow.getPaymentId(terms);
        uint256 fee = _fee(PRICE);

        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentAuthorized(
            expectedId, merchantId, payer, address(usdc), PRICE, PRICE, 0, bytes32(0), 0, FEE_BPS, terms.orderRef,
            terms.lineItemsHash
        );
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentCaptured(
            expectedId, merchantId, payer, address(usdc), PRICE, fee, payout, feeReceiver, _pointsFor(PRICE),
            terms.orderRef, terms.lineItemsHash
        );
        bytes32 paymentId = _charge(terms);

        assertEq(paymentId, expectedId, "payment id");
        _assertPayment(paymentId, 0, PRICE);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - PRICE, "payer paid");
        assertEq(usdc.balanceOf(payout), PRICE - fee, "payout");
        assertEq(usdc.balanceOf(feeReceiver), fee, "fee");
        assertEq(usdc.balanceOf(address(escrow)), 0, "nothing left in escrow");
        assertEq(points.balanceOf(payer, merchantId), _pointsFor(PRICE), "points earned");
    }

    function test_charge_succeedsWith_ZeroFee() public {
        vm.prank(platform);
        escrow.setMerchantFee(merchantId, 0, feeReceiver);
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        terms.feeBps = 0;
        _charge(terms);
        assertEq(usdc.balanceOf(payout), PRICE, "payout gets everything");
        assertEq(usdc.balanceOf(feeReceiver), 0, "no fee");
    }

    function test_charge_revertsWhen_CallerIsNotPayer() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotPayer.selector, payer, merchantOwner));
        escrow.charge(terms, _noDiscount());
    }

    function test_charge_revertsWhen_EscrowPaused() public {
        vm.prank(platform);
        escrow.pause();
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        vm.prank(payer);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        escrow.charge(terms, _noDiscount());
    }

    function test_charge_revertsWhen_PaymentIdUsedBefore() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        bytes32 paymentId = _authorize(terms);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.PaymentAlreadyExists.selector, paymentId));
        escrow.charge(terms, _noDiscount());
    }

    function testFuzz_charge_paysOutEverything(uint256 amount, uint16 feeBps) public {
        amount = bound(amount, 1, type(uint120).max);
        feeBps = uint16(bound(feeBps, 0, escrow.MAX_FEE_BPS()));
        vm.prank(platform);
        escrow.setMerchantFee(merchantId, feeBps, feeReceiver);
        _fund(payer, amount);
        IPaymentEscrow.PaymentTerms memory terms = _terms(amount);
        terms.feeBps = feeBps;

        _assertPayment(_charge(terms), 0, amount);

        assertEq(usdc.balanceOf(payout) + usdc.balanceOf(feeReceiver), amount, "all paid out");
        assertEq(usdc.balanceOf(feeReceiver), amount * feeBps / 10_000, "fee");
        assertEq(usdc.balanceOf(address(escrow)), 0, "escrow empty");
    }
}
