// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IEntryPoint} from "@openzeppelin/contracts/interfaces/IERC4337.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IPaykeyAccountFactory} from "../interfaces/IPaykeyAccountFactory.sol";
import {PaykeyAccount} from "./PaykeyAccount.sol";

/// @title PaykeyAccountFactory
/// @notice CREATE2 factory of {PaykeyAccount} ERC-1167 clones. The clone salt is
/// `keccak256(abi.encode(qx, qy, salt))`: the address commits to the first passkey, which is the clone's only
/// initial state. That is why `createAccount` is open to everyone rather than restricted to the EntryPoint's
/// SenderCreator: a front-runner can only deploy exactly the account the user would have deployed (same sole
/// owner, nothing else set). The worst it can do is make the user's first operation fail with
/// `AA10 sender already constructed`; the wallet module then rebuilds the operation without `factoryData`.
/// Guardian and other settings are made later by signed user operations, never by deployment parameters.
contract PaykeyAccountFactory is IPaykeyAccountFactory {
    /// @inheritdoc IPaykeyAccountFactory
    address public immutable accountImplementation;

    /// @notice Deploys the account implementation bound to `entryPoint_`.
    /// @param entryPoint_ The ERC-4337 v0.8 EntryPoint the accounts trust.
    constructor(IEntryPoint entryPoint_) {
        accountImplementation = address(new PaykeyAccount(entryPoint_));
    }

    /// @inheritdoc IPaykeyAccountFactory
    function createAccount(bytes32 qx, bytes32 qy, uint256 salt) external returns (address account) {
        bytes32 cloneSalt = _cloneSalt(qx, qy, salt);
        account = Clones.predictDeterministicAddress(accountImplementation, cloneSalt);
        // Idempotent: an existing account is returned untouched.
        if (account.code.length != 0) return account;

        Clones.cloneDeterministic(accountImplementation, cloneSalt);
        emit AccountCreated(account, qx, qy, salt);
        // Initialized in the same transaction, so nobody can initialize the clone with another key.
        PaykeyAccount(payable(account)).initialize(qx, qy);
    }

    /// @inheritdoc IPaykeyAccountFactory
    function getAddress(bytes32 qx, bytes32 qy, uint256 salt) external view returns (address) {
        return Clones.predictDeterministicAddress(accountImplementation, _cloneSalt(qx, qy, salt));
    }

    function _cloneSalt(bytes32 qx, bytes32 qy, uint256 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(qx, qy, salt));
    }
}
