// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IPaykeyAccountFactory
/// @notice Deploys Paykey accounts as CREATE2 clones whose address depends only on the first passkey and a
/// salt, so the address is known at sign-up, before any transaction.
interface IPaykeyAccountFactory {
    /// @notice Emitted when an account is deployed for the passkey `(qx, qy)` and `salt`.
    event AccountCreated(address indexed account, bytes32 indexed qx, bytes32 qy, uint256 salt);

    /// @notice The implementation every account clone delegates to.
    function accountImplementation() external view returns (address);

    /// @notice Deploys the account of passkey `(qx, qy)` and `salt`, or returns it when it already exists.
    /// Anyone may call it (the EntryPoint's SenderCreator does, for an operation's `factoryData`): the address
    /// commits to the whole initial state, so deploying someone else's account only does what they would have done.
    function createAccount(bytes32 qx, bytes32 qy, uint256 salt) external returns (address account);

    /// @notice The address `createAccount(qx, qy, salt)` deploys to (or deployed to).
    function getAddress(bytes32 qx, bytes32 qy, uint256 salt) external view returns (address);
}
