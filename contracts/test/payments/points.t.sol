// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";

/// @notice Loyalty points through the escrow: earned on capture, redeemed at checkout (one point is
/// one base unit off), removed on refund, and credited back when redeemed-for money goes back.
contract PointsTest is EscrowFixture {
    uint256 internal constant EARNED = 1_000;

    function setUp() public override {
        super.setUp();
        _earnPoints(payer, EARNED);
    }

    function test_points_redeemedAtCheckout() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        bytes32 paymentId = escrow.getPaymentId(terms);
        uint256 payerBefore = usdc.balanceOf(payer);
        uint256 supplyBefore = points.totalSupply(merchantId);

        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentAuthorized(
            paymentId, merchantId, payer, address(usdc), PRICE - 400, PRICE, 400, bytes32(0), 0, FEE_BPS,
            terms.orderRef, terms.lineItemsHash
        );
        vm.prank(payer);
        escrow.authorize(terms, _pointsDiscount(400));

        _assertPayment(paymentId, PRICE - 400, 0);
        assertEq(payerBefore - usdc.balanceOf(payer), PRICE - 400, "payer pays less");
        assertEq(points.balanceOf(payer, merchantId), EARNED - 400, "points burned");
        assertEq(points.totalSupply(merchantId), supplyBefore - 400, "supply follows");
    }

    function test_points_revertsWhen_PayerHoldsFewer() public {
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrowErrors.InsufficientPoints.selector, payer, merchantId, EARNED, EARNED + 1)
        );
        escrow.authorize(_terms(PRICE), _pointsDiscount(EARNED + 1));
    }

    function test_points_revertsWhen_PointsOfAnotherMerchant() public {
        vm.prank(stranger);
        uint256 otherShop = escrow.registerMerchant(stranger, address(usdc), address(0), LOYALTY_BPS);
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        terms.merchantId = otherShop;
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrowErrors.InsufficientPoints.selector, payer, otherShop, 0, 1)
        );
        escrow.authorize(terms, _pointsDiscount(1));
    }

    function test_points_revertsWhen_PointsCoverThePrice() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(EARNED);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.DiscountCoversPrice.selector, EARNED, 0, EARNED));
        escrow.authorize(terms, _pointsDiscount(EARNED));
    }

    function test_points_restoredWhen_Voided() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        vm.prank(payer);
        bytes32 paymentId = escrow.authorize(terms, _pointsDiscount(EARNED));

        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentVoided(
            paymentId, merchantId, payer, address(usdc), PRICE - EARNED, EARNED, terms.orderRef, terms.lineItemsHash
        );
        vm.prank(merchantOwner);
        escrow.void(terms);
        assertEq(points.balanceOf(payer, merchantId), EARNED, "redeemed points back");
    }

    function test_points_restoredInProportionWhen_PartlyCapturedThenReclaimed() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        vm.prank(payer);
        escrow.authorize(terms, _pointsDiscount(EARNED));
        uint256 paid = PRICE - EARNED;
        _capture(terms, paid / 4);
        uint256 earnedNow = _pointsFor(paid / 4);

        vm.warp(terms.authorizationExpiry + 1);
        vm.prank(payer);
        escrow.reclaim(terms);
        uint256 restored = EARNED * (paid - paid / 4) / paid;
        assertEq(points.balanceOf(payer, merchantId), earnedNow + restored, "three quarters of the points back");
    }

    function test_points_burnedAndRestoredInProportionWhen_Refunded() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        vm.prank(payer);
        bytes32 paymentId = escrow.charge(terms, _pointsDiscount(EARNED));
        uint256 paid = PRICE - EARNED;
        uint256 earned = _pointsFor(paid);
        assertEq(points.balanceOf(payer, merchantId), earned, "spent all, earned anew");
        _fund(merchantOwner, paid);

        uint256 half = paid / 2;
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentRefunded(
            paymentId, merchantId, payer, address(usdc), half, merchantOwner, _pointsFor(half), EARNED * half / paid,
            terms.orderRef, terms.lineItemsHash
        );
        vm.prank(merchantOwner);
        escrow.refund(terms, half);

        vm.prank(merchantOwner);
        escrow.refund(terms, paid - half);
        assertEq(points.balanceOf(payer, merchantId), EARNED, "full refund: earned points gone, redeemed ones back");
    }

    function test_points_loyaltyRateZero_mintsNothing() public {
        vm.prank(merchantOwner);
        escrow.updateMerchant(merchantId, payout, address(usdc), couponSigner, 0);
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        _charge(terms);
        assertEq(points.balanceOf(payer, merchantId), EARNED, "no new points");
        _fund(merchantOwner, PRICE);
        vm.prank(merchantOwner);
        escrow.refund(terms, PRICE);
        assertEq(points.balanceOf(payer, merchantId), EARNED, "refund of a no-points payment burns none");
    }

    function testFuzz_points_restoredNeverExceedRedeemed(uint256 redeemed, uint256 captured, uint256 refunded) public {
        redeemed = bound(redeemed, 1, EARNED);
        uint256 paid = PRICE - redeemed;
        captured = bound(captured, 1, paid);
        refunded = bound(refunded, 1, captured);
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        vm.prank(payer);
        escrow.authorize(terms, _pointsDiscount(redeemed));
        _capture(terms, captured);
        if (captured < paid) {
            vm.prank(merchantOwner);
            escrow.void(terms);
        }
        _fund(merchantOwner, refunded);
        vm.prank(merchantOwner);
        escrow.refund(terms, refunded);

        uint256 moneyBack = paid - captured + refunded;
        uint256 held = points.balanceOf(payer, merchantId);
        uint256 earnedKept = _pointsFor(captured) - _pointsFor(refunded);
        // Each of the (at most two) credits rounds down by less than one point.
        assertLe(held, EARNED - redeemed + earnedKept + redeemed * moneyBack / paid, "never more than owed");
        assertGe(held + 2, EARNED - redeemed + earnedKept + redeemed * moneyBack / paid, "at most rounding short");
    }
}
