// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPaykeyAccount
/// @notice A Paykey passkey smart wallet (ERC-4337 v0.8): owned by one or more WebAuthn passkeys (P-256
/// keys, one per device), with an optional guardian that can propose a new passkey after a delay.
/// A passkey is identified by its x coordinate `qx`; the account stores `qx => qy`.
interface IPaykeyAccount {
    // ------------------------------------------------------------------ events

    /// @notice Emitted when a passkey becomes an owner (at initialization, by the account, or by recovery).
    event PasskeyAdded(bytes32 indexed qx, bytes32 qy);
    /// @notice Emitted when the account removes one of its passkeys.
    event PasskeyRemoved(bytes32 indexed qx, bytes32 qy);
    /// @notice Emitted when the account sets or clears (empty `guardian`) its recovery guardian.
    event GuardianSet(bytes guardian, uint48 recoveryDelay);
    /// @notice Emitted when the guardian proposes `qx, qy` as a new passkey, executable from `executableAt`.
    event RecoveryProposed(bytes32 indexed qx, bytes32 qy, uint48 executableAt, uint64 recoveryNonce);
    /// @notice Emitted when the account (one of its passkeys) cancels the pending recovery.
    event RecoveryCancelled(bytes32 indexed qx, bytes32 qy, uint64 recoveryNonce);
    /// @notice Emitted when a pending recovery takes effect and its passkey is added.
    event RecoveryExecuted(bytes32 indexed qx, bytes32 qy, uint64 recoveryNonce);

    // ------------------------------------------------------------------ errors

    /// @notice Thrown when `(qx, qy)` is not a point on the P-256 curve.
    error InvalidPasskey(bytes32 qx, bytes32 qy);
    /// @notice Thrown when adding a passkey whose x coordinate is already an owner.
    error PasskeyAlreadyAdded(bytes32 qx);
    /// @notice Thrown when removing a passkey that is not an owner.
    error PasskeyNotFound(bytes32 qx);
    /// @notice Thrown when removing the only remaining passkey, which would lock the account forever.
    error LastPasskey(bytes32 qx);
    /// @notice Thrown when a guardian is neither empty, a 20-byte address, nor `verifier || key`, or is the account itself.
    error InvalidGuardian(bytes guardian);
    /// @notice Thrown when a recovery delay is outside [`min`, `max`].
    error InvalidRecoveryDelay(uint48 recoveryDelay, uint48 min, uint48 max);
    /// @notice Thrown when proposing a recovery while the account has no guardian.
    error NoGuardian();
    /// @notice Thrown when the guardian's signature over the recovery proposal does not verify.
    error InvalidGuardianSignature(bytes guardian, bytes32 digest);
    /// @notice Thrown when cancelling or executing a recovery while none is pending (never proposed, cancelled or executed).
    error NoPendingRecovery();
    /// @notice Thrown when executing a recovery before its delay has passed.
    error RecoveryNotReady(uint48 executableAt, uint48 currentTime);

    // ------------------------------------------------------------------ passkeys

    /// @notice Sets the first passkey of a fresh clone. Called once, by the factory, in the deployment transaction.
    function initialize(bytes32 qx, bytes32 qy) external;

    /// @notice Adds a passkey (a new device). Only through the account itself: a user operation signed by a current passkey.
    function addPasskey(bytes32 qx, bytes32 qy) external;

    /// @notice Removes a passkey (a lost or retired device). Only through the account itself; never the last one.
    function removePasskey(bytes32 qx) external;

    /// @notice The y coordinate of the owner passkey with x coordinate `qx`, or zero when it is not an owner.
    function passkeyY(bytes32 qx) external view returns (bytes32 qy);

    /// @notice Whether `(qx, qy)` is an owner passkey.
    function isPasskey(bytes32 qx, bytes32 qy) external view returns (bool);

    /// @notice How many passkeys own the account.
    function passkeyCount() external view returns (uint256);

    // ------------------------------------------------------------------ recovery

    /// @notice Sets the guardian (ERC-7913 signer bytes: a 20-byte EOA/ERC-1271 address, or `verifier || key` such
    /// as OpenZeppelin's ERC7913WebAuthnVerifier followed by `qx || qy`) and the recovery delay; empty clears it.
    /// Only through the account itself. Cancels any pending recovery.
    function setGuardian(bytes calldata guardian, uint48 recoveryDelay) external;

    /// @notice The guardian (empty when none) and the delay between a proposal and its execution.
    function guardian() external view returns (bytes memory guardian, uint48 recoveryDelay);

    /// @notice The EIP-712 digest the guardian signs to propose `(qx, qy)` at the current recovery nonce.
    function recoveryDigest(bytes32 qx, bytes32 qy) external view returns (bytes32);

    /// @notice Proposes `(qx, qy)` as a new passkey. Anyone may submit it with the guardian's signature over
    /// `recoveryDigest(qx, qy)`; an address guardian may instead call it itself with an empty signature.
    function proposeRecovery(bytes32 qx, bytes32 qy, bytes calldata guardianSignature) external;

    /// @notice Cancels the pending recovery. Only through the account itself (a current passkey).
    function cancelRecovery() external;

    /// @notice Adds the proposed passkey once the delay has passed. Anyone may call it.
    function executeRecovery() external;

    /// @notice The pending recovery (`executableAt == 0` when none) and the nonce the next proposal must sign.
    function pendingRecovery() external view returns (bytes32 qx, bytes32 qy, uint48 executableAt, uint64 recoveryNonce);
}
