// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IPaymentEscrow} from "../interfaces/IPaymentEscrow.sol";
import {LoyaltyPoints} from "../loyalty/LoyaltyPoints.sol";
import {MerchantRegistry} from "./MerchantRegistry.sol";
import {PaymentTypedData} from "./PaymentTypedData.sol";

/// @title CheckoutDiscounts
/// @notice Prices a payment at checkout: a merchant-signed EIP-712 coupon (percentage or fixed
/// amount, use-limited, expiring, optionally for one payer) and loyalty points (one point is one
/// base unit off). Both are funded by the merchant: the payer pays less and the escrow holds,
/// and the merchant captures, only what the payer paid. Also the points arithmetic after checkout:
/// what a refund burns and what goes back to the payer with its money.
abstract contract CheckoutDiscounts is MerchantRegistry, PaymentTypedData {
    uint256 internal constant _BPS = 10_000;

    /// @dev The loyalty points contract, deployed by this escrow and minted/burned only by it.
    LoyaltyPoints internal immutable _LOYALTY;

    mapping(uint256 merchantId => mapping(bytes32 couponId => uint32 uses)) private _couponUses;
    mapping(bytes32 paymentId => RedeemedPoints) private _redeemedPoints;

    /// @dev Only for payments that redeemed points: what to credit back when money goes back.
    struct RedeemedPoints {
        /// @dev Points burned at checkout.
        uint128 points;
        /// @dev What the payer paid after discounts: the base of the proportional credit-back.
        uint128 payerAmount;
    }

    /// @param pointsUri ERC-1155 metadata URI of the loyalty points.
    constructor(string memory pointsUri) {
        _LOYALTY = new LoyaltyPoints(pointsUri);
    }

    /// @inheritdoc IPaymentEscrow
    function quote(PaymentTerms calldata terms, Discount calldata discount) external view returns (uint256 payerAmount) {
        (payerAmount,) = _price(terms, discount);
    }

    /// @inheritdoc IPaymentEscrow
    function couponUses(uint256 merchantId, bytes32 couponId) external view returns (uint32) {
        return _couponUses[merchantId][couponId];
    }

    /// @inheritdoc IPaymentEscrow
    function loyaltyPoints() external view returns (address) {
        return address(_LOYALTY);
    }

    /// @dev Checks the discount and returns what the payer pays and the coupon's share of the discount.
    /// Changes nothing: authorization counts the coupon use and burns the points afterwards.
    function _price(PaymentTerms calldata terms, Discount calldata discount)
        internal
        view
        returns (uint256 payerAmount, uint256 couponDiscount)
    {
        if (discount.coupon.couponId != bytes32(0)) couponDiscount = _checkCoupon(terms, discount);
        uint256 points = discount.points;
        if (points != 0) {
            uint256 held = _LOYALTY.balanceOf(terms.payer, terms.merchantId);
            if (held < points) revert InsufficientPoints(terms.payer, terms.merchantId, held, points);
        }
        // A 100% discount is refused: a payment must escrow money, or there is nothing to capture,
        // void or refund and no receipt of a sale (a free order needs no payment).
        if (points >= terms.amount || couponDiscount >= terms.amount - points) {
            revert DiscountCoversPrice(terms.amount, couponDiscount, points);
        }
        // Cannot underflow: checked just above.
        unchecked {
            payerAmount = terms.amount - points - couponDiscount;
        }
    }

    /// @dev Counts one use of the coupon already checked by `_price`.
    function _countCouponUse(uint256 merchantId, bytes32 couponId, bytes32 paymentId) internal {
        uint32 uses = ++_couponUses[merchantId][couponId];
        emit CouponRedeemed(merchantId, couponId, paymentId, uses);
    }

    /// @dev Remembers what a payment redeemed, to credit it back in proportion when money goes back.
    /// The casts are safe: both values are below the price, which is at most type(uint120).max.
    function _recordRedeemedPoints(bytes32 paymentId, uint256 points, uint256 payerAmount) internal {
        _redeemedPoints[paymentId] = RedeemedPoints(uint128(points), uint128(payerAmount));
    }

    /// @dev Forgets a finished payment's redeemed points (nothing more can go back to the payer).
    function _clearRedeemedPoints(bytes32 paymentId) internal {
        delete _redeemedPoints[paymentId];
    }

    /// @dev Redeemed points to credit back when `amountBack` of the money paid goes back to the payer:
    /// points × amountBack / payerAmount, rounded down. Money going back never totals more than
    /// payerAmount, so the sum credited back never exceeds the points redeemed.
    function _pointsToRestore(bytes32 paymentId, bool redeemedPoints, uint256 amountBack)
        internal
        view
        returns (uint256)
    {
        if (!redeemedPoints) return 0;
        RedeemedPoints storage redeemed = _redeemedPoints[paymentId];
        return redeemed.points * amountBack / redeemed.payerAmount;
    }

    /// @dev Points a refund removes: refund × the payment's loyalty rate, i.e. the points its capture
    /// earned × refunded / captured (rates are fixed per payment). If the payer has already spent them
    /// at checkout, only what it still holds is burned: the refund itself is never blocked by points.
    function _pointsToBurn(PaymentTerms calldata terms, uint256 loyaltyBps, uint256 amount)
        internal
        view
        returns (uint256 burn)
    {
        if (loyaltyBps == 0) return 0;
        // Cannot overflow: amount < 2^120, loyaltyBps ≤ 10_000.
        unchecked {
            burn = amount * loyaltyBps / _BPS;
        }
        uint256 held = _LOYALTY.balanceOf(terms.payer, terms.merchantId);
        if (held < burn) burn = held;
    }

    /// @dev Verifies the coupon against the merchant's current coupon signer (EOA via ECDSA or a
    /// contract via ERC-1271, through OpenZeppelin's SignatureChecker) and returns its discount.
    function _checkCoupon(PaymentTerms calldata terms, Discount calldata discount)
        private
        view
        returns (uint256 couponDiscount)
    {
        Coupon calldata coupon = discount.coupon;
        bytes32 couponId = coupon.couponId;
        if (coupon.merchantId != terms.merchantId) {
            revert CouponMerchantMismatch(couponId, coupon.merchantId, terms.merchantId);
        }
        address signer = _merchants[terms.merchantId].couponSigner;
        if (signer == address(0)) revert CouponsDisabled(terms.merchantId);
        if (block.timestamp > coupon.expiry) revert CouponExpired(couponId, coupon.expiry, block.timestamp);
        if (coupon.payer != address(0) && coupon.payer != terms.payer) {
            revert CouponPayerMismatch(couponId, coupon.payer, terms.payer);
        }
        uint32 uses = _couponUses[terms.merchantId][couponId];
        if (uses >= coupon.maxUses) revert CouponUsedUp(couponId, uses, coupon.maxUses);
        if ((coupon.discountBps == 0) == (coupon.discountAmount == 0) || coupon.discountBps > _BPS) {
            revert InvalidCouponDiscount(couponId, coupon.discountBps, coupon.discountAmount);
        }
        bytes32 digest = _hashTypedDataV4(_couponStructHash(coupon));
        if (!SignatureChecker.isValidSignatureNow(signer, digest, discount.couponSignature)) {
            revert InvalidCouponSignature(couponId, signer);
        }
        // Rounds down, in the merchant's favour by less than one base unit. The multiplication stays
        // checked: `quote` may see an amount that authorization would refuse as too large.
        couponDiscount = coupon.discountBps != 0 ? terms.amount * coupon.discountBps / _BPS : coupon.discountAmount;
    }
}
