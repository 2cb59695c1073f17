// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "../base/Test.sol";
import {TestStablecoin} from "../../tokens/TestStablecoin.sol";
import {BurnableTestStablecoin} from "../mocks/BurnableTestStablecoin.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

/// @notice The packed balance + blacklist slot of TestStablecoin behaves as OpenZeppelin's ERC-20 balances do,
/// and the flag never leaks into a balance.
contract TestStablecoinBalancesTest is Test {
    BurnableTestStablecoin internal usdc;
    address internal admin;
    address internal alice;
    address internal bob;

    function setUp() public {
        admin = makeAddr("admin");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        usdc = new BurnableTestStablecoin(admin);
        vm.prank(admin);
        usdc.mint(alice, 100e6);
    }

    function test_blacklist_keepsBalanceAndSupply() public {
        _blacklist(alice, true);
        assertEq(usdc.balanceOf(alice), 100e6, "balance while blocked");
        assertEq(usdc.totalSupply(), 100e6, "supply while blocked");
        _blacklist(alice, false);
        assertEq(usdc.balanceOf(alice), 100e6, "balance after unblock");
    }

    function test_blacklist_ofEmptyAccount_keepsZeroBalance() public {
        _blacklist(bob, true);
        _blacklist(bob, true);
        assertTrue(usdc.isBlacklisted(bob), "blocked");
        assertEq(usdc.balanceOf(bob), 0, "no balance from the flag");
        _blacklist(bob, false);
        _blacklist(bob, false);
        assertFalse(usdc.isBlacklisted(bob), "unblocked");
    }

    function test_transfer_toSelf_keepsBalance() public {
        vm.expectEmit(address(usdc));
        emit IERC20.Transfer(alice, alice, 40e6);
        vm.prank(alice);
        usdc.transfer(alice, 40e6);
        assertEq(usdc.balanceOf(alice), 100e6, "unchanged");
    }

    function test_transfer_revertsWhen_BalanceTooLow() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 100e6, 100e6 + 1));
        usdc.transfer(bob, 100e6 + 1);
    }

    function test_mint_revertsWhen_AboveMaxSupply() public {
        uint256 maxSupply = usdc.MAX_SUPPLY();
        vm.startPrank(admin);
        usdc.mint(bob, maxSupply - 100e6);
        assertEq(usdc.balanceOf(bob), maxSupply - 100e6, "largest balance");
        vm.expectRevert(abi.encodeWithSelector(TestStablecoin.SupplyCapExceeded.selector, maxSupply + 1, maxSupply));
        usdc.mint(bob, 1);
        vm.stopPrank();
        _blacklist(bob, true);
        assertEq(usdc.balanceOf(bob), maxSupply - 100e6, "largest balance keeps its bits under the flag");
    }

    function test_burn_lowersBalanceAndSupply() public {
        vm.expectEmit(address(usdc));
        emit IERC20.Transfer(alice, address(0), 30e6);
        usdc.burn(alice, 30e6);
        assertEq(usdc.balanceOf(alice), 70e6, "balance");
        assertEq(usdc.totalSupply(), 70e6, "supply");
    }

    function test_burn_revertsWhen_HolderBlacklisted() public {
        _blacklist(alice, true);
        vm.expectRevert(abi.encodeWithSelector(TestStablecoin.AccountBlacklisted.selector, alice));
        usdc.burn(alice, 1);
    }

    /// @notice Any sequence of mints, transfers, burns and blacklist flips keeps supply = sum of balances,
    /// and each balance moves exactly by what was sent or received.
    function testFuzz_balances_followTransfers(uint256 minted, uint256 sent, uint256 burned, bool blockFirst) public {
        minted = bound(minted, 0, 1e30);
        vm.prank(admin);
        usdc.mint(bob, minted);
        if (blockFirst) {
            _blacklist(bob, true);
            _blacklist(bob, false);
        }
        sent = bound(sent, 0, minted);
        vm.prank(bob);
        usdc.transfer(alice, sent);
        burned = bound(burned, 0, 100e6 + sent);
        usdc.burn(alice, burned);
        assertEq(usdc.balanceOf(bob), minted - sent, "bob");
        assertEq(usdc.balanceOf(alice), 100e6 + sent - burned, "alice");
        assertEq(usdc.totalSupply(), usdc.balanceOf(alice) + usdc.balanceOf(bob), "supply = sum of balances");
    }

    function _blacklist(address account, bool blocked) private {
        vm.prank(admin);
        usdc.setBlacklisted(account, blocked);
    }
}
