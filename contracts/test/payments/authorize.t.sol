// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "./EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";

contract AuthorizeTest is EscrowFixture {
    function test_authorize_succeedsWith_FullPrice() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        bytes32 expectedId = escrow.getPaymentId(terms);

        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentAuthorized(
            expectedId, merchantId, payer, address(usdc), PRICE, PRICE, 0, bytes32(0), 0, FEE_BPS, terms.orderRef,
            terms.lineItemsHash
        );
        bytes32 paymentId = _authorize(terms);

        assertEq(paymentId, expectedId, "payment id is the EIP-712 hash of the terms");
        _assertPayment(paymentId, PRICE, 0);
        assertEq(usdc.balanceOf(address(escrow)), PRICE, "escrow holds the price");
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - PRICE, "payer paid the price");
    }
}
