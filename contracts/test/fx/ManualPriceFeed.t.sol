// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Test} from "../base/Test.sol";
import {ManualPriceFeed} from "../../fx/ManualPriceFeed.sol";

/// The local feed: updateAnswer, latestRoundData and getRoundData (a past round stays provable).
contract ManualPriceFeedTest is Test {
    ManualPriceFeed internal feed;
    address internal operator;

    function setUp() public {
        vm.warp(1_750_000_000);
        operator = makeAddr("operator");
        feed = new ManualPriceFeed(operator, 8, "EUR / USD", 108_500_000);
    }

    function test_updateAnswer_startsANewRound_AndKeepsThePastOnes() public {
        assertEq(feed.decimals(), 8, "decimals");
        assertEq(feed.description(), "EUR / USD", "description");
        vm.warp(1_750_000_060);
        vm.expectEmit(address(feed));
        emit ManualPriceFeed.AnswerUpdated(108_612_345, 2, 1_750_000_060);
        vm.prank(operator);
        feed.updateAnswer(108_612_345);

        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredIn) = feed.latestRoundData();
        assertEq(roundId, 2, "round");
        assertEq(answer, 108_612_345, "answer");
        assertEq(startedAt, 1_750_000_060, "started");
        assertEq(updatedAt, 1_750_000_060, "updated");
        assertEq(answeredIn, 2, "answered in");
        (, answer,, updatedAt,) = feed.getRoundData(1);
        assertEq(answer, 108_500_000, "round 1 answer");
        assertEq(updatedAt, 1_750_000_000, "round 1 time");
    }

    function test_updateAnswer_revertsWhen_NotOperatorOrTooWide() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        feed.updateAnswer(1);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedIntDowncast.selector, 128, int256(1) << 130));
        vm.prank(operator);
        feed.updateAnswer(int256(1) << 130);
    }

    function test_getRoundData_revertsWhen_RoundUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(ManualPriceFeed.RoundNotFound.selector, 2));
        feed.getRoundData(2);
    }
}
