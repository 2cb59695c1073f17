// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";

contract SetMerchantOperatorTest is EscrowFixture {
    function test_setMerchantOperator_succeedsWith_AllowAndRevoke() public {
        address cashier = makeAddr("cashier");
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.MerchantOperatorSet(merchantId, cashier, true);
        vm.prank(merchantOwner);
        escrow.setMerchantOperator(merchantId, cashier, true);
        assertTrue(escrow.isMerchantOperator(merchantId, cashier), "allowed");

        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.MerchantOperatorSet(merchantId, cashier, false);
        vm.prank(merchantOwner);
        escrow.setMerchantOperator(merchantId, cashier, false);
        assertFalse(escrow.isMerchantOperator(merchantId, cashier), "revoked");
    }

    function test_setMerchantOperator_revertsWhen_CallerIsOperator() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotMerchantOwner.selector, merchantId, operator));
        escrow.setMerchantOperator(merchantId, stranger, true);
    }

    function test_setMerchantOperator_revertsWhen_MerchantUnknown() public {
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotMerchantOwner.selector, 7, merchantOwner));
        escrow.setMerchantOperator(7, stranger, true);
    }
}
