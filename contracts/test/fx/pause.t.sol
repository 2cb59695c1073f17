// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {FxFixture} from "./FxFixture.sol";

/// pause() and unpause(): conversions only; liquidity stays open.
contract PauseTest is FxFixture {
    function test_pause_stopsConversionsOnly() public {
        vm.prank(owner);
        router.pause();
        assertTrue(router.paused(), "paused");

        vm.expectRevert(Pausable.EnforcedPause.selector);
        _buyEur(1e6, type(uint256).max);

        // Deposits and withdrawals go on.
        vm.startPrank(payer);
        uint256 shares = router.deposit(address(usdc), 1_000e6, 0);
        router.withdraw(shares);
        vm.stopPrank();

        vm.prank(owner);
        router.unpause();
        assertEq(_buyEur(100e6, type(uint256).max), 108_771_250, "converts again");
    }

    function test_pause_revertsWhen_NotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        router.pause();
        vm.prank(owner);
        router.pause();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        router.unpause();
    }
}
