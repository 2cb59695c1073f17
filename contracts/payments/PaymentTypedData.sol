// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IPaymentEscrow} from "../interfaces/IPaymentEscrow.sol";

/// @title PaymentTypedData
/// @notice EIP-712 hashing of payment terms (the payment id), coupons (what a merchant's coupon
/// signer signs) and the EIP-3009 nonce that binds a payer's signature to exact terms and discount.
abstract contract PaymentTypedData is EIP712, IPaymentEscrow {
    /// @notice EIP-712 type hash of `PaymentTerms`.
    bytes32 public constant PAYMENT_TERMS_TYPEHASH = keccak256(
        "PaymentTerms(uint256 merchantId,address payer,address token,uint256 amount,uint16 feeBps,"
        "uint48 authorizationExpiry,uint48 refundDeadline,bytes32 orderRef,bytes32 lineItemsHash,uint256 salt)"
    );

    /// @notice EIP-712 type hash of `Coupon`.
    bytes32 public constant COUPON_TYPEHASH = keccak256(
        "Coupon(uint256 merchantId,bytes32 couponId,uint16 discountBps,uint120 discountAmount,uint32 maxUses,"
        "uint48 expiry,address payer)"
    );

    /// @inheritdoc IPaymentEscrow
    function getPaymentId(PaymentTerms calldata terms) external view returns (bytes32) {
        return _paymentId(terms);
    }

    /// @inheritdoc IPaymentEscrow
    function getCouponDigest(Coupon calldata coupon) external view returns (bytes32) {
        return _hashTypedDataV4(_couponStructHash(coupon));
    }

    /// @inheritdoc IPaymentEscrow
    /// @dev keccak256(paymentId, points, coupon struct hash). The payment id already covers every term,
    /// so a relayer cannot reuse the payer's EIP-3009 signature for other terms, another coupon or
    /// another number of points. The coupon signature itself is not bound: it only proves the
    /// coupon, whose content (and so the discount) is bound.
    function authorizationNonce(PaymentTerms calldata terms, Discount calldata discount)
        public
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(_paymentId(terms), discount.points, _couponStructHash(discount.coupon)));
    }

    /// @dev The payment id: the EIP-712 typed-data hash of `terms` under this escrow's domain.
    /// Every field of `PaymentTerms` is a static 32-byte word in EIP-712 encoding, so
    /// `abi.encode(typehash, terms)` is exactly `typeHash ‖ encodeData(terms)`.
    function _paymentId(PaymentTerms calldata terms) internal view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(PAYMENT_TERMS_TYPEHASH, terms)));
    }

    /// @dev EIP-712 struct hash of a coupon (all fields static, as for the terms).
    function _couponStructHash(Coupon calldata coupon) internal pure returns (bytes32) {
        return keccak256(abi.encode(COUPON_TYPEHASH, coupon));
    }
}
