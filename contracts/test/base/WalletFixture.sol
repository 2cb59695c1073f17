// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {EntryPoint} from "@account-abstraction/contracts/core/EntryPoint.sol";
import {IEntryPoint} from "@openzeppelin/contracts/interfaces/IERC4337.sol";
import {Test} from "./Test.sol";
import {PaykeyAccount} from "../../wallet/PaykeyAccount.sol";
import {PaykeyAccountFactory} from "../../wallet/PaykeyAccountFactory.sol";

/// @notice Shared fixture for the wallet's Solidity tests: a real EntryPoint v0.8, the factory, and an account
/// created for a real P-256 key. Calls the account accepts only from itself are made with `vm.prank(account)`
/// (what a passkey-signed batch does); signature paths are tested in TypeScript on both networks.
abstract contract WalletFixture is Test {
    IEntryPoint internal entryPoint;
    PaykeyAccountFactory internal factory;
    PaykeyAccount internal account;
    address internal outsider;
    bytes32 internal qx;
    bytes32 internal qy;

    function setUp() public virtual {
        entryPoint = IEntryPoint(address(new EntryPoint()));
        factory = new PaykeyAccountFactory(entryPoint);
        outsider = makeAddr("outsider");
        (qx, qy) = passkeyOf("phone");
        account = PaykeyAccount(payable(factory.createAccount(qx, qy, 0)));
    }

    /// @notice The P-256 public key of a deterministic test key named `name`.
    function passkeyOf(string memory name) internal pure returns (bytes32, bytes32) {
        (uint256 x, uint256 y) = vm.publicKeyP256(uint256(keccak256(bytes(name))) % P256_ORDER_MINUS_ONE + 1);
        return (bytes32(x), bytes32(y));
    }

    uint256 private constant P256_ORDER_MINUS_ONE =
        0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550;
}
