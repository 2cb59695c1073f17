// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPaymentEscrowErrors
/// @notice Every custom error of the Paykey payment escrow, so clients (relayer, web app, auditor)
/// can decode a revert from the interface ABI alone.
interface IPaymentEscrowErrors {
    // ------------------------------------------------------------------ registry and admin

    /// @notice Thrown when `merchantId` was never registered.
    error MerchantNotFound(uint256 merchantId);
    /// @notice Thrown when `caller` is not the owner of `merchantId`.
    error NotMerchantOwner(uint256 merchantId, address caller);
    /// @notice Thrown when `caller` is neither the owner nor an operator of `merchantId`.
    error NotMerchantOperator(uint256 merchantId, address caller);
    /// @notice Thrown when a merchant owner would be the zero address.
    error InvalidMerchantOwner(address owner);
    /// @notice Thrown when a merchant payout address is the zero address.
    error InvalidPayout(address payout);
    /// @notice Thrown when a fee receiver is the zero address.
    error InvalidFeeReceiver(address feeReceiver);
    /// @notice Thrown when a fee exceeds the on-chain cap.
    error FeeTooHigh(uint16 feeBps, uint16 maxFeeBps);
    /// @notice Thrown when a loyalty rate exceeds one point per base unit.
    error LoyaltyRateTooHigh(uint16 loyaltyBps, uint16 maxLoyaltyBps);
    /// @notice Thrown when `token` is not on the escrow owner's allowlist of settlement tokens.
    error TokenNotAllowed(address token);

    // ------------------------------------------------------------------ terms

    /// @notice Thrown when the caller of an allowance or permit path is not the payer of the terms.
    error NotPayer(address payer, address caller);
    /// @notice Thrown when the terms name the zero address as payer.
    error InvalidPayer(address payer);
    /// @notice Thrown when the price is zero or does not fit in 120 bits.
    error InvalidAmount(uint256 amount, uint256 maxAmount);
    /// @notice Thrown when the terms' token is not the merchant's settlement token.
    error TokenNotSettlementToken(uint256 merchantId, address token, address settlementToken);
    /// @notice Thrown when the terms' fee differs from the fee the merchant currently discloses.
    error FeeMismatch(uint256 merchantId, uint16 termsFeeBps, uint16 merchantFeeBps);
    /// @notice Thrown when the authorization would already be expired at authorization time.
    error AuthorizationExpiryInPast(uint48 authorizationExpiry, uint256 currentTime);
    /// @notice Thrown when the refund deadline comes before the authorization expiry.
    error RefundDeadlineBeforeAuthorizationExpiry(uint48 refundDeadline, uint48 authorizationExpiry);
    /// @notice Thrown when a payment with this id was authorized before (ids are never reused).
    error PaymentAlreadyExists(bytes32 paymentId);

    // ------------------------------------------------------------------ payment lifecycle

    /// @notice Thrown when no payment with this id was ever authorized.
    error PaymentNotFound(bytes32 paymentId);
    /// @notice Thrown when a capture or refund amount is zero.
    error ZeroAmount(bytes32 paymentId);
    /// @notice Thrown when capturing after the authorization expiry.
    error AuthorizationExpired(bytes32 paymentId, uint48 authorizationExpiry, uint256 currentTime);
    /// @notice Thrown when the payer reclaims before the authorization expiry.
    error AuthorizationNotExpired(bytes32 paymentId, uint48 authorizationExpiry, uint256 currentTime);
    /// @notice Thrown when refunding after the refund deadline.
    error RefundDeadlinePassed(bytes32 paymentId, uint48 refundDeadline, uint256 currentTime);
    /// @notice Thrown when a capture asks for more than the uncaptured amount.
    error InsufficientCapturable(bytes32 paymentId, uint256 capturable, uint256 requested);
    /// @notice Thrown when a refund asks for more than the captured, not yet refunded amount.
    error InsufficientRefundable(bytes32 paymentId, uint256 refundable, uint256 requested);
    /// @notice Thrown when voiding or reclaiming a payment with nothing left uncaptured.
    error NothingToRelease(bytes32 paymentId);
    /// @notice Thrown when the escrow received fewer tokens than it pulled (e.g. a fee-on-transfer token).
    error TransferShortfall(address token, uint256 expected, uint256 received);

    // ------------------------------------------------------------------ discounts

    /// @notice Thrown when the coupon and points together cover the whole price or more.
    /// A payment must move money: a fully discounted order has nothing to escrow, capture or refund.
    error DiscountCoversPrice(uint256 price, uint256 couponDiscount, uint256 points);
    /// @notice Thrown when the payer redeems more loyalty points of the merchant than it holds.
    error InsufficientPoints(address payer, uint256 merchantId, uint256 balance, uint256 points);
    /// @notice Thrown when a coupon is presented for a merchant without a coupon signer.
    error CouponsDisabled(uint256 merchantId);
    /// @notice Thrown when the coupon belongs to another merchant than the payment.
    error CouponMerchantMismatch(bytes32 couponId, uint256 couponMerchantId, uint256 merchantId);
    /// @notice Thrown when the coupon is redeemed after its expiry.
    error CouponExpired(bytes32 couponId, uint48 expiry, uint256 currentTime);
    /// @notice Thrown when the coupon has been redeemed `maxUses` times already.
    error CouponUsedUp(bytes32 couponId, uint32 uses, uint32 maxUses);
    /// @notice Thrown when the coupon is restricted to another payer.
    error CouponPayerMismatch(bytes32 couponId, address couponPayer, address payer);
    /// @notice Thrown when the coupon signature does not verify against the merchant's coupon signer.
    error InvalidCouponSignature(bytes32 couponId, address couponSigner);
    /// @notice Thrown when a coupon does not set exactly one of bps and amount, or its bps exceed 100%.
    error InvalidCouponDiscount(bytes32 couponId, uint16 discountBps, uint120 discountAmount);
}
