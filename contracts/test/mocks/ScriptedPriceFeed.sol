// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @notice A feed that answers whatever the test scripts, including what a real feed should never say:
/// a round never updated (updatedAt = 0), a time in the future, any decimals.
contract ScriptedPriceFeed is AggregatorV3Interface {
    uint8 public immutable override decimals;
    uint256 public constant override version = 1;
    uint80 public roundId;
    int256 public answer;
    uint256 public updatedAt;

    constructor(uint8 decimals_) {
        decimals = decimals_;
    }

    function set(uint80 roundId_, int256 answer_, uint256 updatedAt_) external {
        (roundId, answer, updatedAt) = (roundId_, answer_, updatedAt_);
    }

    function description() external pure override returns (string memory) {
        return "scripted";
    }

    function getRoundData(uint80) external view override returns (uint80, int256, uint256, uint256, uint80) {
        return (roundId, answer, updatedAt, updatedAt, roundId);
    }

    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        return (roundId, answer, updatedAt, updatedAt, roundId);
    }
}
