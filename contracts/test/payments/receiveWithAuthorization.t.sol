// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";
import {ERC3009} from "@openzeppelin/contracts/token/ERC20/extensions/draft-ERC3009.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice `authorizeWithReceiveAuthorization` and `chargeWithReceiveAuthorization`: the payer signs an
/// EIP-3009 authorization off-chain whose nonce binds the exact terms and discount; anyone (the relayer)
/// submits it.
contract ReceiveWithAuthorizationTest is EscrowFixture {
    address internal relayer;
    IPaymentEscrow.PaymentTerms internal terms;
    uint256 internal validBefore;

    function setUp() public override {
        super.setUp();
        relayer = makeAddr("relayer");
        vm.prank(payer);
        usdc.approve(address(escrow), 0);
        terms = _terms(PRICE);
        validBefore = block.timestamp + 1 hours;
    }

    function test_authorizeWithReceiveAuthorization_succeedsWhen_SubmittedByRelayer() public {
        IPaymentEscrow.Discount memory discount = _noDiscount();
        bytes32 nonce = escrow.authorizationNonce(terms, discount);
        (uint8 v, bytes32 r, bytes32 s) = _signReceive(payerKey, usdc, PRICE, 0, validBefore, nonce);

        vm.prank(relayer);
        bytes32 paymentId = escrow.authorizeWithReceiveAuthorization(terms, discount, 0, validBefore, v, r, s);

        _assertPayment(paymentId, PRICE, 0);
        assertEq(usdc.balanceOf(address(escrow)), PRICE, "escrowed");
        assertTrue(usdc.authorizationState(payer, nonce), "EIP-3009 nonce used");
    }

    function test_chargeWithReceiveAuthorization_succeedsWhen_SubmittedByRelayer() public {
        IPaymentEscrow.Discount memory discount = _noDiscount();
        bytes32 nonce = escrow.authorizationNonce(terms, discount);
        (uint8 v, bytes32 r, bytes32 s) = _signReceive(payerKey, usdc, PRICE, 0, validBefore, nonce);

        vm.prank(relayer);
        bytes32 paymentId = escrow.chargeWithReceiveAuthorization(terms, discount, 0, validBefore, v, r, s);

        _assertPayment(paymentId, 0, PRICE);
        assertEq(usdc.balanceOf(payout), PRICE - _fee(PRICE), "paid out");
        assertEq(usdc.balanceOf(feeReceiver), _fee(PRICE), "fee");
    }

    function test_authorizeWithReceiveAuthorization_revertsWhen_TermsDifferFromSigned() public {
        bytes32 nonce = escrow.authorizationNonce(terms, _noDiscount());
        (uint8 v, bytes32 r, bytes32 s) = _signReceive(payerKey, usdc, PRICE, 0, validBefore, nonce);
        // The relayer swaps in another order reference: the nonce, and so the signature, no longer match.
        terms.orderRef = keccak256("another order");
        vm.prank(relayer);
        vm.expectRevert(ERC3009.ERC3009InvalidSignature.selector);
        escrow.authorizeWithReceiveAuthorization(terms, _noDiscount(), 0, validBefore, v, r, s);
    }

    function test_authorizeWithReceiveAuthorization_revertsWhen_DiscountDiffersFromSigned() public {
        vm.prank(payer);
        usdc.approve(address(escrow), type(uint256).max);
        _earnPoints(payer, 100);
        vm.prank(payer);
        usdc.approve(address(escrow), 0);
        bytes32 nonce = escrow.authorizationNonce(terms, _noDiscount());
        // Signed for the full price without points; submitted with points (and the matching lower value).
        (uint8 v, bytes32 r, bytes32 s) = _signReceive(payerKey, usdc, PRICE - 100, 0, validBefore, nonce);
        vm.prank(relayer);
        vm.expectRevert(ERC3009.ERC3009InvalidSignature.selector);
        escrow.authorizeWithReceiveAuthorization(terms, _pointsDiscount(100), 0, validBefore, v, r, s);
        assertEq(points.balanceOf(payer, merchantId), 100, "points not burned");
    }

    function test_authorizeWithReceiveAuthorization_revertsWhen_Replayed() public {
        bytes32 nonce = escrow.authorizationNonce(terms, _noDiscount());
        (uint8 v, bytes32 r, bytes32 s) = _signReceive(payerKey, usdc, PRICE, 0, validBefore, nonce);
        vm.prank(relayer);
        bytes32 paymentId = escrow.authorizeWithReceiveAuthorization(terms, _noDiscount(), 0, validBefore, v, r, s);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.PaymentAlreadyExists.selector, paymentId));
        escrow.chargeWithReceiveAuthorization(terms, _noDiscount(), 0, validBefore, v, r, s);
    }

    function test_authorizeWithReceiveAuthorization_revertsWhen_AuthorizationExpired() public {
        bytes32 nonce = escrow.authorizationNonce(terms, _noDiscount());
        (uint8 v, bytes32 r, bytes32 s) = _signReceive(payerKey, usdc, PRICE, 0, validBefore, nonce);
        vm.warp(validBefore);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.ERC3009InvalidAuthorizationTime.selector, 0, validBefore));
        escrow.authorizeWithReceiveAuthorization(terms, _noDiscount(), 0, validBefore, v, r, s);
    }

    function test_authorizeWithReceiveAuthorization_revertsWhen_PayerCancelledTheAuthorization() public {
        bytes32 nonce = escrow.authorizationNonce(terms, _noDiscount());
        (uint8 v, bytes32 r, bytes32 s) = _signReceive(payerKey, usdc, PRICE, 0, validBefore, nonce);
        bytes32 cancelHash = keccak256(
            abi.encode(keccak256("CancelAuthorization(address authorizer,bytes32 nonce)"), payer, nonce)
        );
        (uint8 cv, bytes32 cr, bytes32 cs) = vm.sign(payerKey, _digest(usdc.DOMAIN_SEPARATOR(), cancelHash));
        usdc.cancelAuthorization(payer, nonce, cv, cr, cs);

        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.ERC3009UsedAuthorization.selector, payer, nonce));
        escrow.authorizeWithReceiveAuthorization(terms, _noDiscount(), 0, validBefore, v, r, s);
    }

    function test_authorizeWithReceiveAuthorization_revertsWhen_PayerIsZero() public {
        terms.payer = address(0);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.InvalidPayer.selector, address(0)));
        escrow.authorizeWithReceiveAuthorization(terms, _noDiscount(), 0, validBefore, 27, bytes32(0), bytes32(0));
    }

    function test_chargeWithReceiveAuthorization_revertsWhen_EscrowPaused() public {
        vm.prank(platform);
        escrow.pause();
        vm.prank(relayer);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        escrow.chargeWithReceiveAuthorization(terms, _noDiscount(), 0, validBefore, 27, bytes32(0), bytes32(0));
    }

    function test_authorizationNonce_differsPerTermsAndDiscount() public view {
        bytes32 base = escrow.authorizationNonce(terms, _noDiscount());
        assertNotEq(base, escrow.authorizationNonce(terms, _pointsDiscount(1)), "points are bound");
        IPaymentEscrow.Discount memory withCoupon = _noDiscount();
        withCoupon.coupon.couponId = keccak256("WELCOME");
        assertNotEq(base, escrow.authorizationNonce(terms, withCoupon), "coupon is bound");
        IPaymentEscrow.PaymentTerms memory other = _terms(PRICE);
        other.salt = 2;
        assertNotEq(base, escrow.authorizationNonce(other, _noDiscount()), "terms are bound");
    }
}
