// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";

contract RegisterMerchantTest is EscrowFixture {
    function test_registerMerchant_succeedsWith_SequentialIdAndDefaultFee() public {
        address shopOwner = makeAddr("shopOwner");
        address shopPayout = makeAddr("shopPayout");
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.MerchantRegistered(2, shopOwner, shopPayout, address(eurc));
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.MerchantUpdated(2, shopPayout, address(eurc), address(0), 250);
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.MerchantFeeSet(2, FEE_BPS, feeReceiver);
        vm.prank(shopOwner);
        uint256 id = escrow.registerMerchant(shopPayout, address(eurc), address(0), 250);

        assertEq(id, 2, "ids are sequential from 1");
        assertEq(escrow.merchantCount(), 2, "count");
        IPaymentEscrow.Merchant memory record = escrow.merchant(id);
        assertEq(record.owner, shopOwner, "owner is the caller");
        assertEq(record.payout, shopPayout, "payout");
        assertEq(record.settlementToken, address(eurc), "settlement token");
        assertEq(record.couponSigner, address(0), "coupon signer");
        assertEq(uint256(record.loyaltyBps), 250, "loyalty rate");
        assertEq(uint256(record.feeBps), FEE_BPS, "default fee");
        assertEq(record.feeReceiver, feeReceiver, "default fee receiver");
        assertTrue(escrow.isMerchantOperator(id, shopOwner), "the owner operates its merchant");
        assertFalse(escrow.isMerchantOperator(id, operator), "another merchant's operator does not");
    }

    function test_registerMerchant_succeedsWith_DefaultFeeChangedByEscrowOwner() public {
        address newReceiver = makeAddr("newReceiver");
        vm.prank(platform);
        escrow.setDefaultFee(250, newReceiver);
        vm.prank(stranger);
        uint256 id = escrow.registerMerchant(stranger, address(usdc), address(0), 0);
        assertEq(uint256(escrow.merchant(id).feeBps), 250, "new default");
        assertEq(escrow.merchant(id).feeReceiver, newReceiver, "new receiver");
        assertEq(uint256(escrow.merchant(merchantId).feeBps), FEE_BPS, "existing merchants keep their fee");
    }

    function test_registerMerchant_revertsWhen_PayoutIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.InvalidPayout.selector, address(0)));
        escrow.registerMerchant(address(0), address(usdc), address(0), 0);
    }

    function test_registerMerchant_revertsWhen_TokenNotAllowed() public {
        address token = makeAddr("unknownToken");
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.TokenNotAllowed.selector, token));
        escrow.registerMerchant(payout, token, address(0), 0);
    }

    function test_registerMerchant_revertsWhen_TokenIsZeroEvenIfAllowed() public {
        // A zero settlement token marks an unregistered merchant, so it is refused even when allowlisted.
        vm.prank(platform);
        escrow.setTokenAllowed(address(0), true);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.TokenNotAllowed.selector, address(0)));
        escrow.registerMerchant(payout, address(0), address(0), 0);
    }

    function test_registerMerchant_revertsWhen_LoyaltyRateAboveOnePointPerUnit() public {
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.LoyaltyRateTooHigh.selector, 10_001, 10_000));
        escrow.registerMerchant(payout, address(usdc), address(0), 10_001);
    }

    function test_merchant_returnsEmptyRecord_ForUnknownId() public view {
        assertEq(escrow.merchant(42).owner, address(0), "unknown merchant");
        assertFalse(escrow.isMerchantOperator(42, address(0)), "nobody operates an unknown merchant");
    }
}
