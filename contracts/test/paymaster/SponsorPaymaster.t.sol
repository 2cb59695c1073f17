// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {EntryPoint} from "@account-abstraction/contracts/core/EntryPoint.sol";
import {IStakeManager} from "@account-abstraction/contracts/interfaces/IStakeManager.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Paymaster} from "@openzeppelin/contracts/account/paymaster/Paymaster.sol";
import {IEntryPoint, IPaymaster, PackedUserOperation} from "@openzeppelin/contracts/interfaces/IERC4337.sol";
import {Test} from "../base/Test.sol";
import {SponsorPaymaster} from "../../paymaster/SponsorPaymaster.sol";

/// @notice SponsorPaymaster administration: signer rotation, deposit, withdrawal and stake, each owner-only,
/// and validation reachable only from the EntryPoint. Sponsorship signatures are tested end to end in TypeScript.
contract SponsorPaymasterTest is Test {
    IEntryPoint internal entryPoint;
    SponsorPaymaster internal paymaster;
    address internal owner;
    address internal sponsor;
    address internal outsider;

    function setUp() public {
        entryPoint = IEntryPoint(address(new EntryPoint()));
        owner = makeAddr("owner");
        sponsor = makeAddr("sponsor key");
        outsider = makeAddr("outsider");
        paymaster = new SponsorPaymaster(entryPoint, sponsor, owner);
        vm.deal(owner, 10 ether);
        vm.deal(outsider, 10 ether);
    }

    function test_constructor_setsSignerOwnerAndEntryPoint() public {
        vm.expectEmit();
        emit SponsorPaymaster.SponsorSignerRotated(address(0), sponsor);
        SponsorPaymaster fresh = new SponsorPaymaster(entryPoint, sponsor, owner);
        assertEq(fresh.signer(), sponsor, "signer");
        assertEq(fresh.owner(), owner, "owner");
        assertEq(address(fresh.entryPoint()), address(entryPoint), "v0.8 EntryPoint, not OpenZeppelin's v0.9 default");
    }

    function test_constructor_revertsWhen_SignerIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(SponsorPaymaster.InvalidSponsorSigner.selector, address(0)));
        new SponsorPaymaster(entryPoint, address(0), owner);
    }

    function test_rotateSigner_succeedsWith_Owner() public {
        address next = makeAddr("next sponsor key");
        vm.expectEmit(address(paymaster));
        emit SponsorPaymaster.SponsorSignerRotated(sponsor, next);
        vm.prank(owner);
        paymaster.rotateSigner(next);
        assertEq(paymaster.signer(), next, "rotated");
    }

    function test_rotateSigner_revertsWhen_CallerIsNotOwner() public {
        vm.prank(sponsor);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, sponsor));
        paymaster.rotateSigner(sponsor);
    }

    function test_rotateSigner_revertsWhen_SignerIsZero() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(SponsorPaymaster.InvalidSponsorSigner.selector, address(0)));
        paymaster.rotateSigner(address(0));
    }

    function testFuzz_depositAndWithdraw_moveTheEntryPointDeposit(uint96 deposited, uint96 withdrawn) public {
        uint256 amount = bound(deposited, 1, 5 ether);
        uint256 out = bound(withdrawn, 0, amount);
        vm.prank(outsider);
        paymaster.deposit{value: amount}();
        assertEq(paymaster.getDeposit(), amount, "anyone may top up");
        assertEq(entryPoint.balanceOf(address(paymaster)), amount, "held by the EntryPoint");

        address payable treasury = payable(makeAddr("treasury"));
        vm.prank(owner);
        paymaster.withdraw(treasury, out);
        assertEq(treasury.balance, out, "withdrawn to the treasury");
        assertEq(paymaster.getDeposit(), amount - out, "deposit reduced");
    }

    function test_withdraw_revertsWhen_CallerIsNotOwner() public {
        paymaster.deposit{value: 1 ether}();
        vm.prank(sponsor);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, sponsor));
        paymaster.withdraw(payable(sponsor), 1 ether);
    }

    function test_stake_addUnlockWithdraw_byOwner() public {
        vm.prank(owner);
        paymaster.addStake{value: 1 ether}(1 days);
        IStakeManager.DepositInfo memory info = IStakeManager(address(entryPoint)).getDepositInfo(address(paymaster));
        assertEq(info.stake, 1 ether, "staked");
        assertTrue(info.staked, "staked flag");

        vm.prank(owner);
        paymaster.unlockStake();
        vm.warp(block.timestamp + 1 days);
        address payable treasury = payable(makeAddr("treasury"));
        vm.prank(owner);
        paymaster.withdrawStake(treasury);
        assertEq(treasury.balance, 1 ether, "stake returned");
    }

    function test_stake_revertsWhen_CallerIsNotOwner() public {
        vm.startPrank(outsider);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, outsider));
        paymaster.addStake{value: 1 ether}(1 days);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, outsider));
        paymaster.unlockStake();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, outsider));
        paymaster.withdrawStake(payable(outsider));
        vm.stopPrank();
    }

    function test_validatePaymasterUserOp_revertsWhen_CallerIsNotTheEntryPoint() public {
        PackedUserOperation memory operation;
        vm.prank(sponsor);
        vm.expectRevert(abi.encodeWithSelector(Paymaster.PaymasterUnauthorized.selector, sponsor));
        paymaster.validatePaymasterUserOp(operation, bytes32(0), 0);
        vm.prank(sponsor);
        vm.expectRevert(abi.encodeWithSelector(Paymaster.PaymasterUnauthorized.selector, sponsor));
        paymaster.postOp(IPaymaster.PostOpMode.opSucceeded, "", 0, 0);
    }
}
