// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "../base/Test.sol";
import {TestStablecoin} from "../../tokens/TestStablecoin.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC3009} from "@openzeppelin/contracts/token/ERC20/extensions/draft-ERC3009.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

contract TestStablecoinTest is Test {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    bytes32 internal constant TRANSFER_TYPEHASH = keccak256(
        "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    bytes32 internal constant RECEIVE_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    bytes32 internal constant CANCEL_TYPEHASH = keccak256("CancelAuthorization(address authorizer,bytes32 nonce)");

    TestStablecoin internal usdc;
    address internal admin;
    address internal alice;
    uint256 internal aliceKey;
    address internal bob;

    function setUp() public {
        vm.warp(1_750_000_000);
        admin = makeAddr("admin");
        (alice, aliceKey) = makeAddrAndKey("alice");
        bob = makeAddr("bob");
        usdc = new TestStablecoin("Paykey Test USD", "tUSDC", admin);
        vm.prank(admin);
        usdc.mint(alice, 100e6);
    }

    function test_metadata_isUsdcLike() public {
        assertEq(usdc.name(), "Paykey Test USD", "name");
        assertEq(usdc.symbol(), "tUSDC", "symbol");
        assertEq(uint256(usdc.decimals()), 6, "decimals");
        TestStablecoin eurc = new TestStablecoin("Paykey Test EUR", "tEURC", admin);
        assertEq(eurc.symbol(), "tEURC", "EUR symbol");
    }

    function test_mint_revertsWhen_CallerLacksMinterRole() public {
        bytes32 role = usdc.MINTER_ROLE();
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role)
        );
        usdc.mint(alice, 1);
    }

    function test_mint_succeedsWith_GrantedMinter() public {
        bytes32 minterRole = usdc.MINTER_ROLE();
        vm.prank(admin);
        usdc.grantRole(minterRole, bob);
        vm.prank(bob);
        usdc.mint(bob, 5e6);
        assertEq(usdc.balanceOf(bob), 5e6, "minted");
        assertEq(usdc.totalSupply(), 105e6, "supply");
    }

    function test_pause_blocksTransfersAndMints() public {
        vm.prank(admin);
        usdc.pause();
        vm.prank(alice);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        usdc.transfer(bob, 1);
        vm.prank(admin);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        usdc.mint(bob, 1);

        vm.prank(admin);
        usdc.unpause();
        vm.prank(alice);
        usdc.transfer(bob, 1);
        assertEq(usdc.balanceOf(bob), 1, "transfers resume");
    }

    function test_pause_revertsWhen_CallerLacksPauserRole() public {
        bytes32 role = usdc.PAUSER_ROLE();
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role)
        );
        usdc.pause();
    }

    function test_blacklist_blocksSending() public {
        _blacklist(alice, true);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TestStablecoin.AccountBlacklisted.selector, alice));
        usdc.transfer(bob, 1);
    }

    function test_blacklist_blocksReceiving() public {
        _blacklist(bob, true);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TestStablecoin.AccountBlacklisted.selector, bob));
        usdc.transfer(bob, 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(TestStablecoin.AccountBlacklisted.selector, bob));
        usdc.mint(bob, 1);
    }

    function test_blacklist_liftedRestoresTransfers() public {
        vm.expectEmit(address(usdc));
        emit TestStablecoin.BlacklistUpdated(alice, true);
        _blacklist(alice, true);
        assertTrue(usdc.isBlacklisted(alice), "blocked");
        _blacklist(alice, false);
        assertFalse(usdc.isBlacklisted(alice), "unblocked");
        vm.prank(alice);
        usdc.transfer(bob, 1);
        assertEq(usdc.balanceOf(bob), 1, "transfer after unblock");
    }

    function test_blacklist_revertsWhen_CallerLacksRole() public {
        bytes32 role = usdc.BLACKLISTER_ROLE();
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role
            )
        );
        usdc.setBlacklisted(bob, true);
    }

    function test_permit_setsAllowanceFromSignature() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, alice, bob, 7e6, usdc.nonces(alice), deadline));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, _digest(structHash));
        usdc.permit(alice, bob, 7e6, deadline, v, r, s);
        assertEq(usdc.allowance(alice, bob), 7e6, "allowance");
        assertEq(usdc.nonces(alice), 1, "nonce");
    }

    function test_permit_revertsWhen_Expired() public {
        uint256 deadline = block.timestamp - 1;
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, alice, bob, 7e6, 0, deadline));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, _digest(structHash));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        usdc.permit(alice, bob, 7e6, deadline, v, r, s);
    }

    function test_transferWithAuthorization_movesFundsForAnySubmitter() public {
        bytes32 nonce = keccak256("n1");
        (uint8 v, bytes32 r, bytes32 s) = _sign3009(TRANSFER_TYPEHASH, bob, 3e6, nonce);
        vm.prank(makeAddr("relayer"));
        usdc.transferWithAuthorization(alice, bob, 3e6, 0, block.timestamp + 1 hours, nonce, v, r, s);
        assertEq(usdc.balanceOf(bob), 3e6, "moved");
        assertTrue(usdc.authorizationState(alice, nonce), "nonce used");
    }

    function test_transferWithAuthorization_revertsWhen_Replayed() public {
        bytes32 nonce = keccak256("n1");
        (uint8 v, bytes32 r, bytes32 s) = _sign3009(TRANSFER_TYPEHASH, bob, 3e6, nonce);
        usdc.transferWithAuthorization(alice, bob, 3e6, 0, block.timestamp + 1 hours, nonce, v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.ERC3009UsedAuthorization.selector, alice, nonce));
        usdc.transferWithAuthorization(alice, bob, 3e6, 0, block.timestamp + 1 hours, nonce, v, r, s);
    }

    function test_transferWithAuthorization_revertsWhen_SenderBlacklisted() public {
        bytes32 nonce = keccak256("n1");
        (uint8 v, bytes32 r, bytes32 s) = _sign3009(TRANSFER_TYPEHASH, bob, 3e6, nonce);
        _blacklist(alice, true);
        vm.expectRevert(abi.encodeWithSelector(TestStablecoin.AccountBlacklisted.selector, alice));
        usdc.transferWithAuthorization(alice, bob, 3e6, 0, block.timestamp + 1 hours, nonce, v, r, s);
    }

    function test_receiveWithAuthorization_movesFundsWhenPayeeSubmits() public {
        bytes32 nonce = keccak256("n2");
        (uint8 v, bytes32 r, bytes32 s) = _sign3009(RECEIVE_TYPEHASH, bob, 4e6, nonce);
        vm.prank(bob);
        usdc.receiveWithAuthorization(alice, bob, 4e6, 0, block.timestamp + 1 hours, nonce, v, r, s);
        assertEq(usdc.balanceOf(bob), 4e6, "received");
    }

    function test_receiveWithAuthorization_revertsWhen_SubmittedByAnotherThanPayee() public {
        bytes32 nonce = keccak256("n2");
        (uint8 v, bytes32 r, bytes32 s) = _sign3009(RECEIVE_TYPEHASH, bob, 4e6, nonce);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, bob));
        usdc.receiveWithAuthorization(alice, bob, 4e6, 0, block.timestamp + 1 hours, nonce, v, r, s);
    }

    function test_cancelAuthorization_makesTheNonceUnusable() public {
        bytes32 nonce = keccak256("n3");
        (uint8 v, bytes32 r, bytes32 s) = _sign3009(RECEIVE_TYPEHASH, bob, 4e6, nonce);
        (uint8 cv, bytes32 cr, bytes32 cs) = vm.sign(aliceKey, _digest(keccak256(abi.encode(CANCEL_TYPEHASH, alice, nonce))));
        usdc.cancelAuthorization(alice, nonce, cv, cr, cs);
        assertTrue(usdc.authorizationState(alice, nonce), "cancelled");

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.ERC3009UsedAuthorization.selector, alice, nonce));
        usdc.receiveWithAuthorization(alice, bob, 4e6, 0, block.timestamp + 1 hours, nonce, v, r, s);
    }

    function test_cancelAuthorization_revertsWhen_SignedByAnother() public {
        bytes32 nonce = keccak256("n3");
        (, uint256 bobKey) = makeAddrAndKey("bob");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(bobKey, _digest(keccak256(abi.encode(CANCEL_TYPEHASH, alice, nonce))));
        vm.expectRevert(ERC3009.ERC3009InvalidSignature.selector);
        usdc.cancelAuthorization(alice, nonce, v, r, s);
    }

    function _blacklist(address account, bool blocked) private {
        vm.prank(admin);
        usdc.setBlacklisted(account, blocked);
    }

    function _digest(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", usdc.DOMAIN_SEPARATOR(), structHash));
    }

    function _sign3009(bytes32 typehash, address to, uint256 value, bytes32 nonce)
        private
        view
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(typehash, alice, to, value, 0, block.timestamp + 1 hours, nonce));
        return vm.sign(aliceKey, _digest(structHash));
    }
}
