// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {FxFixture} from "./FxFixture.sol";
import {IFxRouter} from "../../interfaces/IFxRouter.sol";

contract WithdrawTest is FxFixture {
    function test_withdraw_paysTheProRataPartOfEveryToken() public {
        uint256 shares = router.sharesOf(provider) / 4;
        uint256 outstanding = router.totalShares() + 1e6;
        address[] memory expectedTokens = new address[](2);
        (expectedTokens[0], expectedTokens[1]) = (address(usdc), address(eurc));
        uint256[] memory expectedAmounts = new uint256[](2);
        (expectedAmounts[0], expectedAmounts[1]) = (SEED * shares / outstanding, SEED * shares / outstanding);

        vm.expectEmit(address(router));
        emit IFxRouter.LiquidityWithdrawn(provider, shares, expectedTokens, expectedAmounts);
        vm.prank(provider);
        (address[] memory tokens, uint256[] memory amounts) = router.withdraw(shares);

        assertEq(tokens.length, 2, "numeraire and EUR");
        assertEq(amounts[0], expectedAmounts[0], "USD rounded down");
        assertEq(amounts[1], expectedAmounts[1], "EUR rounded down");
        assertEq(usdc.balanceOf(provider), expectedAmounts[0], "USD paid");
        assertEq(eurc.balanceOf(provider), expectedAmounts[1], "EUR paid");
        assertEq(router.totalShares(), outstanding - 1e6 - shares, "burned");
    }

    function test_withdraw_leavesAtMostOneUnitPerToken_WhenTheOnlyProviderLeaves() public {
        _buyEur(1_234_567_891, type(uint256).max);
        uint256 usdHeld = usdc.balanceOf(address(router));
        uint256 eurHeld = eurc.balanceOf(address(router));
        uint256 shares = router.sharesOf(provider);
        vm.prank(provider);
        (, uint256[] memory amounts) = router.withdraw(shares);
        assertApproxEqAbs(amounts[0], usdHeld, 1, "all the USD, the spread included");
        assertApproxEqAbs(amounts[1], eurHeld, 1, "all the EUR");
        assertLe(amounts[0], usdHeld, "never more than held");
        assertEq(router.totalShares(), 0, "no shares left");
    }

    function test_withdraw_succeedsWhile_PausedAndFeedStale() public {
        vm.prank(owner);
        router.pause();
        vm.warp(START + 30 days);
        uint256 shares = router.sharesOf(provider);
        vm.prank(provider);
        router.withdraw(shares);
        assertEq(router.sharesOf(provider), 0, "a provider can always leave");
        assertGe(usdc.balanceOf(provider), SEED - 1, "USD back");
    }

    function test_withdraw_revertsWhen_MoreThanHeldOrZero() public {
        uint256 held = router.sharesOf(provider);
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.InsufficientShares.selector, provider, held, held + 1));
        vm.prank(provider);
        router.withdraw(held + 1);
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.InsufficientShares.selector, stranger, 0, 1));
        vm.prank(stranger);
        router.withdraw(1);
        vm.expectRevert(IFxRouter.ZeroAmount.selector);
        vm.prank(provider);
        router.withdraw(0);
    }

    /// Spread accrues to providers: after conversions both ways at an unchanged rate, the pool is worth more
    /// than the providers put in, by at least the spread on each conversion's mid-rate price.
    function testFuzz_withdraw_includesTheSpreadEarned(uint256 amountOut) public {
        amountOut = bound(amountOut, 1e6, 5_000e6);
        uint256 valueBefore = router.totalValue();
        uint256 paidForEur = _buyEur(amountOut, type(uint256).max);
        vm.prank(payer);
        uint256 paidForUsd =
            router.convertExactOut(address(eurc), address(usdc), amountOut, type(uint256).max, block.timestamp, 0);
        uint256 valueAfter = router.totalValue();
        // Mid-rate value received minus value paid out, per conversion, is the spread (rounded in the pool's favour).
        uint256 midEur = amountOut * 108_500_000 / 1e8;
        assertGe(valueAfter - valueBefore, (paidForEur - midEur - 1) * 1e12, "pool gained at least the spreads");
        assertGt(paidForUsd, amountOut * 1e8 / 108_500_000, "paid above the mid rate");

        uint256 shares = router.sharesOf(provider);
        vm.prank(provider);
        (, uint256[] memory amounts) = router.withdraw(shares);
        uint256 back = amounts[0] * 1e12 + amounts[1] * 1e12 * 108_500_000 / 1e8;
        assertGe(back + 3e12, valueAfter, "the provider takes the spreads home");
    }
}
