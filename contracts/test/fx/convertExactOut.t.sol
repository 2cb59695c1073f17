// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {FxFixture} from "./FxFixture.sol";
import {IFxRouter} from "../../interfaces/IFxRouter.sol";
import {ScriptedPriceFeed} from "../mocks/ScriptedPriceFeed.sol";
import {TestStablecoin} from "../../tokens/TestStablecoin.sol";
import {WideStablecoin} from "../mocks/WideStablecoin.sol";

contract ConvertExactOutTest is FxFixture {
    bytes32 internal constant PAYMENT_ID = keccak256("payment-1");

    // ---------------------------------------------------------------- success

    function test_convertExactOut_succeedsWith_BuyingBase() public {
        // 100.00 EUR at 1.0850 + 0.25% = 108.77125 USD, exact in base units.
        uint256 expectedIn = 108_771_250;
        vm.expectEmit(address(router));
        emit IFxRouter.Converted(
            PAYMENT_ID, payer, address(usdc), address(eurc), expectedIn, 100e6, uint256(EUR_USD), 8, SPREAD_BPS, 1
        );
        vm.prank(payer);
        uint256 amountIn =
            router.convertExactOut(address(usdc), address(eurc), 100e6, expectedIn, block.timestamp, PAYMENT_ID);

        assertEq(amountIn, expectedIn, "returned amountIn");
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - expectedIn, "payer paid amountIn");
        assertEq(eurc.balanceOf(payer), PAYER_FUNDS + 100e6, "payer received exactly amountOut");
        assertEq(usdc.balanceOf(address(router)), SEED + expectedIn, "pool took amountIn");
        assertEq(eurc.balanceOf(address(router)), SEED - 100e6, "pool paid amountOut");
    }

    function test_convertExactOut_succeedsWith_SellingBase() public {
        // 100.00 USD for EUR at 1.0850 + 0.25%: 92.396313.36… EUR, rounded up to the next base unit.
        uint256 expectedIn = 92_396_314;
        vm.prank(payer);
        uint256 amountIn =
            router.convertExactOut(address(eurc), address(usdc), 100e6, expectedIn, block.timestamp, PAYMENT_ID);
        assertEq(amountIn, expectedIn, "rounded up");
        _assertRoundedUp(amountIn, 100e6 * 1e8 * (10_000 + uint256(SPREAD_BPS)), uint256(EUR_USD) * 10_000);
        assertEq(eurc.balanceOf(payer), PAYER_FUNDS - expectedIn, "payer paid amountIn");
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS + 100e6, "payer received exactly amountOut");
    }

    function test_convertExactOut_succeedsAt_BoundaryValues() public {
        // Deadline second, max-age second, both band edges, maxAmountIn equal to the price.
        vm.warp(START + MAX_AGE);
        assertEq(_buyEur(1, 2), 2, "one base unit: 1.0877 rounds up to 2");
        _setAnswer(int256(uint256(MIN_ANSWER)));
        _buyEur(100e6, type(uint256).max);
        _setAnswer(int256(uint256(MAX_ANSWER)));
        _buyEur(100e6, 200_500_000);
    }

    function test_convertExactOut_succeedsWith_DrainingTheWholePool() public {
        _fund(payer, 2 * SEED);
        _buyEur(SEED, type(uint256).max);
        assertEq(eurc.balanceOf(address(router)), 0, "pool emptied of EUR");
    }

    // ---------------------------------------------------------------- refusals

    function test_convertExactOut_revertsWhen_DeadlinePassed() public {
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.QuoteExpired.selector, block.timestamp - 1, block.timestamp));
        vm.prank(payer);
        router.convertExactOut(address(usdc), address(eurc), 100e6, type(uint256).max, block.timestamp - 1, PAYMENT_ID);
    }

    function test_convertExactOut_revertsWhen_ZeroAmount() public {
        vm.expectRevert(IFxRouter.ZeroAmount.selector);
        _buyEur(0, type(uint256).max);
    }

    function test_convertExactOut_revertsWhen_MaxAmountInExceeded() public {
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.MaxAmountInExceeded.selector, 108_771_250, 108_771_249));
        _buyEur(100e6, 108_771_249);
    }

    function test_convertExactOut_revertsWhen_FeedMovedBeyondTheBuffer() public {
        // Quoted with a 0.5% buffer, then EUR rises 0.6%.
        uint256 maxIn = router.quoteExactOut(address(usdc), address(eurc), 100e6).amountIn * 10_050 / 10_000;
        _setAnswer(EUR_USD * 10_060 / 10_000);
        uint256 moved = router.quoteExactOut(address(usdc), address(eurc), 100e6).amountIn;
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.MaxAmountInExceeded.selector, moved, maxIn));
        _buyEur(100e6, maxIn);
    }

    function test_convertExactOut_revertsWhen_PairNotFound() public {
        TestStablecoin gbp = new TestStablecoin("Test GBP", "tGBP", address(this));
        address[2][4] memory pairs = [
            [address(usdc), address(usdc)],
            [address(eurc), address(eurc)],
            [address(gbp), address(usdc)],
            [address(gbp), address(eurc)]
        ];
        for (uint256 i; i < pairs.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IFxRouter.PairNotFound.selector, pairs[i][0], pairs[i][1]));
            vm.prank(payer);
            router.convertExactOut(pairs[i][0], pairs[i][1], 1e6, type(uint256).max, block.timestamp, PAYMENT_ID);
        }
    }

    function test_convertExactOut_revertsWhen_PairDisabled() public {
        _disableEur();
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.PairDisabled.selector, address(eurc)));
        _buyEur(100e6, type(uint256).max);
    }

    function test_convertExactOut_revertsWhen_FeedStale() public {
        vm.warp(START + MAX_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IFxRouter.StalePrice.selector, address(feed), 1, START, MAX_AGE, START + MAX_AGE + 1)
        );
        _buyEur(100e6, type(uint256).max);
    }

    function test_convertExactOut_revertsWhen_FeedNeverUpdated() public {
        ScriptedPriceFeed scripted = _listScriptedFeed(8);
        scripted.set(7, EUR_USD, 0);
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.StalePrice.selector, address(scripted), 7, 0, MAX_AGE, START));
        _buyEur(100e6, type(uint256).max);
    }

    function test_convertExactOut_revertsWhen_AnswerZeroOrNegative() public {
        int256[2] memory answers = [int256(0), int256(-108_500_000)];
        for (uint256 i; i < answers.length; ++i) {
            _setAnswer(answers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IFxRouter.NonPositiveAnswer.selector, address(feed), i + 2, answers[i])
            );
            _buyEur(100e6, type(uint256).max);
        }
    }

    function test_convertExactOut_revertsWhen_AnswerOutOfBand() public {
        int256[2] memory answers = [int256(uint256(MIN_ANSWER)) - 1, int256(uint256(MAX_ANSWER)) + 1];
        for (uint256 i; i < answers.length; ++i) {
            _setAnswer(answers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IFxRouter.AnswerOutOfBand.selector, address(feed), i + 2, answers[i], MIN_ANSWER, MAX_ANSWER
                )
            );
            _buyEur(100e6, type(uint256).max);
        }
    }

    function test_convertExactOut_revertsWhen_LiquidityShort() public {
        vm.expectRevert(
            abi.encodeWithSelector(IFxRouter.InsufficientLiquidity.selector, address(eurc), SEED, SEED + 1)
        );
        _buyEur(SEED + 1, type(uint256).max);
    }

    function test_convertExactOut_revertsWhen_Paused() public {
        vm.prank(owner);
        router.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _buyEur(100e6, type(uint256).max);
    }

    function test_convertExactOut_revertsWhen_PayerLacksFunds() public {
        // The pull fails with the token's own error; nothing moves.
        vm.prank(stranger);
        vm.expectRevert();
        router.convertExactOut(address(usdc), address(eurc), 1e6, type(uint256).max, block.timestamp, PAYMENT_ID);
        assertEq(eurc.balanceOf(stranger), 0, "nothing received");
        assertEq(eurc.balanceOf(address(router)), SEED, "pool untouched");
    }

    // ---------------------------------------------------------------- other decimals, fuzz

    function test_convertExactOut_succeedsWith_FeedOf18Decimals() public {
        ScriptedPriceFeed scripted = _listScriptedFeed(18);
        scripted.set(3, 1.085e18, block.timestamp);
        assertEq(_buyEur(100e6, type(uint256).max), 108_771_250, "same price as with 8 decimals");
        vm.prank(payer);
        uint256 amountIn =
            router.convertExactOut(address(eurc), address(usdc), 100e6, type(uint256).max, block.timestamp, 0);
        assertEq(amountIn, 92_396_314, "same price as with 8 decimals");
    }

    /// Any amount and rate: the payer pays the exact price rounded up by at most one base unit, the pool
    /// is paid at least the exact price, and the payer receives exactly `amountOut`.
    function testFuzz_convertExactOut_roundsUpByAtMostOneUnit(uint256 amountOut, uint256 rate, bool buyingBase)
        public
    {
        amountOut = bound(amountOut, 1, SEED);
        rate = bound(rate, MIN_ANSWER, MAX_ANSWER);
        _setAnswer(int256(rate));
        (address tokenIn, address tokenOut) = buyingBase ? (address(usdc), address(eurc)) : (address(eurc), address(usdc));
        _fund(payer, SEED * 2);
        uint256 payerOutBefore = TestStablecoin(tokenOut).balanceOf(payer);
        uint256 payerInBefore = TestStablecoin(tokenIn).balanceOf(payer);

        vm.prank(payer);
        uint256 amountIn = router.convertExactOut(tokenIn, tokenOut, amountOut, type(uint256).max, block.timestamp, 0);

        (uint256 numerator, uint256 denominator) = buyingBase
            ? _exactBuy(amountOut, rate, 8)
            : (amountOut * 1e8 * (10_000 + uint256(SPREAD_BPS)), rate * 10_000);
        _assertRoundedUp(amountIn, numerator, denominator);
        assertEq(payerInBefore - TestStablecoin(tokenIn).balanceOf(payer), amountIn, "payer paid amountIn");
        assertEq(TestStablecoin(tokenOut).balanceOf(payer) - payerOutBefore, amountOut, "exact amountOut");
    }

    /// Tokens of 18 decimals priced by a feed of 18 decimals against a 6-decimal numeraire.
    function testFuzz_convertExactOut_roundsUpAcrossDecimals(uint256 amountOut, uint256 rate) public {
        WideStablecoin wide = new WideStablecoin();
        ScriptedPriceFeed scripted = new ScriptedPriceFeed(18);
        rate = bound(rate, 0.5e18, 2e18);
        scripted.set(1, int256(rate), block.timestamp);
        IFxRouter.PairConfig memory config = _config(feed);
        (config.feed, config.minAnswer, config.maxAnswer) = (scripted, 0.5e18, 2e18);
        vm.prank(owner);
        router.setPair(address(wide), config);
        wide.mint(address(router), 1e30);

        amountOut = bound(amountOut, 1, 1e21);
        vm.prank(payer);
        uint256 amountIn =
            router.convertExactOut(address(usdc), address(wide), amountOut, type(uint256).max, block.timestamp, 0);
        // amountOut · rate / 1e18 (feed) / 1e18 (token) · 1e6 (numeraire) · (1 + spread)
        _assertRoundedUp(amountIn, amountOut * rate * (10_000 + uint256(SPREAD_BPS)), 1e30 * 10_000);
    }

    function _listScriptedFeed(uint8 decimals) private returns (ScriptedPriceFeed scripted) {
        scripted = new ScriptedPriceFeed(decimals);
        IFxRouter.PairConfig memory config = _config(feed);
        config.feed = scripted;
        if (decimals != 8) {
            config.minAnswer = uint128(uint256(MIN_ANSWER) * 10 ** (decimals - 8));
            config.maxAnswer = uint128(uint256(MAX_ANSWER) * 10 ** (decimals - 8));
        }
        vm.prank(owner);
        router.setPair(address(eurc), config);
    }
}
