// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {FxFixture} from "./FxFixture.sol";
import {IFxRouter} from "../../interfaces/IFxRouter.sol";
import {FxRouter} from "../../fx/FxRouter.sol";
import {TestStablecoin} from "../../tokens/TestStablecoin.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";
import {ScriptedPriceFeed} from "../mocks/ScriptedPriceFeed.sol";

contract DepositTest is FxFixture {
    address internal second;

    function setUp() public override {
        super.setUp();
        second = makeAddr("secondProvider");
        _fund(second, SEED);
    }

    function test_deposit_mintsSharesAtTheFeedRate_ForTheFirstProvider() public view {
        // Fixture: 100,000 USD then 100,000 EUR valued at 1.0850 less the 0.25% spread.
        uint256 usdValue = SEED * 1e12;
        uint256 eurValue = SEED * 1e12 * 108_500_000 / 1e8 * 9_975 / 10_000;
        assertEq(router.totalValue(), usdValue + SEED * 1e12 * 108_500_000 / 1e8, "pool valued at the mid rate");
        // First deposit: shares = value × 10^6 (the virtual offset); the second at the pool's share price.
        uint256 firstShares = usdValue * 1e6;
        uint256 secondShares = eurValue * (firstShares + 1e6) / (usdValue + 1);
        assertEq(router.sharesOf(provider), firstShares + secondShares, "shares");
        assertEq(router.totalShares(), firstShares + secondShares, "total");
    }

    function test_deposit_succeedsWith_ProportionalShares() public {
        uint256 before = router.totalShares();
        uint256 poolValue = router.totalValue();
        vm.expectEmit(true, true, false, false, address(router));
        emit IFxRouter.LiquidityDeposited(second, address(usdc), 1_000e6, 0, 0);
        vm.prank(second);
        uint256 shares = router.deposit(address(usdc), 1_000e6, 0);
        assertEq(shares, 1_000e6 * 1e12 * (before + 1e6) / (poolValue + 1), "value * shares / pool value, rounded down");
        assertEq(router.sharesOf(second), shares, "held");
        assertEq(usdc.balanceOf(address(router)), SEED + 1_000e6, "pulled");
    }

    function test_deposit_revertsWhen_BelowMinimumShares() public {
        vm.prank(second);
        uint256 expected = router.deposit(address(usdc), 1e6, 0);
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.SharesBelowMinimum.selector, expected, expected + 1));
        vm.prank(second);
        router.deposit(address(usdc), 1e6, expected + 1);
    }

    function test_deposit_revertsWhen_ZeroAmountOrUnknownToken() public {
        vm.expectRevert(IFxRouter.ZeroAmount.selector);
        vm.prank(second);
        router.deposit(address(usdc), 0, 0);
        TestStablecoin gbp = new TestStablecoin("Test GBP", "tGBP", address(this));
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.PairNotFound.selector, address(gbp), address(usdc)));
        vm.prank(second);
        router.deposit(address(gbp), 1e6, 0);
    }

    function test_deposit_revertsWhen_AHeldPairsFeedIsStale() public {
        // The pool holds EUR, so its value needs the EUR feed, even for a USD deposit.
        vm.warp(START + MAX_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IFxRouter.StalePrice.selector, address(feed), 1, START, MAX_AGE, START + MAX_AGE + 1)
        );
        vm.prank(second);
        router.deposit(address(usdc), 1e6, 0);
    }

    function test_deposit_succeedsWhen_AnEmptyPairsFeedIsStale() public {
        // A fresh router holding no EUR values the pool without the EUR feed.
        FxRouter fresh = new FxRouter(owner, address(usdc));
        vm.prank(owner);
        fresh.setPair(address(eurc), _config(feed));
        vm.warp(START + MAX_AGE + 1);
        vm.startPrank(second);
        usdc.approve(address(fresh), 1e6);
        assertEq(fresh.deposit(address(usdc), 1e6, 0), 1e18 * 1e6, "first USD deposit");
        vm.stopPrank();
    }

    function test_deposit_revertsWhen_PairDisabled() public {
        _disableEur();
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.PairDisabled.selector, address(eurc)));
        vm.prank(second);
        router.deposit(address(eurc), 1e6, 0);
    }

    function test_deposit_revertsWhen_TokenDeliversLess() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        ScriptedPriceFeed scripted = new ScriptedPriceFeed(8);
        scripted.set(1, 1e8, block.timestamp);
        IFxRouter.PairConfig memory config = _config(feed);
        config.feed = scripted;
        vm.prank(owner);
        router.setPair(address(fot), config);
        fot.mint(second, 100e18);
        vm.startPrank(second);
        fot.approve(address(router), 100e18);
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.TransferShortfall.selector, address(fot), 100e18, 99e18));
        router.deposit(address(fot), 100e18, 0);
        vm.stopPrank();
    }

    /// A depositor who leaves at once gets back at most its deposit's value at the mid rate, and at least its
    /// value less the spread on a base-token deposit, less at most one base unit per token of rounding.
    function testFuzz_deposit_thenWithdraw_losesAtMostRounding(uint256 amount, bool inEur) public {
        amount = bound(amount, 1, SEED);
        vm.startPrank(second);
        uint256 shares = router.deposit(inEur ? address(eurc) : address(usdc), amount, 0);
        (, uint256[] memory amounts) = router.withdraw(shares);
        vm.stopPrank();
        uint256 back = amounts[0] * 1e12 + amounts[1] * 1e12 * 108_500_000 / 1e8;
        uint256 midValue = inEur ? amount * 1e12 * 108_500_000 / 1e8 : amount * 1e12;
        uint256 floorValue = inEur ? midValue * 9_975 / 10_000 : midValue;
        assertLe(back, midValue, "never more than was put in at the mid rate");
        // One base unit of each token lost to rounding, worth at most 1e12 + 1.085e12.
        assertGe(back + 2.1e12, floorValue, "at most the spread and a base unit of each token lost");
    }
}
