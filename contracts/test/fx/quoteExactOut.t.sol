// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {FxFixture} from "./FxFixture.sol";
import {IFxRouter} from "../../interfaces/IFxRouter.sol";

contract QuoteExactOutTest is FxFixture {
    function test_quoteExactOut_returnsWhatConvertCharges() public {
        _setAnswer(109_123_456);
        IFxRouter.Quote memory quote = router.quoteExactOut(address(usdc), address(eurc), 42_420_000);
        assertEq(quote.rate, 109_123_456, "rate");
        assertEq(quote.rateDecimals, 8, "rate decimals");
        assertEq(quote.spreadBps, SPREAD_BPS, "spread");
        assertEq(quote.roundId, 2, "round");
        assertEq(quote.updatedAt, block.timestamp, "updated at");
        assertEq(_buyEur(42_420_000, quote.amountIn), quote.amountIn, "convert charges the quote");
    }

    function test_quoteExactOut_revertsLikeConvert() public {
        vm.expectRevert(IFxRouter.ZeroAmount.selector);
        router.quoteExactOut(address(usdc), address(eurc), 0);
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.PairNotFound.selector, address(eurc), address(eurc)));
        router.quoteExactOut(address(eurc), address(eurc), 1);
        vm.warp(START + MAX_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IFxRouter.StalePrice.selector, address(feed), 1, START, MAX_AGE, START + MAX_AGE + 1)
        );
        router.quoteExactOut(address(usdc), address(eurc), 1);
    }

    function test_quoteExactOut_ignoresLiquidityAndPause() public {
        // A quote prices; whether the pool can fill it is the conversion's check.
        vm.prank(owner);
        router.pause();
        assertGt(router.quoteExactOut(address(usdc), address(eurc), SEED * 2).amountIn, SEED * 2, "priced anyway");
    }

    /// The TypeScript SDK's `amountInForExactOut` mirrors this; test/fx/quoteMath.test.ts checks the two agree.
    function testFuzz_quoteExactOut_isMonotonicInAmountAndRate(uint256 amountOut, uint256 rate) public {
        amountOut = bound(amountOut, 1, 1e15);
        rate = bound(rate, MIN_ANSWER, MAX_ANSWER - 1);
        _setAnswer(int256(rate));
        uint256 price = router.quoteExactOut(address(usdc), address(eurc), amountOut).amountIn;
        assertLe(price, router.quoteExactOut(address(usdc), address(eurc), amountOut + 1).amountIn, "more out costs more");
        _setAnswer(int256(rate + 1));
        assertLe(price, router.quoteExactOut(address(usdc), address(eurc), amountOut).amountIn, "dearer EUR costs more");
        assertGe(router.quoteExactOut(address(eurc), address(usdc), amountOut).amountIn, 1, "never free");
    }
}
