// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Account} from "@openzeppelin/contracts/account/Account.sol";
import {ERC7821} from "@openzeppelin/contracts/account/extensions/draft-ERC7821.sol";
import {IEntryPoint} from "@openzeppelin/contracts/interfaces/IERC4337.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {ERC1155Holder} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Holder.sol";
import {ERC721Holder} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Holder.sol";
import {AbstractSigner} from "@openzeppelin/contracts/utils/cryptography/signers/AbstractSigner.sol";
import {ERC7739} from "@openzeppelin/contracts/utils/cryptography/signers/draft-ERC7739.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {GuardianRecovery} from "./GuardianRecovery.sol";
import {PasskeyOwners} from "./PasskeyOwners.sol";

/// @title PaykeyAccount
/// @notice The Paykey passkey smart wallet: an ERC-4337 v0.8 account (OpenZeppelin `Account`) that executes
/// ERC-7821 batches, is owned by several WebAuthn passkeys ({PasskeyOwners}), can be recovered through an
/// optional guardian after a delay ({GuardianRecovery}), and answers ERC-1271 `isValidSignature` for
/// passkey-signed messages through ERC-7739 (the hash is re-wrapped in this account's EIP-712 domain — name
/// "PaykeyAccount", version "1", chain id, account address — so a signature cannot be replayed on another
/// account of the same passkey or on another chain).
///
/// Deployed as ERC-1167 clones by {PaykeyAccountFactory}; the implementation's initializers are disabled.
/// All state lives in ERC-7201 namespaces. Holds ERC-721 and ERC-1155 tokens (loyalty points are ERC-1155).
/// The EntryPoint is an immutable of the implementation: the canonical v0.8 EntryPoint
/// (0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108) on public chains, a locally deployed one in tests.
///
/// Security: the EntryPoint executes only operations whose passkey signature verified in `validateUserOp`; no
/// other address (relayer, paymaster, merchant) can make the account call anything.
contract PaykeyAccount is
    Account,
    EIP712,
    ERC7739,
    ERC7821,
    GuardianRecovery,
    ERC721Holder,
    ERC1155Holder,
    Initializable
{
    IEntryPoint private immutable _entryPoint;

    /// @notice Builds the implementation that clones delegate to; it can never be initialized itself.
    /// @param entryPoint_ The ERC-4337 v0.8 EntryPoint the clones trust.
    constructor(IEntryPoint entryPoint_) EIP712("PaykeyAccount", "1") {
        _entryPoint = entryPoint_;
        _disableInitializers();
    }

    /// @notice Sets the first passkey of a fresh clone. See {IPaykeyAccount-initialize}.
    function initialize(bytes32 qx, bytes32 qy) external initializer {
        _addPasskey(qx, qy);
    }

    /// @inheritdoc Account
    function entryPoint() public view override returns (IEntryPoint) {
        return _entryPoint;
    }

    /// @dev The EntryPoint executes validated user operations; the account may call itself (batched self-calls).
    function _erc7821AuthorizedExecutor(address caller, bytes32 mode, bytes calldata executionData)
        internal
        view
        override
        returns (bool)
    {
        return caller == address(entryPoint()) || super._erc7821AuthorizedExecutor(caller, mode, executionData);
    }

    /// @inheritdoc PasskeyOwners
    function _rawSignatureValidation(bytes32 hash, bytes calldata signature)
        internal
        view
        override(AbstractSigner, PasskeyOwners)
        returns (bool)
    {
        return PasskeyOwners._rawSignatureValidation(hash, signature);
    }
}
