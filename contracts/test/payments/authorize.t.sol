// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

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

    function test_authorize_succeedsWith_RefundDeadlineEqualToExpiry() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        terms.refundDeadline = terms.authorizationExpiry;
        _assertPayment(_authorize(terms), PRICE, 0);
    }

    function test_authorize_succeedsWith_MaxUint120Amount() public {
        uint256 amount = type(uint120).max;
        _fund(payer, amount);
        _assertPayment(_authorize(_terms(amount)), amount, 0);
    }

    function test_authorize_revertsWhen_CallerIsNotPayer() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.NotPayer.selector, payer, stranger));
        escrow.authorize(terms, _noDiscount());
    }

    function test_authorize_revertsWhen_EscrowPaused() public {
        vm.prank(platform);
        escrow.pause();
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        vm.prank(payer);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        escrow.authorize(terms, _noDiscount());
    }

    function test_authorize_revertsWhen_MerchantNotFound() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        terms.merchantId = 99;
        _expectAuthorizeRevert(terms, abi.encodeWithSelector(IPaymentEscrowErrors.MerchantNotFound.selector, 99));
    }

    function test_authorize_revertsWhen_AmountIsZero() public {
        _expectAuthorizeRevert(
            _terms(0), abi.encodeWithSelector(IPaymentEscrowErrors.InvalidAmount.selector, 0, type(uint120).max)
        );
    }

    function test_authorize_revertsWhen_AmountExceedsUint120() public {
        uint256 amount = uint256(type(uint120).max) + 1;
        _expectAuthorizeRevert(
            _terms(amount),
            abi.encodeWithSelector(IPaymentEscrowErrors.InvalidAmount.selector, amount, type(uint120).max)
        );
    }

    function test_authorize_revertsWhen_FeeDiffersFromDisclosedFee() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        terms.feeBps = 50;
        _expectAuthorizeRevert(
            terms, abi.encodeWithSelector(IPaymentEscrowErrors.FeeMismatch.selector, merchantId, 50, FEE_BPS)
        );
    }

    function test_authorize_revertsWhen_TokenIsNotSettlementToken() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        terms.token = address(eurc);
        _expectAuthorizeRevert(
            terms,
            abi.encodeWithSelector(
                IPaymentEscrowErrors.TokenNotSettlementToken.selector, merchantId, address(eurc), address(usdc)
            )
        );
    }

    function test_authorize_revertsWhen_TokenNoLongerAllowed() public {
        vm.prank(platform);
        escrow.setTokenAllowed(address(usdc), false);
        _expectAuthorizeRevert(
            _terms(PRICE), abi.encodeWithSelector(IPaymentEscrowErrors.TokenNotAllowed.selector, address(usdc))
        );
    }

    function test_authorize_revertsWhen_ExpiryIsNow() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        terms.authorizationExpiry = uint48(block.timestamp);
        _expectAuthorizeRevert(
            terms,
            abi.encodeWithSelector(
                IPaymentEscrowErrors.AuthorizationExpiryInPast.selector, block.timestamp, block.timestamp
            )
        );
    }

    function test_authorize_revertsWhen_RefundDeadlineBeforeExpiry() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        terms.refundDeadline = terms.authorizationExpiry - 1;
        _expectAuthorizeRevert(
            terms,
            abi.encodeWithSelector(
                IPaymentEscrowErrors.RefundDeadlineBeforeAuthorizationExpiry.selector,
                terms.refundDeadline,
                terms.authorizationExpiry
            )
        );
    }

    function test_authorize_revertsWhen_PaymentIdUsedBefore() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        bytes32 paymentId = _authorize(terms);
        _expectAuthorizeRevert(
            terms, abi.encodeWithSelector(IPaymentEscrowErrors.PaymentAlreadyExists.selector, paymentId)
        );
    }

    function test_authorize_revertsWhen_PaymentIdUsedBeforeAndVoided() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        bytes32 paymentId = _authorize(terms);
        vm.prank(merchantOwner);
        escrow.void(terms);
        _expectAuthorizeRevert(
            terms, abi.encodeWithSelector(IPaymentEscrowErrors.PaymentAlreadyExists.selector, paymentId)
        );
    }

    function test_authorize_revertsWhen_AllowanceTooLow() public {
        vm.prank(payer);
        usdc.approve(address(escrow), PRICE - 1);
        _expectAuthorizeRevert(
            _terms(PRICE),
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), PRICE - 1, PRICE
            )
        );
    }

    function test_authorize_revertsWhen_TokenDeliversLessThanSent() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        vm.prank(platform);
        escrow.setTokenAllowed(address(fot), true);
        vm.prank(merchantOwner);
        uint256 fotMerchant = escrow.registerMerchant(payout, address(fot), address(0), 0);
        fot.mint(payer, PRICE);
        vm.prank(payer);
        fot.approve(address(escrow), PRICE);
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        (terms.merchantId, terms.token) = (fotMerchant, address(fot));

        _expectAuthorizeRevert(
            terms,
            abi.encodeWithSelector(IPaymentEscrowErrors.TransferShortfall.selector, address(fot), PRICE, PRICE - PRICE / 100)
        );
        assertEq(fot.balanceOf(payer), PRICE, "nothing moved");
    }

    function testFuzz_authorize_escrowsThePrice(uint256 amount, uint48 window, uint48 refundWindow) public {
        amount = bound(amount, 1, type(uint120).max);
        window = uint48(bound(window, 1, 3650 days));
        refundWindow = uint48(bound(refundWindow, 0, 3650 days));
        _fund(payer, amount);
        IPaymentEscrow.PaymentTerms memory terms = _terms(amount);
        terms.authorizationExpiry = uint48(block.timestamp) + window;
        terms.refundDeadline = terms.authorizationExpiry + refundWindow;
        uint256 payerBefore = usdc.balanceOf(payer);

        bytes32 paymentId = _authorize(terms);

        _assertPayment(paymentId, amount, 0);
        assertEq(usdc.balanceOf(address(escrow)), amount, "escrow balance");
        assertEq(payerBefore - usdc.balanceOf(payer), amount, "payer debited");
    }

    function _expectAuthorizeRevert(IPaymentEscrow.PaymentTerms memory terms, bytes memory revertData) private {
        vm.prank(payer);
        vm.expectRevert(revertData);
        escrow.authorize(terms, _noDiscount());
    }
}
