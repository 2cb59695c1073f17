// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Account} from "@openzeppelin/contracts/account/Account.sol";
import {IPaykeyAccount} from "../../interfaces/IPaykeyAccount.sol";
import {WalletFixture} from "../base/WalletFixture.sol";

/// @notice Guardian recovery timing, cancellation and configuration. The guardian here is an address that calls
/// `proposeRecovery` itself; guardian signatures (passkey, EOA, ERC-1271) are tested in TypeScript on both networks.
contract RecoveryTest is WalletFixture {
    address internal guardian;
    bytes32 internal newX;
    bytes32 internal newY;
    uint48 internal constant DELAY = 48 hours;

    function setUp() public override {
        super.setUp();
        guardian = makeAddr("guardian");
        (newX, newY) = passkeyOf("new phone");
        vm.warp(1_750_000_000);
        vm.prank(address(account));
        account.setGuardian(abi.encodePacked(guardian), DELAY);
    }

    function _propose() internal returns (uint48 executableAt) {
        vm.prank(guardian);
        account.proposeRecovery(newX, newY, "");
        (,, executableAt,) = account.pendingRecovery();
    }

    function test_setGuardian_succeedsWith_AddressAndDelay() public {
        address other = makeAddr("other guardian");
        vm.expectEmit(address(account));
        emit IPaykeyAccount.GuardianSet(abi.encodePacked(other), 1 hours);
        vm.prank(address(account));
        account.setGuardian(abi.encodePacked(other), 1 hours);
        (bytes memory stored, uint48 delay) = account.guardian();
        assertEq(stored, abi.encodePacked(other), "guardian stored");
        assertEq(delay, 1 hours, "delay stored");
    }

    function test_setGuardian_revertsWhen_CallerIsNotTheAccount() public {
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Account.AccountUnauthorized.selector, guardian));
        account.setGuardian(abi.encodePacked(outsider), DELAY);
    }

    function test_setGuardian_revertsWhen_GuardianIsMalformedOrTheAccountItself() public {
        vm.startPrank(address(account));
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.InvalidGuardian.selector, hex"0102030405"));
        account.setGuardian(hex"0102030405", DELAY);
        bytes memory selfGuardian = abi.encodePacked(address(account));
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.InvalidGuardian.selector, selfGuardian));
        account.setGuardian(selfGuardian, DELAY);
        vm.stopPrank();
    }

    function testFuzz_setGuardian_revertsWhen_DelayIsOutOfBounds(uint48 delay) public {
        vm.assume(delay < 1 hours || delay > 30 days);
        vm.prank(address(account));
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.InvalidRecoveryDelay.selector, delay, 1 hours, 30 days));
        account.setGuardian(abi.encodePacked(guardian), delay);
    }

    function test_proposeRecovery_revertsWhen_ThereIsNoGuardian() public {
        vm.prank(address(account));
        account.setGuardian("", DELAY);
        vm.prank(guardian);
        vm.expectRevert(IPaykeyAccount.NoGuardian.selector);
        account.proposeRecovery(newX, newY, "");
    }

    function test_proposeRecovery_succeedsWith_GuardianCall() public {
        (,,, uint64 nonce) = account.pendingRecovery();
        vm.expectEmit(address(account));
        emit IPaykeyAccount.RecoveryProposed(newX, newY, uint48(block.timestamp) + DELAY, nonce);
        uint48 executableAt = _propose();
        (bytes32 x, bytes32 y,, uint64 nextNonce) = account.pendingRecovery();
        assertEq(x, newX, "proposed x");
        assertEq(y, newY, "proposed y");
        assertEq(executableAt, uint48(block.timestamp) + DELAY, "executable after the delay");
        assertEq(nextNonce, nonce + 1, "nonce advanced");
    }

    function test_proposeRecovery_revertsWhen_CallerIsNotTheGuardianAndHasNoSignature() public {
        bytes32 digest = account.recoveryDigest(newX, newY);
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IPaykeyAccount.InvalidGuardianSignature.selector, abi.encodePacked(guardian), digest)
        );
        account.proposeRecovery(newX, newY, "");
    }

    function test_proposeRecovery_revertsWhen_KeyIsInvalidOrAlreadyAnOwner() public {
        vm.startPrank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.InvalidPasskey.selector, newX, bytes32(0)));
        account.proposeRecovery(newX, bytes32(0), "");
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.PasskeyAlreadyAdded.selector, qx));
        account.proposeRecovery(qx, qy, "");
        vm.stopPrank();
    }

    function testFuzz_executeRecovery_revertsWhen_BeforeTheDelay(uint256 wait) public {
        uint48 executableAt = _propose();
        wait = bound(wait, 0, DELAY - 1);
        vm.warp(block.timestamp + wait);
        vm.expectRevert(
            abi.encodeWithSelector(IPaykeyAccount.RecoveryNotReady.selector, executableAt, uint48(block.timestamp))
        );
        account.executeRecovery();
    }

    function test_executeRecovery_succeedsWith_DelayPassed() public {
        uint48 executableAt = _propose();
        vm.warp(executableAt);
        vm.expectEmit(address(account));
        emit IPaykeyAccount.PasskeyAdded(newX, newY);
        vm.expectEmit(address(account));
        emit IPaykeyAccount.RecoveryExecuted(newX, newY, 1);
        vm.prank(outsider);
        account.executeRecovery();
        assertTrue(account.isPasskey(newX, newY), "new passkey owns the account");
        assertTrue(account.isPasskey(qx, qy), "old passkey kept (remove it with the new one)");
        (,, uint48 pending,) = account.pendingRecovery();
        assertEq(pending, 0, "nothing pending");
        vm.expectRevert(IPaykeyAccount.NoPendingRecovery.selector);
        account.executeRecovery();
    }

    function test_executeRecovery_revertsWhen_Cancelled() public {
        uint48 executableAt = _propose();
        vm.expectEmit(address(account));
        emit IPaykeyAccount.RecoveryCancelled(newX, newY, 1);
        vm.prank(address(account));
        account.cancelRecovery();
        vm.warp(executableAt + 1);
        vm.expectRevert(IPaykeyAccount.NoPendingRecovery.selector);
        account.executeRecovery();
        assertFalse(account.isPasskey(newX, newY), "not added");
    }

    function test_cancelRecovery_revertsWhen_CallerIsNotTheAccount() public {
        _propose();
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Account.AccountUnauthorized.selector, guardian));
        account.cancelRecovery();
    }

    function test_cancelRecovery_revertsWhen_NothingIsPending() public {
        vm.prank(address(account));
        vm.expectRevert(IPaykeyAccount.NoPendingRecovery.selector);
        account.cancelRecovery();
    }

    function test_setGuardian_cancelsThePendingRecovery() public {
        uint48 executableAt = _propose();
        vm.expectEmit(address(account));
        emit IPaykeyAccount.RecoveryCancelled(newX, newY, 1);
        vm.prank(address(account));
        account.setGuardian(abi.encodePacked(makeAddr("new guardian")), DELAY);
        vm.warp(executableAt);
        vm.expectRevert(IPaykeyAccount.NoPendingRecovery.selector);
        account.executeRecovery();
    }

    function test_proposeRecovery_replacesAPendingProposalAndRestartsTheDelay() public {
        uint48 first = _propose();
        vm.warp(first - 1);
        (bytes32 otherX, bytes32 otherY) = passkeyOf("another phone");
        vm.prank(guardian);
        account.proposeRecovery(otherX, otherY, "");
        (bytes32 x,, uint48 second,) = account.pendingRecovery();
        assertEq(x, otherX, "replaced");
        assertEq(second, first - 1 + DELAY, "delay restarted");
        vm.warp(first);
        vm.expectRevert(abi.encodeWithSelector(IPaykeyAccount.RecoveryNotReady.selector, second, first));
        account.executeRecovery();
    }
}
