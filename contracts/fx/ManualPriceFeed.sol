// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title ManualPriceFeed
/// @notice A Chainlink `AggregatorV3Interface` whose answer an operator key sets by hand, for the local
/// chain (`npm start` moves it along a random walk) and tests. Rounds are numbered from 1 and kept, so
/// `getRoundData` can prove a past conversion's rate as on a real feed.
/// @dev Never deploy this on a real chain: its owner decides the price. scripts/deploy.ts deploys it
/// only on the local chain; elsewhere the router is given a real feed's address.
contract ManualPriceFeed is AggregatorV3Interface, Ownable {
    /// @dev A round: the answer and when it was set (startedAt = updatedAt; answeredInRound = roundId).
    struct Round {
        int128 answer;
        uint64 updatedAt;
    }

    /// @dev The latest round in one slot, so a conversion reads the feed with a single cold load.
    struct Latest {
        uint80 roundId;
        int128 answer;
        uint48 updatedAt;
    }

    /// @inheritdoc AggregatorV3Interface
    uint8 public immutable override decimals;
    /// @inheritdoc AggregatorV3Interface
    uint256 public constant override version = 1;

    string private _description;
    Latest private _latest;
    mapping(uint80 roundId => Round) private _rounds;

    /// @notice Emitted when the operator sets a new answer (Chainlink's `AnswerUpdated` shape).
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    /// @notice Thrown when `roundId` was never written.
    error RoundNotFound(uint80 roundId);

    /// @param operator Sets the answers (the owner).
    /// @param decimals_ Decimals of every answer (Chainlink's fiat feeds use 8).
    /// @param description_ E.g. "EUR / USD".
    /// @param initialAnswer The first round's answer.
    constructor(address operator, uint8 decimals_, string memory description_, int256 initialAnswer) Ownable(operator) {
        decimals = decimals_;
        _description = description_;
        _record(initialAnswer);
    }

    /// @notice Starts a new round with `answer`, updated now (owner).
    function updateAnswer(int256 answer) external onlyOwner {
        _record(answer);
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view override returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId)
        external
        view
        override
        returns (uint80, int256, uint256, uint256, uint80)
    {
        Round memory round = _rounds[roundId];
        if (round.updatedAt == 0) revert RoundNotFound(roundId);
        return (roundId, round.answer, round.updatedAt, round.updatedAt, roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        Latest memory latest = _latest;
        return (latest.roundId, latest.answer, latest.updatedAt, latest.updatedAt, latest.roundId);
    }

    function _record(int256 answer) private {
        int128 narrow = SafeCast.toInt128(answer);
        uint80 roundId = _latest.roundId + 1;
        _latest = Latest(roundId, narrow, uint48(block.timestamp));
        _rounds[roundId] = Round(narrow, uint64(block.timestamp));
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }
}
