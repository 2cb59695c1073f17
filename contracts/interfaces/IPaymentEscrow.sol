// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPaymentEscrowErrors} from "./IPaymentEscrowErrors.sol";

/// @title IPaymentEscrow
/// @notice One escrow for every Paykey merchant. A payment is identified by the EIP-712 hash of
/// its terms; the escrow stores only the payment's running amounts, so every call passes the
/// terms again and the escrow re-derives the id. Every state change emits an event that is a
/// receipt: an auditor can rebuild a merchant's ledger from these logs alone.
interface IPaymentEscrow is IPaymentEscrowErrors {
    // ------------------------------------------------------------------ types

    /// @notice What the merchant asks for and the payer agrees to. Hashed with EIP-712 into the payment id.
    struct PaymentTerms {
        /// @notice Registry id of the merchant being paid (also its loyalty-points token id).
        uint256 merchantId;
        /// @notice The account whose funds are taken and to whom voids, reclaims and refunds go.
        address payer;
        /// @notice The token the escrow holds for this payment: the merchant's settlement token.
        address token;
        /// @notice Price before discounts, in the token's base units (at most type(uint120).max).
        uint256 amount;
        /// @notice Fee in basis points of each capture, disclosed by the merchant record; must match it at authorization.
        uint16 feeBps;
        /// @notice Last second at which the authorization can be captured; after it the payer may reclaim.
        uint48 authorizationExpiry;
        /// @notice Last second at which captured funds can be refunded.
        uint48 refundDeadline;
        /// @notice The merchant's order reference (e.g. the hash of the invoice number).
        bytes32 orderRef;
        /// @notice keccak256 of the canonical itemised receipt, so the receipt can be verified off-chain.
        bytes32 lineItemsHash;
        /// @notice Makes otherwise identical terms distinct.
        uint256 salt;
    }

    /// @notice A merchant-signed EIP-712 coupon. Exactly one of `discountBps` and `discountAmount` is non-zero.
    struct Coupon {
        /// @notice Merchant whose coupon signer signed it; must equal the payment's merchant.
        uint256 merchantId;
        /// @notice Merchant-chosen identifier; use counts are kept per (merchantId, couponId).
        bytes32 couponId;
        /// @notice Percentage discount in basis points of the price.
        uint16 discountBps;
        /// @notice Fixed discount in token base units.
        uint120 discountAmount;
        /// @notice How many payments may redeem this coupon in total.
        uint32 maxUses;
        /// @notice Last second at which the coupon can be redeemed.
        uint48 expiry;
        /// @notice The only payer allowed to redeem it, or the zero address for anyone.
        address payer;
    }

    /// @notice Discounts applied at checkout; both are funded by the merchant (the payer pays less).
    struct Discount {
        /// @notice Loyalty points of the payment's merchant to burn; one point is one base unit off.
        uint256 points;
        /// @notice The coupon to redeem; `coupon.couponId == 0` means none.
        Coupon coupon;
        /// @notice The coupon signer's signature (ECDSA or ERC-1271) over the coupon's EIP-712 digest.
        bytes couponSignature;
    }

    /// @notice A merchant's settings. `owner` manages them; operators act on its payments.
    struct Merchant {
        /// @notice Account that manages this record and may capture, void and refund.
        address owner;
        /// @notice Where captured funds (net of fee) are sent.
        address payout;
        /// @notice The token this merchant settles in.
        address settlementToken;
        /// @notice Signer (EOA or ERC-1271 contract) of this merchant's coupons; zero disables coupons.
        address couponSigner;
        /// @notice Loyalty points minted per captured base unit, in basis points (100 = 1 point per 100 units).
        uint16 loyaltyBps;
        /// @notice Fee in basis points taken from each capture, set by the escrow owner up to MAX_FEE_BPS.
        uint16 feeBps;
        /// @notice Receives the fee of each capture.
        address feeReceiver;
    }

    // ------------------------------------------------------------------ events

