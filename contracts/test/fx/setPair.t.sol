// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {FxFixture} from "./FxFixture.sol";
import {IFxRouter} from "../../interfaces/IFxRouter.sol";
import {ManualPriceFeed} from "../../fx/ManualPriceFeed.sol";
import {TestStablecoin} from "../../tokens/TestStablecoin.sol";
import {ScriptedPriceFeed} from "../mocks/ScriptedPriceFeed.sol";

contract SetPairTest is FxFixture {
    function test_setPair_listsAPairOnceAndUpdatesItInPlace() public {
        IFxRouter.Pair memory stored = router.pair(address(eurc));
        assertEq(address(stored.feed), address(feed), "feed");
        assertEq(stored.spreadBps, SPREAD_BPS, "spread");
        assertEq(stored.maxAge, MAX_AGE, "max age");
        assertEq(stored.feedDecimals, 8, "feed decimals");
        assertEq(stored.baseDecimals, 6, "base decimals");
        assertTrue(stored.enabled, "enabled");
        assertEq(stored.minAnswer, MIN_ANSWER, "min");
        assertEq(stored.maxAnswer, MAX_ANSWER, "max");

        IFxRouter.PairConfig memory config = _config(feed);
        config.spreadBps = 40;
        vm.expectEmit(address(router));
        emit IFxRouter.PairSet(address(eurc), address(feed), 40, MAX_AGE, MIN_ANSWER, MAX_ANSWER, true);
        vm.prank(owner);
        router.setPair(address(eurc), config);
        assertEq(router.pair(address(eurc)).spreadBps, 40, "updated");
        assertEq(router.bases().length, 1, "listed once");
        assertEq(router.numeraire(), address(usdc), "numeraire");
    }

    function test_setPair_revertsWhen_NotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        router.setPair(address(eurc), _config(feed));
    }

    function test_setPair_revertsWhen_SpreadAboveTheCap() public {
        IFxRouter.PairConfig memory config = _config(feed);
        config.spreadBps = router.MAX_SPREAD_BPS() + 1;
        vm.expectRevert(abi.encodeWithSelector(IFxRouter.SpreadTooHigh.selector, 101, 100));
        vm.prank(owner);
        router.setPair(address(eurc), config);
    }

    function test_setPair_revertsWhen_ConfigInvalid() public {
        IFxRouter.PairConfig memory config = _config(feed);
        config.maxAge = 0;
        _expectSetPairRevert(address(eurc), config, abi.encodeWithSelector(IFxRouter.InvalidMaxAge.selector, 0, 1 days));
        config.maxAge = 1 days + 1;
        _expectSetPairRevert(
            address(eurc), config, abi.encodeWithSelector(IFxRouter.InvalidMaxAge.selector, 1 days + 1, 1 days)
        );
        config = _config(feed);
        config.minAnswer = 0;
        _expectSetPairRevert(address(eurc), config, abi.encodeWithSelector(IFxRouter.InvalidBand.selector, 0, MAX_ANSWER));
        config.minAnswer = MAX_ANSWER;
        _expectSetPairRevert(
            address(eurc), config, abi.encodeWithSelector(IFxRouter.InvalidBand.selector, MAX_ANSWER, MAX_ANSWER)
        );
        config = _config(ManualPriceFeed(address(0)));
        _expectSetPairRevert(address(eurc), config, abi.encodeWithSelector(IFxRouter.InvalidPair.selector, eurc, 0));
        _expectSetPairRevert(
            address(usdc), _config(feed), abi.encodeWithSelector(IFxRouter.InvalidPair.selector, usdc, feed)
        );
    }

    function test_setPair_revertsWhen_DecimalsAbove18() public {
        ScriptedPriceFeed wide = new ScriptedPriceFeed(19);
        IFxRouter.PairConfig memory config = _config(feed);
        config.feed = wide;
        _expectSetPairRevert(address(eurc), config, abi.encodeWithSelector(IFxRouter.InvalidDecimals.selector, wide, 19));
    }

    function test_setPair_revertsWhen_TooManyPairs() public {
        for (uint256 i = 1; i < router.MAX_PAIRS(); ++i) {
            address base = address(new TestStablecoin("Test", "T", address(this)));
            vm.prank(owner);
            router.setPair(base, _config(feed));
        }
        assertEq(router.bases().length, 8, "eight listed");
        address ninth = address(new TestStablecoin("Test", "T", address(this)));
        _expectSetPairRevert(ninth, _config(feed), abi.encodeWithSelector(IFxRouter.TooManyPairs.selector, 8));
        // Changing a listed pair is still allowed.
        vm.prank(owner);
        router.setPair(address(eurc), _config(feed));
    }

    function _expectSetPairRevert(address base, IFxRouter.PairConfig memory config, bytes memory revertData) private {
        vm.expectRevert(revertData);
        vm.prank(owner);
        router.setPair(base, config);
    }
}
