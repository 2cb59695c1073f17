// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "../base/Test.sol";
import {LoyaltyPoints} from "../../loyalty/LoyaltyPoints.sol";
import {ILoyaltyPoints} from "../../interfaces/ILoyaltyPoints.sol";
import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";

/// @notice LoyaltyPoints on its own: this test contract deploys it, so it plays the escrow.
contract LoyaltyPointsTest is Test {
    LoyaltyPoints internal points;
    address internal alice;
    address internal bob;

    function setUp() public {
        points = new LoyaltyPoints("https://paykey.example/points/{id}.json");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
    }

    function test_escrow_isTheDeployer() public view {
        assertEq(points.escrow(), address(this), "escrow");
        assertEq(points.uri(1), "https://paykey.example/points/{id}.json", "uri");
    }

    function test_mint_creditsThePayerAndTracksSupply() public {
        vm.expectEmit(address(points));
        emit IERC1155.TransferSingle(address(this), address(0), alice, 1, 500);
        points.mint(alice, 1, 500);
        points.mint(bob, 1, 200);
        points.mint(alice, 2, 50);
        assertEq(points.balanceOf(alice, 1), 500, "alice at merchant 1");
        assertEq(points.totalSupply(1), 700, "merchant 1 supply");
        assertEq(points.totalSupply(2), 50, "merchant 2 supply");
        assertTrue(points.exists(2), "merchant 2 has points out");
        assertFalse(points.exists(3), "merchant 3 has none");
    }

    function test_mint_creditsContractsWithoutReceiverHook() public {
        // A contract that implements no ERC-1155 receiver hook still earns points: no callback is made.
        address noHooks = address(new NoHooks());
        points.mint(noHooks, 1, 10);
        assertEq(points.balanceOf(noHooks, 1), 10, "credited");
    }

    function test_mint_revertsWhen_CallerIsNotEscrow() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILoyaltyPoints.NotEscrow.selector, alice));
        points.mint(alice, 1, 1);
    }

    function test_mint_revertsWhen_SupplyWouldOverflow() public {
        points.mint(alice, 1, type(uint256).max);
        // Bob's balance would fit; the merchant's supply would not.
        vm.expectRevert(abi.encodeWithSignature("Panic(uint256)", 0x11));
        points.mint(bob, 1, 1);
    }

    function test_burn_removesPointsAndSupply() public {
        points.mint(alice, 1, 500);
        points.burn(alice, 1, 200);
        assertEq(points.balanceOf(alice, 1), 300, "balance");
        assertEq(points.totalSupply(1), 300, "supply");
    }

    function test_burn_revertsWhen_HolderHasFewer() public {
        points.mint(alice, 1, 5);
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InsufficientBalance.selector, alice, 5, 6, 1));
        points.burn(alice, 1, 6);
    }

    function test_burn_revertsWhen_CallerIsNotEscrow() public {
        points.mint(alice, 1, 5);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILoyaltyPoints.NotEscrow.selector, alice));
        points.burn(alice, 1, 5);
    }

    function test_safeTransferFrom_revertsAlways() public {
        points.mint(alice, 1, 5);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILoyaltyPoints.PointsNotTransferable.selector, alice, bob));
        points.safeTransferFrom(alice, bob, 1, 5, "");
    }

    function test_safeBatchTransferFrom_revertsAlways() public {
        points.mint(alice, 1, 5);
        uint256[] memory ids = new uint256[](1);
        uint256[] memory values = new uint256[](1);
        (ids[0], values[0]) = (1, 5);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILoyaltyPoints.PointsNotTransferable.selector, alice, bob));
        points.safeBatchTransferFrom(alice, bob, ids, values, "");
    }

    function testFuzz_supply_equalsSumOfBalances(uint96 a, uint96 b, uint96 burnA) public {
        points.mint(alice, 3, a);
        points.mint(bob, 3, b);
        burnA = uint96(bound(burnA, 0, a));
        points.burn(alice, 3, burnA);
        assertEq(points.totalSupply(3), points.balanceOf(alice, 3) + points.balanceOf(bob, 3), "supply = sum");
    }
}

contract NoHooks {}
