// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";
import {MerchantRegistry} from "../../payments/MerchantRegistry.sol";
import {PaymentEscrow} from "../../payments/PaymentEscrow.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @notice What the escrow owner (the platform operator) controls: fees up to the cap, the
/// settlement-token allowlist, the pause, and its own two-step ownership transfer.
contract EscrowOwnerTest is EscrowFixture {
    function test_setMerchantFee_succeedsWith_DisclosedFee() public {
        address newReceiver = makeAddr("newReceiver");
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.MerchantFeeSet(merchantId, 1_000, newReceiver);
        vm.prank(platform);
        escrow.setMerchantFee(merchantId, 1_000, newReceiver);
        assertEq(uint256(escrow.merchant(merchantId).feeBps), 1_000, "fee at the cap");
        assertEq(escrow.merchant(merchantId).feeReceiver, newReceiver, "receiver");
    }

    /// @notice The fee receiver is stored as two halves in two slots: every bit must come back, and a new
    /// receiver must replace every bit of the old one.
    function test_setMerchantFee_keepsEveryBitOfTheFeeReceiver() public {
        address allOnes = address(type(uint160).max);
        address lowBitsOnly = address(uint160(0xA5));
        address highBitsOnly = address(uint160(0xA5) << 152);
        address[3] memory receivers = [allOnes, lowBitsOnly, highBitsOnly];
        for (uint256 i; i < receivers.length; ++i) {
            vm.prank(platform);
            escrow.setMerchantFee(merchantId, FEE_BPS, receivers[i]);
            assertEq(escrow.merchant(merchantId).feeReceiver, receivers[i], "receiver read back");
            IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
            terms.salt = i;
            _authorize(terms);
            _capture(terms, PRICE);
            assertEq(usdc.balanceOf(receivers[i]), _fee(PRICE), "capture pays the receiver");
        }
        assertEq(escrow.merchant(merchantId).payout, payout, "payout untouched by the receiver's low half");
        assertEq(escrow.merchant(merchantId).owner, merchantOwner, "owner untouched by the receiver's high half");
    }

    function test_setMerchantFee_revertsWhen_AboveCap() public {
        vm.prank(platform);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.FeeTooHigh.selector, 1_001, 1_000));
        escrow.setMerchantFee(merchantId, 1_001, feeReceiver);
    }

    function test_setMerchantFee_revertsWhen_ReceiverIsZero() public {
        vm.prank(platform);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.InvalidFeeReceiver.selector, address(0)));
        escrow.setMerchantFee(merchantId, 100, address(0));
    }

    function test_setMerchantFee_revertsWhen_MerchantUnknown() public {
        vm.prank(platform);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.MerchantNotFound.selector, 9));
        escrow.setMerchantFee(9, 100, feeReceiver);
    }

    function test_setMerchantFee_revertsWhen_CallerIsNotEscrowOwner() public {
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, merchantOwner));
        escrow.setMerchantFee(merchantId, 0, feeReceiver);
    }

    function test_setDefaultFee_succeedsWith_NewDefault() public {
        vm.expectEmit(address(escrow));
        emit MerchantRegistry.DefaultFeeSet(50, stranger);
        vm.prank(platform);
        escrow.setDefaultFee(50, stranger);
        (uint16 feeBps, address receiver) = escrow.defaultFee();
        assertEq(uint256(feeBps), 50, "fee");
        assertEq(receiver, stranger, "receiver");
    }

    function test_setDefaultFee_revertsWhen_AboveCap() public {
        vm.prank(platform);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.FeeTooHigh.selector, 5_000, 1_000));
        escrow.setDefaultFee(5_000, feeReceiver);
    }

    function test_constructor_revertsWhen_DefaultFeeReceiverIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.InvalidFeeReceiver.selector, address(0)));
        new PaymentEscrow(platform, 100, address(0), "");
    }

    function test_setTokenAllowed_succeedsWith_AllowAndRevoke() public {
        address token = makeAddr("token");
        vm.expectEmit(address(escrow));
        emit MerchantRegistry.TokenAllowedSet(token, true);
        vm.prank(platform);
        escrow.setTokenAllowed(token, true);
        assertTrue(escrow.isTokenAllowed(token), "allowed");
        vm.prank(platform);
        escrow.setTokenAllowed(token, false);
        assertFalse(escrow.isTokenAllowed(token), "revoked");
    }

    function test_setTokenAllowed_revertsWhen_CallerIsNotEscrowOwner() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        escrow.setTokenAllowed(stranger, true);
    }

    function test_pause_succeedsAndUnpauseRestoresAuthorizations() public {
        vm.prank(platform);
        escrow.pause();
        assertTrue(escrow.paused(), "paused");
        vm.prank(platform);
        escrow.unpause();
        _assertPayment(_authorize(_terms(PRICE)), PRICE, 0);
    }

    function test_pause_revertsWhen_CallerIsNotEscrowOwner() public {
        vm.prank(merchantOwner);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, merchantOwner));
        escrow.pause();
    }

    function test_unpause_revertsWhen_NotPaused() public {
        vm.prank(platform);
        vm.expectRevert(Pausable.ExpectedPause.selector);
        escrow.unpause();
    }

    function test_transferOwnership_takesEffectOnlyWhenAccepted() public {
        address successor = makeAddr("successor");
        vm.prank(platform);
        escrow.transferOwnership(successor);
        assertEq(escrow.owner(), platform, "still the old owner");
        vm.prank(successor);
        escrow.acceptOwnership();
        assertEq(escrow.owner(), successor, "new owner");
    }
}
