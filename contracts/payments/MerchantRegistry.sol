// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IPaymentEscrow} from "../interfaces/IPaymentEscrow.sol";

/// @title MerchantRegistry
/// @notice The escrow's merchant records, fee disclosure and settlement-token allowlist.
/// Merchants manage their own payout, settlement token, coupon signer, loyalty rate and
/// operators; the escrow owner (the platform operator) sets fees, up to `MAX_FEE_BPS`, and
/// decides which tokens may be settled in.
abstract contract MerchantRegistry is IPaymentEscrow, Ownable2Step {
    /// @notice Highest fee the escrow owner can ever charge a merchant: 10% of each capture.
    uint16 public constant MAX_FEE_BPS = 1_000;
    /// @notice Highest loyalty rate: one point per captured base unit.
    uint16 public constant MAX_LOYALTY_BPS = 10_000;

    /// @dev A merchant record laid out so each hot path reads as few cold slots as it can:
    /// - slot 0, read by authorize: settlement token, fee and loyalty rate;
    /// - slot 1, read by capture, void and refund (the caller check): owner;
    /// - slot 2, read by capture: payout.
    /// The fee receiver, read only by capture, fills the spare bytes of slots 1 and 2 (its high 96 and
    /// low 64 bits), so a capture reads owner, payout and fee receiver from two slots instead of three.
    /// Only `_feeReceiverOf` and `_setFeeReceiver` touch the two halves.
    struct MerchantRecord {
        /// @dev The token this merchant's payments are escrowed in; never zero for a registered
        /// merchant (zero means the merchant does not exist).
        address settlementToken;
        /// @dev Disclosed fee, set by the escrow owner.
        uint16 feeBps;
        /// @dev Points per captured base unit, in basis points.
        uint16 loyaltyBps;
        /// @dev Manages the record; zero means the merchant does not exist.
        address owner;
        /// @dev High 96 bits of the fee receiver (receives the fee of each capture).
        uint96 feeReceiverHigh;
        /// @dev Receives captures net of fee.
        address payout;
        /// @dev Low 64 bits of the fee receiver.
        uint64 feeReceiverLow;
        /// @dev Coupon signer (EOA or ERC-1271); zero disables coupons.
        address couponSigner;
    }

    mapping(uint256 merchantId => MerchantRecord) internal _merchants;
    mapping(uint256 merchantId => mapping(address account => bool allowed)) internal _operators;
    mapping(address token => bool allowed) internal _allowedTokens;
    uint256 private _merchantCount;
    uint16 private _defaultFeeBps;
    address private _defaultFeeReceiver;

    /// @notice Emitted when the escrow owner changes the fee new merchants start with.
    event DefaultFeeSet(uint16 feeBps, address feeReceiver);
    /// @notice Emitted when the escrow owner allows or revokes a settlement token.
    event TokenAllowedSet(address indexed token, bool allowed);

    /// @param defaultFeeBps Fee new merchants start with, at most `MAX_FEE_BPS`.
    /// @param defaultFeeReceiver Receiver of new merchants' fees; never the zero address.
    constructor(uint16 defaultFeeBps, address defaultFeeReceiver) {
        _setDefaultFee(defaultFeeBps, defaultFeeReceiver);
    }

    modifier onlyMerchantOwner(uint256 merchantId) {
        if (_merchants[merchantId].owner != msg.sender) revert NotMerchantOwner(merchantId, msg.sender);
        _;
    }

    // ------------------------------------------------------------------ merchants

    /// @inheritdoc IPaymentEscrow
    function registerMerchant(address payout, address settlementToken, address couponSigner, uint16 loyaltyBps)
        external
        returns (uint256 merchantId)
    {
        // Check
        _checkMerchantSettings(payout, settlementToken, loyaltyBps);
        // Update: ids are sequential from 1, so 0 never names a merchant.
        merchantId = ++_merchantCount;
        (uint16 feeBps, address feeReceiver) = (_defaultFeeBps, _defaultFeeReceiver);
        MerchantRecord storage record = _merchants[merchantId];
        (record.settlementToken, record.feeBps, record.loyaltyBps) = (settlementToken, feeBps, loyaltyBps);
        (record.owner, record.payout, record.couponSigner) = (msg.sender, payout, couponSigner);
        _setFeeReceiver(record, feeReceiver);
        // The full record is disclosed in logs, fee included.
        emit MerchantRegistered(merchantId, msg.sender, payout, settlementToken);
        emit MerchantUpdated(merchantId, payout, settlementToken, couponSigner, loyaltyBps);
        emit MerchantFeeSet(merchantId, feeBps, feeReceiver);
    }

    /// @inheritdoc IPaymentEscrow
    /// @dev Existing payments keep their terms' token; captures pay the payout address current at capture.
    function updateMerchant(
        uint256 merchantId,
        address payout,
        address settlementToken,
        address couponSigner,
        uint16 loyaltyBps
    ) external onlyMerchantOwner(merchantId) {
        _checkMerchantSettings(payout, settlementToken, loyaltyBps);
        MerchantRecord storage record = _merchants[merchantId];
        record.payout = payout;
        record.settlementToken = settlementToken;
        record.couponSigner = couponSigner;
        record.loyaltyBps = loyaltyBps;
        emit MerchantUpdated(merchantId, payout, settlementToken, couponSigner, loyaltyBps);
    }

    /// @inheritdoc IPaymentEscrow
    function setMerchantOperator(uint256 merchantId, address operator, bool allowed)
        external
        onlyMerchantOwner(merchantId)
    {
        _operators[merchantId][operator] = allowed;
        emit MerchantOperatorSet(merchantId, operator, allowed);
    }

    /// @inheritdoc IPaymentEscrow
    /// @dev Operators are kept: the new owner revokes the ones it does not want.
    function transferMerchantOwnership(uint256 merchantId, address newOwner) external onlyMerchantOwner(merchantId) {
        if (newOwner == address(0)) revert InvalidMerchantOwner(newOwner);
        _merchants[merchantId].owner = newOwner;
        emit MerchantOwnershipTransferred(merchantId, msg.sender, newOwner);
    }

    /// @inheritdoc IPaymentEscrow
    function merchant(uint256 merchantId) external view returns (Merchant memory) {
        MerchantRecord storage record = _merchants[merchantId];
        return Merchant({
            owner: record.owner,
            payout: record.payout,
            settlementToken: record.settlementToken,
            couponSigner: record.couponSigner,
            loyaltyBps: record.loyaltyBps,
            feeBps: record.feeBps,
            feeReceiver: _feeReceiverOf(record)
        });
    }

    /// @inheritdoc IPaymentEscrow
    function isMerchantOperator(uint256 merchantId, address account) public view returns (bool) {
        address owner = _merchants[merchantId].owner;
        return owner != address(0) && (account == owner || _operators[merchantId][account]);
    }

    /// @inheritdoc IPaymentEscrow
    function merchantCount() external view returns (uint256) {
        return _merchantCount;
    }

    /// @inheritdoc IPaymentEscrow
    function isTokenAllowed(address token) external view returns (bool) {
        return _allowedTokens[token];
    }

    /// @notice The fee and fee receiver new merchants start with.
    function defaultFee() external view returns (uint16 feeBps, address feeReceiver) {
        return (_defaultFeeBps, _defaultFeeReceiver);
    }

    // ------------------------------------------------------------------ escrow owner

    /// @notice Sets the fee and fee receiver new merchants start with; existing merchants keep theirs.
    function setDefaultFee(uint16 feeBps, address feeReceiver) external onlyOwner {
        _setDefaultFee(feeBps, feeReceiver);
    }

    /// @notice Discloses a new fee for `merchantId`, at most `MAX_FEE_BPS`. Payments authorized
    /// earlier keep the fee in their terms; captures pay the fee receiver current at capture.
    function setMerchantFee(uint256 merchantId, uint16 feeBps, address feeReceiver) external onlyOwner {
        if (_merchants[merchantId].owner == address(0)) revert MerchantNotFound(merchantId);
        _checkFee(feeBps, feeReceiver);
        MerchantRecord storage record = _merchants[merchantId];
        record.feeBps = feeBps;
        _setFeeReceiver(record, feeReceiver);
        emit MerchantFeeSet(merchantId, feeBps, feeReceiver);
    }

    /// @notice Allows or revokes `token` as a settlement token. Revoking blocks new authorizations
    /// in it; payments already escrowed can still be captured, voided, reclaimed and refunded.
    function setTokenAllowed(address token, bool allowed) external onlyOwner {
        _allowedTokens[token] = allowed;
        emit TokenAllowedSet(token, allowed);
    }

    // ------------------------------------------------------------------ internal

    /// @dev The merchant's fee receiver, joined from its two halves.
    function _feeReceiverOf(MerchantRecord storage record) internal view returns (address) {
        return address(uint160((uint256(record.feeReceiverHigh) << 64) | record.feeReceiverLow));
    }

    /// @dev Stores `feeReceiver` as its high 96 bits (slot 1) and low 64 bits (slot 2).
    function _setFeeReceiver(MerchantRecord storage record, address feeReceiver) private {
        record.feeReceiverHigh = uint96(uint160(feeReceiver) >> 64);
        record.feeReceiverLow = uint64(uint160(feeReceiver));
    }

    /// @dev Reverts unless `msg.sender` is the merchant's owner (already loaded) or one of its operators.
    function _checkOperator(uint256 merchantId, address owner) internal view {
        if (msg.sender != owner && !_operators[merchantId][msg.sender]) {
            revert NotMerchantOperator(merchantId, msg.sender);
        }
    }

    function _checkMerchantSettings(address payout, address settlementToken, uint16 loyaltyBps) private view {
        if (payout == address(0)) revert InvalidPayout(payout);
        // Never zero: a zero settlement token marks an unregistered merchant (see `MerchantRecord`).
        if (settlementToken == address(0) || !_allowedTokens[settlementToken]) revert TokenNotAllowed(settlementToken);
        if (loyaltyBps > MAX_LOYALTY_BPS) revert LoyaltyRateTooHigh(loyaltyBps, MAX_LOYALTY_BPS);
    }

    function _checkFee(uint16 feeBps, address feeReceiver) private pure {
        if (feeBps > MAX_FEE_BPS) revert FeeTooHigh(feeBps, MAX_FEE_BPS);
        if (feeReceiver == address(0)) revert InvalidFeeReceiver(feeReceiver);
    }

    function _setDefaultFee(uint16 feeBps, address feeReceiver) private {
        _checkFee(feeBps, feeReceiver);
        (_defaultFeeBps, _defaultFeeReceiver) = (feeBps, feeReceiver);
        emit DefaultFeeSet(feeBps, feeReceiver);
    }
}
