// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {ReentrantToken} from "../mocks/ReentrantToken.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice A malicious settlement token that re-enters the escrow from inside its own transfer. The
/// token is even made a merchant operator, so only the reentrancy guard stands in its way.
contract ReentrancyTest is EscrowFixture {
    ReentrantToken internal evil;
    IPaymentEscrow.PaymentTerms internal terms;
    uint256 internal evilMerchant;

    function setUp() public override {
        super.setUp();
        evil = new ReentrantToken();
        vm.prank(platform);
        escrow.setTokenAllowed(address(evil), true);
        vm.startPrank(merchantOwner);
        evilMerchant = escrow.registerMerchant(payout, address(evil), address(0), 0);
        escrow.setMerchantOperator(evilMerchant, address(evil), true);
        vm.stopPrank();
        evil.mint(payer, PAYER_FUNDS);
        evil.mint(merchantOwner, PAYER_FUNDS);
        vm.prank(payer);
        evil.approve(address(escrow), type(uint256).max);
        vm.prank(merchantOwner);
        evil.approve(address(escrow), type(uint256).max);
        terms = _terms(PRICE);
        (terms.merchantId, terms.token) = (evilMerchant, address(evil));
    }

    function test_reentrancy_captureCannotReenterCapture() public {
        bytes32 paymentId = _authorize(terms);
        evil.arm(address(escrow), abi.encodeCall(escrow.capture, (terms, PRICE / 2)));
        _capture(terms, PRICE / 2);

        _assertReentryBlocked();
        _assertPayment(paymentId, PRICE / 2, PRICE / 2);
        assertEq(evil.balanceOf(address(escrow)), PRICE / 2, "only one capture left the escrow");
    }

    function test_reentrancy_voidCannotReenterVoid() public {
        bytes32 paymentId = _authorize(terms);
        evil.arm(address(escrow), abi.encodeCall(escrow.void, (terms)));
        vm.prank(merchantOwner);
        escrow.void(terms);

        _assertReentryBlocked();
        _assertPayment(paymentId, 0, 0);
        assertEq(evil.balanceOf(payer), PAYER_FUNDS, "returned once");
    }

    function test_reentrancy_authorizeCannotReenterCapture() public {
        bytes32 paymentId = escrow.getPaymentId(terms);
        evil.arm(address(escrow), abi.encodeCall(escrow.capture, (terms, PRICE)));
        _authorize(terms);

        _assertReentryBlocked();
        _assertPayment(paymentId, PRICE, 0);
    }

    function test_reentrancy_refundCannotReenterRefund() public {
        bytes32 paymentId = _charge(terms);
        evil.arm(address(escrow), abi.encodeCall(escrow.refund, (terms, PRICE / 2)));
        vm.prank(merchantOwner);
        escrow.refund(terms, PRICE / 2);

        _assertReentryBlocked();
        _assertPayment(paymentId, 0, PRICE - PRICE / 2);
    }

    function test_reentrancy_reclaimCannotReenterReclaim() public {
        bytes32 paymentId = _authorize(terms);
        vm.warp(terms.authorizationExpiry + 1);
        evil.arm(address(escrow), abi.encodeCall(escrow.reclaim, (terms)));
        vm.prank(payer);
        escrow.reclaim(terms);

        _assertReentryBlocked();
        _assertFinished(paymentId);
        assertEq(evil.balanceOf(payer), PAYER_FUNDS, "reclaimed once");
    }

    function _assertReentryBlocked() private view {
        assertTrue(evil.attempted(), "the token re-entered");
        assertFalse(evil.reentrySucceeded(), "the re-entry failed");
        assertEq(
            evil.reentryRevertData(),
            abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector),
            "stopped by the reentrancy guard"
        );
    }
}
