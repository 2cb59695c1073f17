// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PaymentRecord
/// @notice A payment's running state, packed in one storage word and handled as a plain `uint256`
/// (one SLOAD, shifts and masks, one SSTORE — cheaper than a Solidity struct, whose fields the legacy
/// code generator reads and writes one by one):
///
///   bits   0-119  capturable: escrowed, not yet captured, voided or reclaimed
///   bits 120-239  refundable: captured, not yet refunded
///   bits 240-253  the merchant's loyalty rate at authorization (≤ 10_000 < 2^14)
///   bit  254      the payer redeemed points at checkout (a `RedeemedPoints` slot exists)
///   bit  255      the payment exists
///
/// capturable + refundable never exceeds the authorized amount (< 2^120), so adding to either field
/// never carries into the next one.
library PaymentRecord {
    uint256 internal constant EXISTS = 1 << 255;
    uint256 internal constant REDEEMED_POINTS = 1 << 254;
    uint256 private constant _AMOUNT_MASK = (1 << 120) - 1;
    uint256 private constant _LOYALTY_SHIFT = 240;
    uint256 private constant _LOYALTY_MASK = (1 << 14) - 1;

    /// @dev A new record. `loyaltyBps` ≤ 10_000 and both amounts < 2^120 (checked by the caller).
    function create(uint256 capturable_, uint256 refundable_, uint256 loyaltyBps_, bool redeemedPoints_)
        internal
        pure
        returns (uint256)
    {
        return EXISTS | (redeemedPoints_ ? REDEEMED_POINTS : 0) | (loyaltyBps_ << _LOYALTY_SHIFT)
            | (refundable_ << 120) | capturable_;
    }

    /// @dev Whether the record was created (and not cleared as finished).
    function exists(uint256 record) internal pure returns (bool) {
        return record & EXISTS != 0;
    }

    /// @dev Escrowed, not yet captured, voided or reclaimed.
    function capturable(uint256 record) internal pure returns (uint256) {
        return record & _AMOUNT_MASK;
    }

    /// @dev Captured, not yet refunded.
    function refundable(uint256 record) internal pure returns (uint256) {
        return (record >> 120) & _AMOUNT_MASK;
    }

    /// @dev The merchant's loyalty rate when the payment was authorized.
    function loyaltyBps(uint256 record) internal pure returns (uint256) {
        return (record >> _LOYALTY_SHIFT) & _LOYALTY_MASK;
    }

    /// @dev Whether the payer redeemed points at checkout.
    function redeemedPoints(uint256 record) internal pure returns (bool) {
        return record & REDEEMED_POINTS != 0;
    }

    /// @dev Moves `amount` ≤ capturable from capturable to refundable (a capture).
    function afterCapture(uint256 record, uint256 amount) internal pure returns (uint256) {
        // Safe: amount ≤ capturable (checked by the caller), so the low field does not borrow, and the
        // new refundable ≤ the authorized amount < 2^120, so the middle field does not carry.
        unchecked {
            return record - amount + (amount << 120);
        }
    }

    /// @dev Lowers refundable by `amount` ≤ refundable (a refund).
    function afterRefund(uint256 record, uint256 amount) internal pure returns (uint256) {
        // Safe: amount ≤ refundable (checked by the caller), so the middle field does not borrow.
        unchecked {
            return record - (amount << 120);
        }
    }

    /// @dev Sets capturable to zero (a void or a reclaim).
    function afterRelease(uint256 record) internal pure returns (uint256) {
        return record & ~_AMOUNT_MASK;
    }

    /// @dev Nothing capturable and nothing refundable.
    function isEmpty(uint256 record) internal pure returns (bool) {
        return record & ((1 << 240) - 1) == 0;
    }
}
