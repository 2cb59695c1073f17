// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Account} from "@openzeppelin/contracts/account/Account.sol";
import {IPaykeyAccount} from "../../interfaces/IPaykeyAccount.sol";
import {WalletFixture} from "../base/WalletFixture.sol";

/// @notice addPasskey / removePasskey: only through the account (itself or the EntryPoint), never the last one.
contract PasskeysTest is WalletFixture {
    function test_addPasskey_succeedsWith_CallFromTheAccount() public {
        (bytes32 x, bytes32 y) = passkeyOf("laptop");
        vm.expectEmit(address(account));
        emit IPaykeyAccount.PasskeyAdded(x, y);
        vm.prank(address(account));
        account.addPasskey(x, y);
        assertEq(account.passkeyCount(), 2, "two devices");
        assertTrue(account.isPasskey(x, y), "laptop owns the account");
        assertEq(account.passkeyY(x), y, "stored by x coordinate");
    }

    function test_addPasskey_succeedsWith_CallFromTheEntryPoint() public {
        (bytes32 x, bytes32 y) = passkeyOf("laptop");
        vm.prank(address(entryPoint));
        account.addPasskey(x, y);
        assertTrue(account.isPasskey(x, y), "added");
    }

    function test_addPasskey_revertsWhen_CallerIsNotTheAccount() public {
        (bytes32 x, bytes32 y) = passkeyOf("laptop");
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(Account.AccountUnauthorized.selector, outsider));
        account.addPasskey(x, y);
    }

    function test_addPasskey_revertsWhen_PasskeyIsAlreadyAnOwner() public {
        vm.prank(address(account));
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.PasskeyAlreadyAdded.selector, qx));
        account.addPasskey(qx, qy);
    }

    function test_addPasskey_revertsWhen_KeyIsNotOnTheCurve() public {
        (bytes32 x, bytes32 y) = passkeyOf("laptop");
        bytes32 badY = bytes32(uint256(y) + 1);
        vm.prank(address(account));
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.InvalidPasskey.selector, x, badY));
        account.addPasskey(x, badY);
    }

    function test_removePasskey_succeedsWith_AnotherPasskeyLeft() public {
        (bytes32 x, bytes32 y) = passkeyOf("laptop");
        vm.startPrank(address(account));
        account.addPasskey(x, y);
        vm.expectEmit(address(account));
        emit IPaykeyAccount.PasskeyRemoved(qx, qy);
        account.removePasskey(qx);
        vm.stopPrank();
        assertEq(account.passkeyCount(), 1, "one device left");
        assertFalse(account.isPasskey(qx, qy), "phone removed");
        assertEq(account.passkeyY(qx), bytes32(0), "slot cleared");
    }

    function test_removePasskey_revertsWhen_ItIsTheLastOne() public {
        vm.prank(address(account));
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.LastPasskey.selector, qx));
        account.removePasskey(qx);
        assertTrue(account.isPasskey(qx, qy), "still owned");
    }

    function test_removePasskey_revertsWhen_PasskeyIsNotAnOwner() public {
        (bytes32 x,) = passkeyOf("stranger");
        vm.prank(address(account));
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.PasskeyNotFound.selector, x));
        account.removePasskey(x);
    }

    function test_removePasskey_revertsWhen_CallerIsNotTheAccount() public {
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(Account.AccountUnauthorized.selector, outsider));
        account.removePasskey(qx);
    }

    /// @notice However many devices are added, all but one can be removed, and the last one never.
    function testFuzz_removePasskey_keepsAtLeastOne(uint8 extraDevices) public {
        uint256 extra = bound(extraDevices, 1, 12);
        bytes32[] memory xs = new bytes32[](extra + 1);
        xs[0] = qx;
        vm.startPrank(address(account));
        for (uint256 i = 1; i <= extra; ++i) {
            (bytes32 x, bytes32 y) = passkeyOf(string(abi.encodePacked("device", i)));
            account.addPasskey(x, y);
            xs[i] = x;
        }
        assertEq(account.passkeyCount(), extra + 1, "all added");
        for (uint256 i = 0; i < extra; ++i) {
            account.removePasskey(xs[i]);
        }
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.LastPasskey.selector, xs[extra]));
        account.removePasskey(xs[extra]);
        vm.stopPrank();
        assertEq(account.passkeyCount(), 1, "exactly one left");
    }
}
