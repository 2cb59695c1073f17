// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "../base/Test.sol";
import {FxRouter} from "../../fx/FxRouter.sol";
import {ManualPriceFeed} from "../../fx/ManualPriceFeed.sol";
import {TestStablecoin} from "../../tokens/TestStablecoin.sol";
import {IFxRouter} from "../../interfaces/IFxRouter.sol";

/// @notice Shared fixture for the router tests: tUSDC as the numeraire, tEURC listed against it with an
/// EUR / USD feed at 1.0850 (8 decimals), a 0.25% spread, a one-hour staleness bound and a 0.50-2.00 band,
/// and a provider who seeded 100,000 of each. The payer holds tUSDC and tEURC and approved the router.
abstract contract FxFixture is Test {
    uint48 internal constant START = 1_750_000_000;
    int256 internal constant EUR_USD = 108_500_000; // 1.0850 USD per EUR, 8 decimals
    uint16 internal constant SPREAD_BPS = 25;
    uint32 internal constant MAX_AGE = 1 hours;
    uint128 internal constant MIN_ANSWER = 50_000_000;
    uint128 internal constant MAX_ANSWER = 200_000_000;
    uint256 internal constant SEED = 100_000e6;
    uint256 internal constant PAYER_FUNDS = 10_000e6;

    FxRouter internal router;
    ManualPriceFeed internal feed;
    TestStablecoin internal usdc;
    TestStablecoin internal eurc;

    address internal owner;
    address internal feedOperator;
    address internal provider;
    address internal payer;
    address internal stranger;

    function setUp() public virtual {
        vm.warp(START);
        owner = makeAddr("fxOwner");
        feedOperator = makeAddr("feedOperator");
        provider = makeAddr("provider");
        payer = makeAddr("payer");
        stranger = makeAddr("stranger");

        usdc = new TestStablecoin("Paykey Test USD", "tUSDC", address(this));
        eurc = new TestStablecoin("Paykey Test EUR", "tEURC", address(this));
        feed = new ManualPriceFeed(feedOperator, 8, "EUR / USD", EUR_USD);
        router = new FxRouter(owner, address(usdc));
        vm.prank(owner);
        router.setPair(address(eurc), _config(feed));

        _fund(provider, SEED);
        vm.startPrank(provider);
        router.deposit(address(usdc), SEED, 0);
        router.deposit(address(eurc), SEED, 0);
        vm.stopPrank();
        _fund(payer, PAYER_FUNDS);
    }

    // ---------------------------------------------------------------- helpers

    function _config(ManualPriceFeed priceFeed) internal pure returns (IFxRouter.PairConfig memory) {
        return IFxRouter.PairConfig({
            feed: priceFeed,
            spreadBps: SPREAD_BPS,
            maxAge: MAX_AGE,
            minAnswer: MIN_ANSWER,
            maxAnswer: MAX_ANSWER,
            enabled: true
        });
    }

    /// @dev Mints `amount` of both tokens to `account`, approved to the router without limit.
    function _fund(address account, uint256 amount) internal {
        usdc.mint(account, amount);
        eurc.mint(account, amount);
        vm.startPrank(account);
        usdc.approve(address(router), type(uint256).max);
        eurc.approve(address(router), type(uint256).max);
        vm.stopPrank();
    }

    /// @dev The owner disables EUR conversions (and deposits); the pair stays listed.
    function _disableEur() internal {
        IFxRouter.PairConfig memory config = _config(feed);
        config.enabled = false;
        vm.prank(owner);
        router.setPair(address(eurc), config);
    }

    function _setAnswer(int256 answer) internal {
        vm.prank(feedOperator);
        feed.updateAnswer(answer);
    }

    /// @dev USD → EUR as the payer, deadline now.
    function _buyEur(uint256 amountOut, uint256 maxAmountIn) internal returns (uint256) {
        vm.prank(payer);
        return router.convertExactOut(address(usdc), address(eurc), amountOut, maxAmountIn, block.timestamp, bytes32(0));
    }

    /// @dev Exact price in USD units of `amountOut` EUR units, as a fraction (numerator, denominator), at `rate`.
    function _exactBuy(uint256 amountOut, uint256 rate, uint256 feedDecimals) internal pure returns (uint256, uint256) {
        return (amountOut * rate * (10_000 + SPREAD_BPS), 10 ** feedDecimals * 10_000);
    }

    /// @dev Asserts `amountIn` is the exact price rounded up: at most one base unit above it, never below.
    function _assertRoundedUp(uint256 amountIn, uint256 numerator, uint256 denominator) internal pure {
        assertGe(amountIn * denominator, numerator, "never below the exact price");
        assertLt((amountIn - 1) * denominator, numerator, "at most one unit above it");
    }
}
