// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";

contract UpdateMerchantTest is EscrowFixture {
    function test_updateMerchant_succeedsWith_NewSettings() public {
        address newPayout = makeAddr("newPayout");
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.MerchantUpdated(merchantId, newPayout, address(eurc), address(0), 0);
        vm.prank(merchantOwner);
        escrow.updateMerchant(merchantId, newPayout, address(eurc), address(0), 0);

        IPaymentEscrow.Merchant memory record = escrow.merchant(merchantId);
        assertEq(record.payout, newPayout, "payout");
        assertEq(record.settlementToken, address(eurc), "settlement token");
        assertEq(record.couponSigner, address(0), "coupons off");
        assertEq(uint256(record.loyaltyBps), 0, "loyalty off");
        assertEq(uint256(record.feeBps), FEE_BPS, "fee is not the merchant's to change");
    }

    function test_updateMerchant_paysCapturesToTheNewPayout() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        _authorize(terms);
        address newPayout = makeAddr("newPayout");
        vm.prank(merchantOwner);
        escrow.updateMerchant(merchantId, newPayout, address(eurc), couponSigner, LOYALTY_BPS);
        _capture(terms, PRICE);
        assertEq(usdc.balanceOf(newPayout), PRICE - _fee(PRICE), "the payment settles in its own token, to the new payout");
    }

    function test_updateMerchant_revertsWhen_CallerIsNotOwner() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotMerchantOwner.selector, merchantId, operator));
        escrow.updateMerchant(merchantId, payout, address(usdc), couponSigner, LOYALTY_BPS);
    }

    function test_updateMerchant_revertsWhen_PayoutIsZero() public {
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.InvalidPayout.selector, address(0)));
        escrow.updateMerchant(merchantId, address(0), address(usdc), couponSigner, LOYALTY_BPS);
    }

    function test_updateMerchant_revertsWhen_TokenNotAllowed() public {
        vm.prank(platform);
        escrow.setTokenAllowed(address(eurc), false);
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.TokenNotAllowed.selector, address(eurc)));
        escrow.updateMerchant(merchantId, payout, address(eurc), couponSigner, LOYALTY_BPS);
    }

    function test_updateMerchant_revertsWhen_LoyaltyRateTooHigh() public {
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.LoyaltyRateTooHigh.selector, 20_000, 10_000));
        escrow.updateMerchant(merchantId, payout, address(usdc), couponSigner, 20_000);
    }
}
