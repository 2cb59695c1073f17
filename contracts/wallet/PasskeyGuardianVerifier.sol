// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ERC7913WebAuthnVerifier} from "@openzeppelin/contracts/utils/cryptography/verifiers/ERC7913WebAuthnVerifier.sol";

/// @title PasskeyGuardianVerifier
/// @notice OpenZeppelin's stateless ERC-7913 WebAuthn verifier, deployed once per chain so that a passkey can be
/// a recovery guardian: guardian bytes `address(this) || qx || qy`, signature the flat WebAuthn encoding
/// (UP and UV required, low s). Named here only so the project builds and deploys it.
contract PasskeyGuardianVerifier is ERC7913WebAuthnVerifier {}