    /// @notice Emitted when a merchant registers.
    event MerchantRegistered(uint256 indexed merchantId, address indexed owner, address payout, address settlementToken);
    /// @notice Emitted when a merchant changes its payout, settlement token, coupon signer or loyalty rate.
    event MerchantUpdated(
        uint256 indexed merchantId, address payout, address settlementToken, address couponSigner, uint16 loyaltyBps
    );
    /// @notice Emitted when the escrow owner discloses a merchant's fee.
    event MerchantFeeSet(uint256 indexed merchantId, uint16 feeBps, address feeReceiver);
    /// @notice Emitted when a merchant allows or revokes an operator.
    event MerchantOperatorSet(uint256 indexed merchantId, address indexed operator, bool allowed);
    /// @notice Emitted when merchant ownership moves.
    event MerchantOwnershipTransferred(uint256 indexed merchantId, address indexed previousOwner, address indexed newOwner);

    /// @notice Funds moved from the payer into escrow. `amount` is what the payer paid (price minus discounts).
    event PaymentAuthorized(
        bytes32 indexed paymentId,
        uint256 indexed merchantId,
        address indexed payer,
        address token,
        uint256 amount,
        uint256 price,
        uint256 pointsRedeemed,
        bytes32 couponId,
        uint256 couponDiscount,
        uint16 feeBps,
        bytes32 orderRef,
        bytes32 lineItemsHash
    );
    /// @notice Escrowed funds paid out: `amount - fee` to `payout`, `fee` to `feeReceiver`.
    event PaymentCaptured(
        bytes32 indexed paymentId,
        uint256 indexed merchantId,
        address indexed payer,
        address token,
        uint256 amount,
        uint256 fee,
        address payout,
        address feeReceiver,
        uint256 pointsMinted,
        bytes32 orderRef,
        bytes32 lineItemsHash
    );
    /// @notice The merchant released the uncaptured remainder back to the payer. `pointsRestored`: loyalty
    /// points the payer redeemed at checkout, credited back in proportion to the money returned.
    event PaymentVoided(
        bytes32 indexed paymentId,
        uint256 indexed merchantId,
        address indexed payer,
        address token,
        uint256 amount,
        uint256 pointsRestored,
        bytes32 orderRef,
        bytes32 lineItemsHash
    );
    /// @notice The payer took back the uncaptured remainder after the authorization expired. `pointsRestored`:
    /// redeemed loyalty points credited back in proportion to the money returned.
    event PaymentReclaimed(
        bytes32 indexed paymentId,
        uint256 indexed merchantId,
        address indexed payer,
        address token,
        uint256 amount,
        uint256 pointsRestored,
        bytes32 orderRef,
        bytes32 lineItemsHash
    );
    /// @notice The merchant (`refunder`) returned captured funds to the payer. `pointsBurned`: points this
    /// payment earned, removed in proportion to the refund (capped at the payer's balance); `pointsRestored`:
    /// points redeemed at checkout, credited back in proportion to the money returned.
    event PaymentRefunded(
        bytes32 indexed paymentId,
        uint256 indexed merchantId,
        address indexed payer,
        address token,
        uint256 amount,
        address refunder,
        uint256 pointsBurned,
        uint256 pointsRestored,
        bytes32 orderRef,
        bytes32 lineItemsHash
    );
    /// @notice A coupon use was counted.
    event CouponRedeemed(uint256 indexed merchantId, bytes32 indexed couponId, bytes32 indexed paymentId, uint32 uses);

    // ------------------------------------------------------------------ merchants

    /// @notice Registers the caller as owner of a new merchant; fee and fee receiver start at the escrow defaults.
    function registerMerchant(address payout, address settlementToken, address couponSigner, uint16 loyaltyBps)
        external
        returns (uint256 merchantId);

    /// @notice Changes a merchant's payout, settlement token, coupon signer and loyalty rate (owner only).
    function updateMerchant(
        uint256 merchantId,
        address payout,
        address settlementToken,
        address couponSigner,
        uint16 loyaltyBps
    ) external;

    /// @notice Allows or revokes an operator that may capture, void and refund for the merchant (owner only).
    function setMerchantOperator(uint256 merchantId, address operator, bool allowed) external;

    /// @notice Moves merchant ownership (owner only).
    function transferMerchantOwnership(uint256 merchantId, address newOwner) external;

    /// @notice The merchant's record.
    function merchant(uint256 merchantId) external view returns (Merchant memory);

