// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IPaykeyAccount} from "../interfaces/IPaykeyAccount.sol";
import {PasskeyOwners} from "./PasskeyOwners.sol";

/// @title GuardianRecovery
/// @notice Delayed recovery for a passkey account whose devices are all lost. An optional guardian proposes a
/// new passkey; after the recovery delay anyone may execute the proposal, which adds that passkey. Until then any
/// current passkey can cancel it through the account — so a rogue guardian cannot take over an account whose
/// owner still holds a device, and a lost-device owner regains access without the operator's help.
///
/// The guardian is ERC-7913 signer bytes, verified with OpenZeppelin's `SignatureChecker`: a 20-byte address
/// (an EOA signing with ECDSA, or an ERC-1271 contract such as another Paykey account), or `verifier || key`
/// (e.g. OpenZeppelin's `ERC7913WebAuthnVerifier` followed by a passkey's `qx || qy`). The guardian signs an
/// EIP-712 `RecoveryProposal` under this account's domain (name, version, chain id, account address), with a
/// nonce that advances on every proposal and guardian change, so a signature cannot be replayed here, on another
/// account or on another chain.
abstract contract GuardianRecovery is PasskeyOwners, EIP712 {
    /// @custom:storage-location erc7201:paykey.storage.GuardianRecovery
    struct GuardianRecoveryStorage {
        /// @notice ERC-7913 signer bytes of the guardian; empty when none.
        bytes guardian;
        /// @notice Seconds between a proposal and the moment it may be executed; zero means the default.
        uint48 recoveryDelay;
        /// @notice Moment from which the pending proposal may be executed; zero when none is pending.
        uint48 executableAt;
        /// @notice Nonce the next proposal must be signed with.
        uint64 recoveryNonce;
        /// @notice x coordinate of the proposed passkey.
        bytes32 proposedQx;
        /// @notice y coordinate of the proposed passkey.
        bytes32 proposedQy;
    }

    /// @notice Delay used until the account sets its own: 48 hours.
    uint48 public constant DEFAULT_RECOVERY_DELAY = 48 hours;
    /// @notice Shortest delay the account may choose: one hour leaves an owner time to notice and cancel.
    uint48 public constant MIN_RECOVERY_DELAY = 1 hours;
    /// @notice Longest delay the account may choose.
    uint48 public constant MAX_RECOVERY_DELAY = 30 days;

    /// @notice EIP-712 type the guardian signs.
    bytes32 public constant RECOVERY_PROPOSAL_TYPEHASH =
        keccak256("RecoveryProposal(bytes32 qx,bytes32 qy,uint64 recoveryNonce)");

    // keccak256(abi.encode(uint256(keccak256("paykey.storage.GuardianRecovery")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant GUARDIAN_RECOVERY_STORAGE =
        0x0f2c5c2c563ec3126b614c9636a87d57d736c9208eb64852619069890494d100;

    /// @inheritdoc IPaykeyAccount
    function setGuardian(bytes calldata newGuardian, uint48 recoveryDelay) external onlyEntryPointOrSelf {
        GuardianRecoveryStorage storage $ = _guardianRecoveryStorage();
        // Check
        if (newGuardian.length != 0 && (newGuardian.length < 20 || address(bytes20(newGuardian)) == address(this))) {
            revert InvalidGuardian(newGuardian);
        }
        if (recoveryDelay < MIN_RECOVERY_DELAY || recoveryDelay > MAX_RECOVERY_DELAY) {
            revert InvalidRecoveryDelay(recoveryDelay, MIN_RECOVERY_DELAY, MAX_RECOVERY_DELAY);
        }
        // Update: a proposal made under the previous guardian no longer stands, nor does any unused signature.
        if ($.executableAt != 0) _clearPendingRecovery($, true);
        $.guardian = newGuardian;
        $.recoveryDelay = recoveryDelay;
        $.recoveryNonce += 1;
        emit GuardianSet(newGuardian, recoveryDelay);
    }

    /// @inheritdoc IPaykeyAccount
    function guardian() public view returns (bytes memory, uint48) {
        GuardianRecoveryStorage storage $ = _guardianRecoveryStorage();
        return ($.guardian, _recoveryDelay($));
    }

    /// @inheritdoc IPaykeyAccount
    function recoveryDigest(bytes32 qx, bytes32 qy) public view returns (bytes32) {
        return _recoveryDigest(qx, qy, _guardianRecoveryStorage().recoveryNonce);
    }

    /// @inheritdoc IPaykeyAccount
    function proposeRecovery(bytes32 qx, bytes32 qy, bytes calldata guardianSignature) external {
        GuardianRecoveryStorage storage $ = _guardianRecoveryStorage();
        bytes memory currentGuardian = $.guardian;
        uint64 nonce = $.recoveryNonce;
        // Check
        if (currentGuardian.length == 0) revert NoGuardian();
        bytes32 digest = _recoveryDigest(qx, qy, nonce);
        bool calledByGuardian = currentGuardian.length == 20 && msg.sender == address(bytes20(currentGuardian));
        if (!calledByGuardian && !SignatureChecker.isValidSignatureNow(currentGuardian, digest, guardianSignature)) {
            revert InvalidGuardianSignature(currentGuardian, digest);
        }
        _requireNewPasskey(qx, qy);
        // Update (a newer proposal replaces a pending one and restarts the delay)
        uint48 executableAt = uint48(block.timestamp) + _recoveryDelay($);
        $.proposedQx = qx;
        $.proposedQy = qy;
        $.executableAt = executableAt;
        $.recoveryNonce = nonce + 1;
        emit RecoveryProposed(qx, qy, executableAt, nonce);
    }

    /// @inheritdoc IPaykeyAccount
    function cancelRecovery() external onlyEntryPointOrSelf {
        GuardianRecoveryStorage storage $ = _guardianRecoveryStorage();
        // Check
        if ($.executableAt == 0) revert NoPendingRecovery();
        // Update
        _clearPendingRecovery($, true);
    }

    /// @inheritdoc IPaykeyAccount
    function executeRecovery() external {
        GuardianRecoveryStorage storage $ = _guardianRecoveryStorage();
        uint48 executableAt = $.executableAt;
        // Check
        if (executableAt == 0) revert NoPendingRecovery();
        if (block.timestamp < executableAt) revert RecoveryNotReady(executableAt, uint48(block.timestamp));
        // Update
        (bytes32 qx, bytes32 qy) = ($.proposedQx, $.proposedQy);
        uint64 proposalNonce = $.recoveryNonce - 1;
        _clearPendingRecovery($, false);
        _addPasskey(qx, qy); // checks the key is on the curve and not already an owner; emits PasskeyAdded
        emit RecoveryExecuted(qx, qy, proposalNonce);
    }

    /// @inheritdoc IPaykeyAccount
    function pendingRecovery() public view returns (bytes32 qx, bytes32 qy, uint48 executableAt, uint64 recoveryNonce) {
        GuardianRecoveryStorage storage $ = _guardianRecoveryStorage();
        return ($.proposedQx, $.proposedQy, $.executableAt, $.recoveryNonce);
    }

    function _clearPendingRecovery(GuardianRecoveryStorage storage $, bool cancelled) private {
        (bytes32 qx, bytes32 qy) = ($.proposedQx, $.proposedQy);
        delete $.proposedQx;
        delete $.proposedQy;
        $.executableAt = 0;
        // A pending proposal advanced the nonce when it was made, so `recoveryNonce - 1` is its nonce.
        if (cancelled) emit RecoveryCancelled(qx, qy, $.recoveryNonce - 1);
    }

    function _recoveryDigest(bytes32 qx, bytes32 qy, uint64 nonce) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RECOVERY_PROPOSAL_TYPEHASH, qx, qy, nonce)));
    }

    function _recoveryDelay(GuardianRecoveryStorage storage $) private view returns (uint48) {
        uint48 delay = $.recoveryDelay;
        return delay == 0 ? DEFAULT_RECOVERY_DELAY : delay;
    }

    function _guardianRecoveryStorage() private pure returns (GuardianRecoveryStorage storage $) {
        // Safe: assigns the fixed ERC-7201 slot computed above to a storage pointer; no other memory is touched.
        assembly ("memory-safe") {
            $.slot := GUARDIAN_RECOVERY_STORAGE
        }
    }
}
