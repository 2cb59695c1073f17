// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Account} from "@openzeppelin/contracts/account/Account.sol";
import {AbstractSigner} from "@openzeppelin/contracts/utils/cryptography/signers/AbstractSigner.sol";
import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {WebAuthn} from "@openzeppelin/contracts/utils/cryptography/WebAuthn.sol";
import {IPaykeyAccount} from "../interfaces/IPaykeyAccount.sol";

/// @title PasskeyOwners
/// @notice Several WebAuthn passkeys (P-256 keys, one per device) own the account; any one of them signs.
///
/// Why a map of P-256 keys and not OpenZeppelin's MultiSignerERC7913: every owner here is the same kind of
/// signer (a WebAuthn passkey) and one signature suffices, so a threshold, ERC-7913 signer bytes and an
/// external verifier call buy nothing. Storing `qx => qy` lets validation do one storage read and call
/// OpenZeppelin's audited `WebAuthn.verify` inline. Compared with MultiSignerERC7913 + ERC7913WebAuthnVerifier
/// this avoids, per operation, the threshold read (a cold SLOAD, 2.1k), the call to the verifier (a cold
/// account, 2.6k, plus re-encoding the signature), hashing 84-byte signer bytes for the set lookup, and the
/// `abi.encode(bytes[] signers, bytes[] signatures)` wrapping in calldata; and the signature reads plainly.
///
/// Signature format: `qx (32 bytes) || abi.encode(r, s, challengeIndex, typeIndex, authenticatorData, clientDataJSON)`,
/// the flat {WebAuthn-WebAuthnAuth} encoding, where `qx` names the signing passkey. What `WebAuthn.verify` checks
/// on-chain: type `webauthn.get`, the challenge (base64url of the signed hash), the user-present (UP) and
/// user-verified (UV) flags, the backup flags' consistency, and a low-s P-256 signature (precompile at 0x100 when
/// present, OpenZeppelin's Solidity fallback otherwise). NOT checked on-chain: the origin in clientDataJSON and the
/// rpIdHash in authenticatorData — the authenticator and browser bind a credential to its relying party, and the
/// Paykey relayer checks origin and rpId before it submits an operation.
abstract contract PasskeyOwners is Account, IPaykeyAccount {
    /// @custom:storage-location erc7201:paykey.storage.PasskeyOwners
    struct PasskeyOwnersStorage {
        /// @notice y coordinate of each owner passkey, by x coordinate; zero when not an owner (no P-256 point has y = 0).
        mapping(bytes32 qx => bytes32 qy) passkeyY;
        /// @notice Number of owner passkeys; never drops below one after initialization.
        uint256 passkeyCount;
    }

    // keccak256(abi.encode(uint256(keccak256("paykey.storage.PasskeyOwners")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant PASSKEY_OWNERS_STORAGE =
        0xf403ab859962fb3ef3fb21867d5c0a3d52afb24e800e02c5af8054413fa25100;

    /// @inheritdoc IPaykeyAccount
    function addPasskey(bytes32 qx, bytes32 qy) external onlyEntryPointOrSelf {
        _addPasskey(qx, qy);
    }

    /// @inheritdoc IPaykeyAccount
    function removePasskey(bytes32 qx) external onlyEntryPointOrSelf {
        PasskeyOwnersStorage storage $ = _passkeyOwnersStorage();
        bytes32 qy = $.passkeyY[qx];
        // Check
        if (qy == 0) revert PasskeyNotFound(qx);
        if ($.passkeyCount == 1) revert LastPasskey(qx);
        // Update
        delete $.passkeyY[qx];
        // Safe: passkeyCount >= 2 here (checked just above).
        unchecked {
            $.passkeyCount -= 1;
        }
        emit PasskeyRemoved(qx, qy);
    }

    /// @inheritdoc IPaykeyAccount
    function passkeyY(bytes32 qx) public view returns (bytes32) {
        return _passkeyOwnersStorage().passkeyY[qx];
    }

    /// @inheritdoc IPaykeyAccount
    function isPasskey(bytes32 qx, bytes32 qy) public view returns (bool) {
        return qy != 0 && _passkeyOwnersStorage().passkeyY[qx] == qy;
    }

    /// @inheritdoc IPaykeyAccount
    function passkeyCount() public view returns (uint256) {
        return _passkeyOwnersStorage().passkeyCount;
    }

    /// @dev Adds `(qx, qy)` as an owner. No access control: callers check who may add.
    function _addPasskey(bytes32 qx, bytes32 qy) internal {
        PasskeyOwnersStorage storage $ = _passkeyOwnersStorage();
        // Check
        _requireNewPasskey(qx, qy);
        // Update
        $.passkeyY[qx] = qy;
        $.passkeyCount += 1;
        emit PasskeyAdded(qx, qy);
    }

    /// @dev Reverts unless `(qx, qy)` is a P-256 point whose x coordinate is not already an owner.
    function _requireNewPasskey(bytes32 qx, bytes32 qy) internal view {
        if (!P256.isValidPublicKey(qx, qy)) revert InvalidPasskey(qx, qy);
        if (_passkeyOwnersStorage().passkeyY[qx] != 0) revert PasskeyAlreadyAdded(qx);
    }

    /// @dev Verifies a passkey signature in the format described above. Returns false, never reverts, on any
    /// malformed input, so the EntryPoint reports `AA24 signature error` rather than a revert.
    function _rawSignatureValidation(bytes32 hash, bytes calldata signature)
        internal
        view
        virtual
        override
        returns (bool)
    {
        if (signature.length < 0x20) return false;
        bytes32 qx = bytes32(signature[:0x20]);
        bytes32 qy = _passkeyOwnersStorage().passkeyY[qx];
        if (qy == 0) return false;
        bytes calldata encoded = signature[0x20:];
        if (!_isWellFormedAssertion(encoded)) return false;
        // Decoded straight into the memory struct `WebAuthn.verify` takes (one copy); the check above makes
        // sure this decoding cannot revert.
        WebAuthn.WebAuthnAuth memory auth;
        (auth.r, auth.s, auth.challengeIndex, auth.typeIndex, auth.authenticatorData, auth.clientDataJSON) =
            abi.decode(encoded, (bytes32, bytes32, uint256, uint256, bytes, string));
        // `WebAuthn.verify` requires UP and UV and rejects high-s signatures.
        return WebAuthn.verify(abi.encodePacked(hash), auth, qx, qy);
    }

    /// @dev Whether `encoded` is a well-formed flat `abi.encode(r, s, challengeIndex, typeIndex,
    /// authenticatorData, clientDataJSON)`: the six head words are present, and each of the two dynamic
    /// fields has its length word and its bytes inside the buffer. These are exactly the conditions under
    /// which Solidity's ABI decoder accepts the buffer (the same checks as OpenZeppelin's
    /// `WebAuthn.tryDecodeAuth`, which leaves a calldata struct that must then be copied to memory).
    function _isWellFormedAssertion(bytes calldata encoded) private pure returns (bool wellFormed) {
        // Safe: reads calldata only, at offsets bounded by `encoded.length` before each read is used; the
        // subtractions cannot underflow because each is guarded by the comparison before it.
        assembly ("memory-safe") {
            let length := encoded.length
            if gt(length, 0xbf) {
                wellFormed := 1
                for { let head := 0x80 } lt(head, 0xc0) { head := add(head, 0x20) } {
                    let offset := calldataload(add(encoded.offset, head))
                    // The length word fits: offset + 0x20 <= length.
                    if gt(offset, sub(length, 0x20)) {
                        wellFormed := 0
                        break
                    }
                    // The bytes fit: offset + 0x20 + fieldLength <= length.
                    if gt(calldataload(add(encoded.offset, offset)), sub(sub(length, offset), 0x20)) {
                        wellFormed := 0
                        break
                    }
                }
            }
        }
    }

    function _passkeyOwnersStorage() private pure returns (PasskeyOwnersStorage storage $) {
        // Safe: assigns the fixed ERC-7201 slot computed above to a storage pointer; no other memory is touched.
        assembly ("memory-safe") {
            $.slot := PASSKEY_OWNERS_STORAGE
        }
    }
}