    /// @notice Whether `account` is the merchant's owner or one of its operators.
    function isMerchantOperator(uint256 merchantId, address account) external view returns (bool);

    /// @notice How many merchants have registered (ids run from 1 to this number).
    function merchantCount() external view returns (uint256);

    /// @notice Whether the escrow owner allows `token` as a settlement token.
    function isTokenAllowed(address token) external view returns (bool);

    // ------------------------------------------------------------------ coupons and points

    /// @notice The EIP-712 digest a merchant's coupon signer signs for `coupon`.
    function getCouponDigest(Coupon calldata coupon) external view returns (bytes32);

    /// @notice How many payments have redeemed coupon `couponId` of `merchantId`.
    function couponUses(uint256 merchantId, bytes32 couponId) external view returns (uint32);

    /// @notice The ERC-1155 loyalty points contract (token id = merchant id) this escrow mints and burns.
    function loyaltyPoints() external view returns (address);

    // ------------------------------------------------------------------ payments

    /// @notice The payment id of `terms` (EIP-712 typed-data hash under this escrow's domain).
    function getPaymentId(PaymentTerms calldata terms) external view returns (bytes32);

    /// @notice What the payer pays for `terms` after `discount` (reverts as authorize would on a bad discount).
    function quote(PaymentTerms calldata terms, Discount calldata discount) external view returns (uint256 payerAmount);

    /// @notice The payment's uncaptured (capturable) and captured-not-refunded (refundable) amounts.
    /// `exists` is false for an id never authorized, and again once the payment is finished (nothing
    /// capturable or refundable after its authorization expiry): the void, reclaim or refund that finishes
    /// it clears its storage. Its id can still never be authorized again, as its expiry has passed; the
    /// events keep its whole history.
    function paymentState(bytes32 paymentId)
        external
        view
        returns (bool exists, uint120 capturable, uint120 refundable);

    /// @notice Moves the discounted price from the caller (= payer) into escrow by allowance.
    function authorize(PaymentTerms calldata terms, Discount calldata discount) external returns (bytes32 paymentId);

    /// @notice As `authorize`, funded by an EIP-2612 permit of the caller (= payer) for the discounted price.
    function authorizeWithPermit(
        PaymentTerms calldata terms,
        Discount calldata discount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (bytes32 paymentId);

    /// @notice As `authorize`, funded by the payer's EIP-3009 `receiveWithAuthorization`; anyone may submit it.
    /// The 3009 nonce must equal `authorizationNonce(terms, discount)`, binding the signature to these exact terms.
    function authorizeWithReceiveAuthorization(
        PaymentTerms calldata terms,
        Discount calldata discount,
        uint256 validAfter,
        uint256 validBefore,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (bytes32 paymentId);

    /// @notice Authorize and capture the whole discounted price in one call (funded by allowance, caller = payer).
    function charge(PaymentTerms calldata terms, Discount calldata discount) external returns (bytes32 paymentId);

    /// @notice As `charge`, funded by the payer's EIP-3009 `receiveWithAuthorization`; anyone may submit it.
    function chargeWithReceiveAuthorization(
        PaymentTerms calldata terms,
        Discount calldata discount,
        uint256 validAfter,
        uint256 validBefore,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (bytes32 paymentId);

    /// @notice The EIP-3009 nonce a payer signs to fund exactly these terms and discount.
    function authorizationNonce(PaymentTerms calldata terms, Discount calldata discount)
        external
        view
        returns (bytes32);

    /// @notice Pays out `amount` of the escrowed funds (merchant owner or operator; before authorization expiry).
    function capture(PaymentTerms calldata terms, uint256 amount) external;

    /// @notice Returns the whole uncaptured remainder to the payer (merchant owner or operator).
    function void(PaymentTerms calldata terms) external;

    /// @notice Returns the uncaptured remainder to the payer after authorization expiry (payer only; works while paused).
    function reclaim(PaymentTerms calldata terms) external;

    /// @notice Sends `amount` of captured funds from the caller (merchant owner or operator) back to the payer,
    /// until the refund deadline. The caller must have approved the escrow for `amount`.
    function refund(PaymentTerms calldata terms, uint256 amount) external;
}
