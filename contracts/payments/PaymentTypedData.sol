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
    /// Every field of `PaymentTerms` is a static type whose EIP-712 encoding is its 32-byte ABI word,
    /// so `typeHash ‖ encodeData(terms)` is the type hash followed by the ten calldata words of `terms`
    /// as they are: hashed straight from a copy of calldata instead of re-encoding field by field.
    function _paymentId(PaymentTerms calldata terms) internal view returns (bytes32) {
        bytes32 typeHash = PAYMENT_TERMS_TYPEHASH;
        bytes32 structHash;
        // Safe: `terms` is a static calldata struct the ABI decoder has bounds-checked (10 words). The
        // words are hashed as given, so each must be a canonical encoding, exactly what the ABI decoder
        // requires of them: addresses (payer, token) fit 160 bits, feeBps 16, the two expiries 48; a dirty
        // word gets the decoder's own empty revert. Memory: 11 words written at the free-memory pointer
        // as scratch space; the pointer is not moved, so nothing allocated is overwritten.
        assembly ("memory-safe") {
            let dirty := or(
                or(shr(160, calldataload(add(terms, 0x20))), shr(160, calldataload(add(terms, 0x40)))),
                or(
                    shr(16, calldataload(add(terms, 0x80))),
                    or(shr(48, calldataload(add(terms, 0xa0))), shr(48, calldataload(add(terms, 0xc0))))
                )
            )
            if dirty { revert(0, 0) }
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), terms, 0x140)
            structHash := keccak256(ptr, 0x160)
        }
        return _hashTypedDataV4(structHash);
    }

    /// @dev EIP-712 struct hash of a coupon (all fields static, as for the terms).
    function _couponStructHash(Coupon calldata coupon) internal pure returns (bytes32) {
        return keccak256(abi.encode(COUPON_TYPEHASH, coupon));
    }
}
