// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Simple7702Account} from "@account-abstraction/contracts/accounts/Simple7702Account.sol";
import {ERC4337Utils} from "@openzeppelin/contracts/account/utils/ERC4337Utils.sol";
import {Test} from "../base/Test.sol";

/// @notice The canonical EntryPoint v0.8 address used on public chains, checked against two independent sources:
/// OpenZeppelin's `ERC4337Utils.ENTRYPOINT_V08` and the EntryPoint authors' own `Simple7702Account` (the npm
/// package account-abstraction/contracts, version 0.8.0). The TypeScript module's default (viem's `entryPoint08Address`) is
/// checked against the same value in test/wallet/walletModule.test.ts.
contract CanonicalEntryPointTest is Test {
    address internal constant CANONICAL_ENTRYPOINT_V08 = 0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108;

    function test_canonicalEntryPointV08_matchesOpenZeppelinAndTheEntryPointAuthors() public {
        assertEq(address(ERC4337Utils.ENTRYPOINT_V08), CANONICAL_ENTRYPOINT_V08, "OpenZeppelin 5.7");
        assertEq(address(new Simple7702Account().entryPoint()), CANONICAL_ENTRYPOINT_V08, "eth-infinitism 0.8.0");
    }
}
