// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

/// @notice `authorizeWithPermit`: the payer funds the authorization with an EIP-2612 permit in the same call.
contract PermitTest is EscrowFixture {
    IPaymentEscrow.PaymentTerms internal terms;
    uint256 internal deadline;

    function setUp() public override {
        super.setUp();
        // The payer has no standing allowance: only the permit can fund the payment.
        vm.prank(payer);
        usdc.approve(address(escrow), 0);
        terms = _terms(PRICE);
        deadline = block.timestamp + 1 hours;
    }

    function test_authorizeWithPermit_succeedsWith_PermitForTheDiscountedPrice() public {
        IPaymentEscrow.Discount memory discount = _pointsDiscount(0);
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(payerKey, usdc, PRICE, deadline);
        vm.prank(payer);
        bytes32 paymentId = escrow.authorizeWithPermit(terms, discount, deadline, v, r, s);

        _assertPayment(paymentId, PRICE, 0);
        assertEq(usdc.balanceOf(address(escrow)), PRICE, "escrowed");
        assertEq(usdc.allowance(payer, address(escrow)), 0, "permit allowance fully used");
        assertEq(usdc.nonces(payer), 1, "permit nonce consumed");
    }

    function test_authorizeWithPermit_succeedsWhen_PermitWasFrontRun() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(payerKey, usdc, PRICE, deadline);
        // Someone submits the permit first; the escrow's own permit call then fails and is ignored.
        vm.prank(stranger);
        usdc.permit(payer, address(escrow), PRICE, deadline, v, r, s);

        vm.prank(payer);
        bytes32 paymentId = escrow.authorizeWithPermit(terms, _noDiscount(), deadline, v, r, s);
        _assertPayment(paymentId, PRICE, 0);
    }

    function test_authorizeWithPermit_revertsWhen_PermitInvalidAndNoAllowance() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(payerKey, usdc, PRICE - 1, deadline);
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, PRICE)
        );
        escrow.authorizeWithPermit(terms, _noDiscount(), deadline, v, r, s);
    }

    function test_authorizeWithPermit_revertsWhen_CallerIsNotPayer() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(payerKey, usdc, PRICE, deadline);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotPayer.selector, payer, stranger));
        escrow.authorizeWithPermit(terms, _noDiscount(), deadline, v, r, s);
    }

    function test_authorizeWithPermit_revertsWhen_DeadlinePassed() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(payerKey, usdc, PRICE, deadline);
        vm.warp(deadline + 1);
        terms = _terms(PRICE);
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, PRICE)
        );
        escrow.authorizeWithPermit(terms, _noDiscount(), deadline, v, r, s);
    }
}
