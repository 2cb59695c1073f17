// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPaymentEscrow} from "../interfaces/IPaymentEscrow.sol";

/// @title PaymentReceipts
/// @notice The escrow's receipt events, emitted from one place each. Every receipt carries the
/// payment id, merchant, payer, token, amounts, fee or points, order reference and line-items hash,
/// so an auditor can rebuild a merchant's ledger from logs alone.
/// @dev Each event has more fields than the EVM stack can reach from a busy function; emitting it
/// from a small helper with the terms in calldata keeps the entry points readable without via-IR.
abstract contract PaymentReceipts is IPaymentEscrow {
    /// @dev What the payer pays and which discounts it used, as priced at authorization.
    struct Checkout {
        /// @dev Price minus coupon discount minus points.
        uint256 payerAmount;
        /// @dev Loyalty points redeemed.
        uint256 points;
        /// @dev Redeemed coupon, or zero.
        bytes32 couponId;
        /// @dev The coupon's share of the discount, in base units.
        uint256 couponDiscount;
    }

    /// @dev Amounts and recipients of one capture, fixed before any transfer.
    struct Capture {
        /// @dev The merchant's payout address at capture.
        address payout;
        /// @dev The merchant's fee receiver at capture.
        address feeReceiver;
        /// @dev Fee at the terms' rate, rounded down.
        uint256 fee;
        /// @dev Loyalty points minted to the payer.
        uint256 points;
    }

    function _emitCaptured(PaymentTerms calldata terms, bytes32 paymentId, uint256 amount, Capture memory captured)
        internal
    {
        emit PaymentCaptured(
            paymentId,
            terms.merchantId,
            terms.payer,
            terms.token,
            amount,
            captured.fee,
            captured.payout,
            captured.feeReceiver,
            captured.points,
            terms.orderRef,
            terms.lineItemsHash
        );
    }

    function _emitAuthorized(PaymentTerms calldata terms, bytes32 paymentId, Checkout memory checkout) internal {
        emit PaymentAuthorized(
            paymentId,
            terms.merchantId,
            terms.payer,
            terms.token,
            checkout.payerAmount,
            terms.amount,
            checkout.points,
            checkout.couponId,
            checkout.couponDiscount,
            terms.feeBps,
            terms.orderRef,
            terms.lineItemsHash
        );
    }

    function _emitRefunded(
        PaymentTerms calldata terms,
        bytes32 paymentId,
        uint256 amount,
        uint256 pointsBurned,
        uint256 pointsRestored
    ) internal {
        emit PaymentRefunded(
            paymentId,
            terms.merchantId,
            terms.payer,
            terms.token,
            amount,
            msg.sender,
            pointsBurned,
            pointsRestored,
            terms.orderRef,
            terms.lineItemsHash
        );
    }
}
