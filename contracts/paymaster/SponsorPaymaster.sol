// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IEntryPoint} from "@openzeppelin/contracts/interfaces/IERC4337.sol";
import {Paymaster} from "@openzeppelin/contracts/account/paymaster/Paymaster.sol";
import {PaymasterSigner} from "@openzeppelin/contracts/account/paymaster/extensions/PaymasterSigner.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {AbstractSigner} from "@openzeppelin/contracts/utils/cryptography/signers/AbstractSigner.sol";
import {SignerECDSA} from "@openzeppelin/contracts/utils/cryptography/signers/SignerECDSA.sol";

/// @title SponsorPaymaster
/// @notice Pays the gas of user operations the Paykey relayer agreed to sponsor. The relayer's sponsor key signs
/// an EIP-712 `UserOperationRequest` (OpenZeppelin `PaymasterSigner`: sender, nonce, initCode, callData, gas
/// limits and fees, paymaster gas limits, validAfter, validUntil) under this paymaster's domain (name
/// "SponsorPaymaster", version "1", chain id, this address). The sponsorship policy itself (which contracts and
/// functions, caps) lives in the relayer; this contract only checks that the relayer signed this exact operation
/// for this time window.
///
/// `paymasterData` = `validAfter (6 bytes) || validUntil (6 bytes) || ECDSA signature (65 bytes)`. (OpenZeppelin 5.7
/// first strips a v0.9 paymaster-signature suffix when the data ends with its 8-byte magic; a 65-byte ECDSA
/// signature ends with v = 27 or 28, never with that magic, so under v0.8 the data is read as is.)
/// EntryPoint v0.8 order: the relayer signs the sponsorship first; the userOpHash covers the whole
/// `paymasterAndData`, so the passkey signs last, over the sponsored operation.
///
/// The sponsor signature grants gas only: it cannot authorize anything in the account, which still requires its
/// passkey signature.
contract SponsorPaymaster is PaymasterSigner, SignerECDSA, Ownable {
    IEntryPoint private immutable _entryPoint;

    /// @notice Emitted when the owner replaces the sponsor key (and once at deployment, from zero).
    event SponsorSignerRotated(address indexed previousSigner, address indexed newSigner);

    /// @notice Thrown when the sponsor key would be the zero address (no signature recovers to it, so sponsoring would stop silently).
    error InvalidSponsorSigner(address signer);

    /// @param entryPoint_ The ERC-4337 v0.8 EntryPoint this paymaster deposits in and serves.
    /// @param sponsorSigner The relayer key that signs sponsorships.
    /// @param initialOwner Who may rotate the key, withdraw the deposit and manage the stake.
    constructor(IEntryPoint entryPoint_, address sponsorSigner, address initialOwner)
        EIP712("SponsorPaymaster", "1")
        SignerECDSA(sponsorSigner)
        Ownable(initialOwner)
    {
        if (sponsorSigner == address(0)) revert InvalidSponsorSigner(sponsorSigner);
        _entryPoint = entryPoint_;
        emit SponsorSignerRotated(address(0), sponsorSigner);
    }

    /// @inheritdoc Paymaster
    function entryPoint() public view override returns (IEntryPoint) {
        return _entryPoint;
    }

    /// @notice Replaces the sponsor key; sponsorships signed by the previous key stop validating at once.
    /// @param newSigner The new relayer sponsor key.
    function rotateSigner(address newSigner) external onlyOwner {
        // Check
        if (newSigner == address(0)) revert InvalidSponsorSigner(newSigner);
        // Update
        address previousSigner = signer();
        _setSigner(newSigner);
        emit SponsorSignerRotated(previousSigner, newSigner);
    }

    /// @notice Adds the sent ETH to this paymaster's EntryPoint deposit, which pays for sponsored operations. Anyone may top up.
    function deposit() external payable {
        _deposit(msg.value);
    }

    /// @notice This paymaster's EntryPoint deposit.
    function getDeposit() external view returns (uint256) {
        return entryPoint().balanceOf(address(this));
    }

    /// @notice Withdraws `amount` of the EntryPoint deposit to `to`.
    /// @param to Recipient of the withdrawn ETH.
    /// @param amount Amount in wei.
    function withdraw(address payable to, uint256 amount) external onlyOwner {
        _withdraw(to, amount);
    }

    /// @notice Stakes the sent ETH in the EntryPoint (bundler reputation rules), locked for `unstakeDelaySec`.
    /// @param unstakeDelaySec Seconds between `unlockStake` and `withdrawStake`.
    function addStake(uint32 unstakeDelaySec) external payable onlyOwner {
        _addStake(msg.value, unstakeDelaySec);
    }

    /// @notice Starts the unstake delay.
    function unlockStake() external onlyOwner {
        _unlockStake();
    }

    /// @notice Withdraws the unlocked stake to `to`.
    /// @param to Recipient of the stake.
    function withdrawStake(address payable to) external onlyOwner {
        _withdrawStake(to);
    }

    /// @inheritdoc SignerECDSA
    function _rawSignatureValidation(bytes32 hash, bytes calldata signature)
        internal
        view
        override(AbstractSigner, SignerECDSA)
        returns (bool)
    {
        return SignerECDSA._rawSignatureValidation(hash, signature);
    }
}
