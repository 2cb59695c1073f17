// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";

contract TransferMerchantOwnershipTest is EscrowFixture {
    function test_transferMerchantOwnership_succeedsWith_NewOwnerInCharge() public {
        address buyer = makeAddr("buyer");
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.MerchantOwnershipTransferred(merchantId, merchantOwner, buyer);
        vm.prank(merchantOwner);
        escrow.transferMerchantOwnership(merchantId, buyer);

        assertEq(escrow.merchant(merchantId).owner, buyer, "new owner");
        assertFalse(escrow.isMerchantOperator(merchantId, merchantOwner), "old owner lost its rights");
        assertTrue(escrow.isMerchantOperator(merchantId, operator), "operators stay until revoked");
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotMerchantOwner.selector, merchantId, merchantOwner));
        escrow.updateMerchant(merchantId, payout, address(usdc), address(0), 0);
        vm.prank(buyer);
        escrow.updateMerchant(merchantId, buyer, address(usdc), address(0), 0);
        assertEq(escrow.merchant(merchantId).payout, buyer, "new owner manages the record");
    }

    function test_transferMerchantOwnership_revertsWhen_NewOwnerIsZero() public {
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.InvalidMerchantOwner.selector, address(0)));
        escrow.transferMerchantOwnership(merchantId, address(0));
    }

    function test_transferMerchantOwnership_revertsWhen_CallerIsNotOwner() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotMerchantOwner.selector, merchantId, stranger));
        escrow.transferMerchantOwnership(merchantId, stranger);
    }
}
