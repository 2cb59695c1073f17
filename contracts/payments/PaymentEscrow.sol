// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IPaymentEscrow} from "../interfaces/IPaymentEscrow.sol";
import {MerchantRegistry} from "./MerchantRegistry.sol";
import {CheckoutDiscounts} from "./CheckoutDiscounts.sol";
import {PaymentFunding} from "./PaymentFunding.sol";
import {PaymentReceipts} from "./PaymentReceipts.sol";
import {PaymentRecord} from "./PaymentRecord.sol";

/// @title PaymentEscrow
/// @notice One escrow for every Paykey merchant: authorize (payer's funds into escrow), capture
/// (partial or full, to the merchant's payout address, fee to the fee receiver), charge
/// (authorize + capture), void, reclaim (payer, after expiry) and refund (until the refund
/// deadline). Every entry point follows checks → state + events → token transfers behind a
/// transient reentrancy guard. The escrow owner can pause new authorizations; money already
/// escrowed can always be captured, voided, reclaimed and refunded.
///
/// Storage: one slot per payment (see `PaymentRecord`: capturable, refundable, flags). The loyalty rate is
/// copied into that slot at authorization instead of keeping a second "points earned" slot: a
/// capture mints captured × rate and a refund burns refunded × rate, which is the points the
/// payment earned × refunded / captured (rounded down on both sides), without a 22k-gas first
/// write on every loyalty capture. A second slot (`RedeemedPoints`) exists only for payments
/// that redeemed points, so they can be credited back when money goes back to the payer.
/// A payment that is finished — nothing capturable or refundable once its authorization has
/// expired — has its slots cleared by the void, reclaim or refund that finishes it (a 4.8k gas
/// refund per slot). Ids are still never reused: authorization requires an expiry in the future,
/// so terms whose expiry has passed can never be authorized again.
contract PaymentEscrow is CheckoutDiscounts, PaymentFunding, PaymentReceipts, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using PaymentRecord for uint256;

    mapping(bytes32 paymentId => uint256 record) private _payments;

    /// @param initialOwner The platform operator: sets fees and tokens, can pause new authorizations.
    /// @param defaultFeeBps Fee new merchants start with (≤ `MAX_FEE_BPS`).
    /// @param defaultFeeReceiver Receiver of new merchants' fees.
    /// @param pointsUri ERC-1155 metadata URI of the loyalty points this escrow deploys.
    constructor(address initialOwner, uint16 defaultFeeBps, address defaultFeeReceiver, string memory pointsUri)
        EIP712("Paykey PaymentEscrow", "1")
        Ownable(initialOwner)
        MerchantRegistry(defaultFeeBps, defaultFeeReceiver)
        CheckoutDiscounts(pointsUri)
    {}

    // ------------------------------------------------------------------ authorize and charge

    /// @inheritdoc IPaymentEscrow
    /// @dev The caller must be the payer: a payer's standing allowance to the escrow is spendable
    /// by this function, so if anyone could call it, anyone could move the payer's funds into
    /// escrow on terms of their own choosing (any merchant, amount, expiry).
    function authorize(PaymentTerms calldata terms, Discount calldata discount)
        external
        nonReentrant
        returns (bytes32)
    {
        _checkCallerIsPayer(terms);
        return _authorize(terms, discount, _allowanceFunding(), false);
    }

    /// @inheritdoc IPaymentEscrow
    /// @dev Caller must be the payer, as for `authorize`: the permit only raises the allowance, and a
    /// permit seen in the mempool could otherwise be replayed into a call with other terms. A
    /// permit that fails (e.g. front-run and already used) is ignored; the pull then needs the allowance.
    function authorizeWithPermit(
        PaymentTerms calldata terms,
        Discount calldata discount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (bytes32) {
        _checkCallerIsPayer(terms);
        return _authorize(terms, discount, Funding(FundingMethod.Permit, 0, deadline, 0, v, r, s), false);
    }

    /// @inheritdoc IPaymentEscrow
    /// @dev Anyone may submit: the payer's signature covers the amount, and its nonce covers the terms
    /// and the discount. `receiveWithAuthorization` (not `transferWithAuthorization`) because the token
    /// only executes it for the payee itself, so a signature seen in the mempool cannot be front-run
    /// into a bare transfer that leaves the escrow without a payment record.
    function authorizeWithReceiveAuthorization(
        PaymentTerms calldata terms,
        Discount calldata discount,
        uint256 validAfter,
        uint256 validBefore,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (bytes32) {
        return _authorize(terms, discount, _receiveFunding(terms, discount, validAfter, validBefore, v, r, s), false);
    }

    /// @inheritdoc IPaymentEscrow
    /// @dev Caller must be the payer, for the allowance reason given on `authorize`.
    function charge(PaymentTerms calldata terms, Discount calldata discount) external nonReentrant returns (bytes32) {
        _checkCallerIsPayer(terms);
        return _authorize(terms, discount, _allowanceFunding(), true);
    }

    /// @inheritdoc IPaymentEscrow
    /// @dev The nonce does not tell authorize from charge, so a payer's signature can be submitted to
    /// either. That changes only when the merchant is paid, never who is paid or how much: a charge is
    /// the capture the merchant could make right after authorization, and it stays refundable.
    function chargeWithReceiveAuthorization(
        PaymentTerms calldata terms,
        Discount calldata discount,
        uint256 validAfter,
        uint256 validBefore,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (bytes32) {
        return _authorize(terms, discount, _receiveFunding(terms, discount, validAfter, validBefore, v, r, s), true);
    }

    // ------------------------------------------------------------------ capture, void, reclaim, refund

    /// @inheritdoc IPaymentEscrow
    function capture(PaymentTerms calldata terms, uint256 amount) external nonReentrant {
        // Check
        (bytes32 paymentId, uint256 payment) = _merchantPayment(terms);
        if (block.timestamp > terms.authorizationExpiry) {
            revert AuthorizationExpired(paymentId, terms.authorizationExpiry, block.timestamp);
        }
        if (amount == 0) revert ZeroAmount(paymentId);
        uint256 capturable = payment.capturable();
        if (amount > capturable) revert InsufficientCapturable(paymentId, capturable, amount);
        // Update
        _payments[paymentId] = payment.afterCapture(amount);
        Capture memory captured = _recordCapture(terms, paymentId, amount, payment.loyaltyBps());
        // Transfer
        _payOut(terms, amount, captured);
    }

    /// @inheritdoc IPaymentEscrow
    function void(PaymentTerms calldata terms) external nonReentrant {
        bytes32 paymentId = _paymentId(terms);
        _checkOperator(terms.merchantId, _merchants[terms.merchantId].owner);
        (uint256 amount, uint256 pointsRestored) = _release(terms, paymentId);
        emit PaymentVoided(
            paymentId,
            terms.merchantId,
            terms.payer,
            terms.token,
            amount,
            pointsRestored,
            terms.orderRef,
            terms.lineItemsHash
        );
        _returnToPayer(terms, amount, pointsRestored);
    }

    /// @inheritdoc IPaymentEscrow
    /// @dev Deliberately not `whenNotPaused`: a payer can always get uncaptured funds back, without
    /// the relayer, the merchant or the platform operator.
    function reclaim(PaymentTerms calldata terms) external nonReentrant {
        bytes32 paymentId = _paymentId(terms);
        if (msg.sender != terms.payer) revert NotPayer(terms.payer, msg.sender);
        if (block.timestamp <= terms.authorizationExpiry) {
            revert AuthorizationNotExpired(paymentId, terms.authorizationExpiry, block.timestamp);
        }
        (uint256 amount, uint256 pointsRestored) = _release(terms, paymentId);
        emit PaymentReclaimed(
            paymentId,
            terms.merchantId,
            terms.payer,
            terms.token,
            amount,
            pointsRestored,
            terms.orderRef,
            terms.lineItemsHash
        );
        _returnToPayer(terms, amount, pointsRestored);
    }

    /// @inheritdoc IPaymentEscrow
    /// @dev The refund moves straight from the refunder to the payer; the escrow never holds it.
    function refund(PaymentTerms calldata terms, uint256 amount) external nonReentrant {
        // Check
        (bytes32 paymentId, uint256 payment) = _merchantPayment(terms);
        if (block.timestamp > terms.refundDeadline) {
            revert RefundDeadlinePassed(paymentId, terms.refundDeadline, block.timestamp);
        }
        if (amount == 0) revert ZeroAmount(paymentId);
        uint256 refundable = payment.refundable();
        if (amount > refundable) revert InsufficientRefundable(paymentId, refundable, amount);
        uint256 pointsBurned = _pointsToBurn(terms, payment.loyaltyBps(), amount);
        uint256 pointsRestored = _pointsToRestore(paymentId, payment.redeemedPoints(), amount);
        // Update
        _store(terms, paymentId, payment.afterRefund(amount));
        _emitRefunded(terms, paymentId, amount, pointsBurned, pointsRestored);
        // Transfer
        IERC20(terms.token).safeTransferFrom(msg.sender, terms.payer, amount);
        if (pointsBurned != 0) _LOYALTY.burn(terms.payer, terms.merchantId, pointsBurned);
        if (pointsRestored != 0) _LOYALTY.mint(terms.payer, terms.merchantId, pointsRestored);
    }

    // ------------------------------------------------------------------ views and admin

    /// @inheritdoc IPaymentEscrow
    function paymentState(bytes32 paymentId) external view returns (bool exists, uint120 capturable, uint120 refundable) {
        uint256 payment = _payments[paymentId];
        // The casts are exact: both fields are 120 bits wide.
        return (payment.exists(), uint120(payment.capturable()), uint120(payment.refundable()));
    }

    /// @notice Stops new authorizations and charges (escrow owner). Capture, void, reclaim and refund stay open.
    function pause() external onlyOwner {
        _pause();
    }

    /// @notice Allows new authorizations and charges again (escrow owner).
    function unpause() external onlyOwner {
        _unpause();
    }

    // ------------------------------------------------------------------ internal

    function _authorize(PaymentTerms calldata terms, Discount calldata discount, Funding memory funding, bool chargeNow)
        private
        whenNotPaused
        returns (bytes32 paymentId)
    {
        // Check the terms and the discount.
        paymentId = _paymentId(terms);
        uint256 loyaltyBps = _checkTerms(terms, paymentId);
        Checkout memory checkout = Checkout(0, discount.points, discount.coupon.couponId, 0);
        (checkout.payerAmount, checkout.couponDiscount) = _price(terms, discount);

        // Update the payment, the coupon count and the receipts. payerAmount < amount ≤ type(uint120).max
        // (checked by `_checkTerms`), and points < amount (checked by `_price`), so both fit their fields.
        bool redeemedPoints = checkout.points != 0;
        if (redeemedPoints) _recordRedeemedPoints(paymentId, checkout.points, checkout.payerAmount);
        uint256 escrowed = checkout.payerAmount;
        _payments[paymentId] = chargeNow
            ? PaymentRecord.create(0, escrowed, loyaltyBps, redeemedPoints)
            : PaymentRecord.create(escrowed, 0, loyaltyBps, redeemedPoints);
        if (checkout.couponId != bytes32(0)) _countCouponUse(terms.merchantId, checkout.couponId, paymentId);
        _emitAuthorized(terms, paymentId, checkout);
        Capture memory captured;
        if (chargeNow) captured = _recordCapture(terms, paymentId, escrowed, loyaltyBps);

        // Transfer: burn the redeemed points, pull the funds, pay out a charge.
        if (checkout.points != 0) _LOYALTY.burn(terms.payer, terms.merchantId, checkout.points);
        _collect(terms, escrowed, funding);
        if (chargeNow) _payOut(terms, escrowed, captured);
    }

    /// @dev For the merchant's own operations (capture, refund): derives the payment id, checks that
    /// the caller operates the merchant and that the payment exists.
    function _merchantPayment(PaymentTerms calldata terms)
        private
        view
        returns (bytes32 paymentId, uint256 payment)
    {
        paymentId = _paymentId(terms);
        _checkOperator(terms.merchantId, _merchants[terms.merchantId].owner);
        payment = _payments[paymentId];
        if (!payment.exists()) revert PaymentNotFound(paymentId);
    }

    /// @dev Validates terms at authorization; returns the merchant's current loyalty rate.
    function _checkTerms(PaymentTerms calldata terms, bytes32 paymentId) private view returns (uint256) {
        MerchantRecord storage record = _merchants[terms.merchantId];
        // One slot: settlement token (zero for an unregistered merchant), fee and loyalty rate.
        (address settlementToken, uint16 feeBps, uint16 loyaltyBps) =
            (record.settlementToken, record.feeBps, record.loyaltyBps);
        if (settlementToken == address(0)) revert MerchantNotFound(terms.merchantId);
        if (terms.payer == address(0)) revert InvalidPayer(terms.payer);
        if (terms.amount == 0 || terms.amount > type(uint120).max) {
            revert InvalidAmount(terms.amount, type(uint120).max);
        }
        if (terms.feeBps != feeBps) revert FeeMismatch(terms.merchantId, terms.feeBps, feeBps);
        if (terms.token != settlementToken) {
            revert TokenNotSettlementToken(terms.merchantId, terms.token, settlementToken);
        }
        if (!_allowedTokens[terms.token]) revert TokenNotAllowed(terms.token);
        if (terms.authorizationExpiry <= block.timestamp) {
            revert AuthorizationExpiryInPast(terms.authorizationExpiry, block.timestamp);
        }
        if (terms.refundDeadline < terms.authorizationExpiry) {
            revert RefundDeadlineBeforeAuthorizationExpiry(terms.refundDeadline, terms.authorizationExpiry);
        }
        // After the expiry check: a finished payment's cleared slot reads as absent, but its expiry has passed.
        if (_payments[paymentId].exists()) revert PaymentAlreadyExists(paymentId);
        return loyaltyBps;
    }

    /// @dev Computes fee and points of a capture, reads the recipients, and emits the receipt.
    function _recordCapture(PaymentTerms calldata terms, bytes32 paymentId, uint256 amount, uint256 loyaltyBps)
        private
        returns (Capture memory captured)
    {
        MerchantRecord storage record = _merchants[terms.merchantId];
        captured.payout = record.payout;
        captured.feeReceiver = _feeReceiverOf(record);
        // Rounded down: the fee never exceeds the disclosed rate. Cannot overflow: amount < 2^120, rates ≤ 10_000.
        unchecked {
            captured.fee = amount * terms.feeBps / _BPS;
            captured.points = amount * loyaltyBps / _BPS;
        }
        _emitCaptured(terms, paymentId, amount, captured);
    }

    /// @dev Sends a capture: net to the payout address, fee to the fee receiver, points to the payer.
    function _payOut(PaymentTerms calldata terms, uint256 amount, Capture memory captured) private {
        IERC20 token = IERC20(terms.token);
        token.safeTransfer(captured.payout, amount - captured.fee);
        if (captured.fee != 0) token.safeTransfer(captured.feeReceiver, captured.fee);
        if (captured.points != 0) _LOYALTY.mint(terms.payer, terms.merchantId, captured.points);
    }

    /// @dev Zeroes the uncaptured remainder (void and reclaim) and returns it with the points to restore.
    function _release(PaymentTerms calldata terms, bytes32 paymentId)
        private
        returns (uint256 amount, uint256 pointsRestored)
    {
        uint256 payment = _payments[paymentId];
        if (!payment.exists()) revert PaymentNotFound(paymentId);
        amount = payment.capturable();
        if (amount == 0) revert NothingToRelease(paymentId);
        pointsRestored = _pointsToRestore(paymentId, payment.redeemedPoints(), amount);
        _store(terms, paymentId, payment.afterRelease());
    }

    /// @dev Stores the payment's new amounts in one write, or clears its slots when it is finished: both
    /// amounts zero after the authorization expiry, so nothing can ever be captured, released or refunded
    /// again, and the terms can never be authorized again (authorization requires a future expiry).
    function _store(PaymentTerms calldata terms, bytes32 paymentId, uint256 payment) private {
        if (payment.isEmpty() && block.timestamp > terms.authorizationExpiry) {
            delete _payments[paymentId];
            if (payment.redeemedPoints()) _clearRedeemedPoints(paymentId);
        } else {
            _payments[paymentId] = payment;
        }
    }

    /// @dev Sends released funds back to the payer and credits back redeemed points.
    function _returnToPayer(PaymentTerms calldata terms, uint256 amount, uint256 pointsRestored) private {
        IERC20(terms.token).safeTransfer(terms.payer, amount);
        if (pointsRestored != 0) _LOYALTY.mint(terms.payer, terms.merchantId, pointsRestored);
    }

    function _checkCallerIsPayer(PaymentTerms calldata terms) private view {
        if (msg.sender != terms.payer) revert NotPayer(terms.payer, msg.sender);
    }
}
