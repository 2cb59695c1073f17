// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IFxRouter} from "../interfaces/IFxRouter.sol";

/// @title FxPairs
/// @notice The router's pairs and prices: which base tokens are listed against the numeraire, with
/// which feed, spread, staleness bound and answer band; reading a feed with those checks; and the
/// integer arithmetic every price goes through. The owner lists and tunes pairs but can never set a
/// spread above `MAX_SPREAD_BPS`, and can never remove a listed token (withdrawals must reach it).
abstract contract FxPairs is IFxRouter, Ownable2Step {
    /// @notice Highest spread a pair can ever have: 1% of the feed rate.
    uint16 public constant MAX_SPREAD_BPS = 100;
    /// @notice Longest staleness bound a pair can have: one day (Chainlink's slowest heartbeat).
    uint32 public constant MAX_MAX_AGE = 1 days;
    /// @notice Most base tokens the router lists (deposits and withdrawals loop over them).
    uint256 public constant MAX_PAIRS = 8;

    uint256 internal constant _BPS = 10_000;
    /// @dev Pool values are in the numeraire scaled to 18 decimals.
    uint256 internal constant _VALUE_DECIMALS = 18;

    /// @dev The numeraire every pair is quoted against, and its decimals.
    address internal immutable _NUMERAIRE;
    uint8 internal immutable _NUMERAIRE_DECIMALS;

    /// @dev Slot 0 (feed, spread, max age, decimals, enabled) and slot 1 (band): two cold reads per conversion.
    mapping(address base => Pair) internal _pairs;
    address[] internal _bases;

    /// @param initialOwner Lists and tunes pairs, pauses conversions.
    /// @param numeraire_ The token every pair is quoted against (e.g. the USD stablecoin).
    constructor(address initialOwner, address numeraire_) Ownable(initialOwner) {
        if (numeraire_ == address(0)) revert InvalidPair(numeraire_, address(0));
        _NUMERAIRE = numeraire_;
        _NUMERAIRE_DECIMALS = _decimalsOf(numeraire_);
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IFxRouter
    function setPair(address base, PairConfig calldata config) external onlyOwner {
        // Check
        address feed = address(config.feed);
        if (base == address(0) || base == _NUMERAIRE || feed == address(0)) revert InvalidPair(base, feed);
        if (config.spreadBps > MAX_SPREAD_BPS) revert SpreadTooHigh(config.spreadBps, MAX_SPREAD_BPS);
        if (config.maxAge == 0 || config.maxAge > MAX_MAX_AGE) revert InvalidMaxAge(config.maxAge, MAX_MAX_AGE);
        if (config.minAnswer == 0 || config.minAnswer >= config.maxAnswer) {
            revert InvalidBand(config.minAnswer, config.maxAnswer);
        }
        uint8 feedDecimals = config.feed.decimals();
        if (feedDecimals > _VALUE_DECIMALS) revert InvalidDecimals(feed, feedDecimals);
        uint8 baseDecimals = _decimalsOf(base);
        // Update
        if (address(_pairs[base].feed) == address(0)) {
            if (_bases.length == MAX_PAIRS) revert TooManyPairs(MAX_PAIRS);
            _bases.push(base);
        }
        _pairs[base] = Pair({
            feed: config.feed,
            spreadBps: config.spreadBps,
            maxAge: config.maxAge,
            feedDecimals: feedDecimals,
            baseDecimals: baseDecimals,
            enabled: config.enabled,
            minAnswer: config.minAnswer,
            maxAnswer: config.maxAnswer
        });
        emit PairSet(base, feed, config.spreadBps, config.maxAge, config.minAnswer, config.maxAnswer, config.enabled);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IFxRouter
    function numeraire() external view returns (address) {
        return _NUMERAIRE;
    }

    /// @inheritdoc IFxRouter
    function bases() external view returns (address[] memory) {
        return _bases;
    }

    /// @inheritdoc IFxRouter
    function pair(address base) external view returns (Pair memory) {
        return _pairs[base];
    }

    // ------------------------------------------------------------------ prices

    /// @dev The feed's latest answer, refused when stale (older than `maxAge`, or never updated),
    /// non-positive or outside the pair's band.
    function _readFeed(Pair memory p) internal view returns (uint80 roundId, uint256 rate, uint256 updatedAt) {
        (AggregatorV3Interface feed, uint256 maxAge) = (p.feed, p.maxAge);
        int256 answer;
        (roundId, answer,, updatedAt,) = feed.latestRoundData();
        // A round updated "in the future" (a broken feed) counts as fresh; age is never negative.
        if (updatedAt == 0 || updatedAt + maxAge < block.timestamp) {
            revert StalePrice(address(feed), roundId, updatedAt, maxAge, block.timestamp);
        }
        if (answer <= 0) revert NonPositiveAnswer(address(feed), roundId, answer);
        (uint256 minAnswer, uint256 maxAnswer) = (p.minAnswer, p.maxAnswer);
        // Cast is exact: answer > 0.
        rate = uint256(answer);
        if (rate < minAnswer || rate > maxAnswer) {
            revert AnswerOutOfBand(address(feed), roundId, answer, minAnswer, maxAnswer);
        }
    }

    /// @dev What a caller pays for exactly `amountOut`, at feed answer `rate` plus `spreadBps`, rounded up
    /// (the payer pays at most one base unit more than the exact price; the pool never receives less).
    /// Buying the base token: amountIn = amountOut · rate · (1 + spread), in numeraire units.
    /// Selling it: amountIn = amountOut / rate · (1 + spread), in base units. Every decimal is ≤ 18, so the
    /// powers of ten fit; `mulDiv` keeps the full 512-bit product, and an overflowing result reverts.
    function _amountIn(Pair memory p, bool buyingBase, uint256 amountOut, uint256 rate)
        internal
        view
        returns (uint256)
    {
        uint256 scaledOut = amountOut * (_BPS + p.spreadBps);
        uint256 feedAndBase = 10 ** (uint256(p.feedDecimals) + p.baseDecimals);
        uint256 numeraireUnit = 10 ** uint256(_NUMERAIRE_DECIMALS);
        return buyingBase
            ? Math.mulDiv(scaledOut, rate * numeraireUnit, feedAndBase * _BPS, Math.Rounding.Ceil)
            : Math.mulDiv(scaledOut, feedAndBase, rate * numeraireUnit * _BPS, Math.Rounding.Ceil);
    }

    /// @dev `amount` of `base` valued in the numeraire (18 decimals) at `rate` less `haircutBps`, rounded down.
    function _baseValue(Pair memory p, uint256 amount, uint256 rate, uint256 haircutBps) internal pure returns (uint256) {
        uint256 feedAndBase = 10 ** (uint256(p.feedDecimals) + p.baseDecimals);
        return Math.mulDiv(amount * (_BPS - haircutBps), rate * 10 ** _VALUE_DECIMALS, feedAndBase * _BPS);
    }

    /// @dev `amount` of the numeraire in 18 decimals.
    function _numeraireValue(uint256 amount) internal view returns (uint256) {
        return amount * 10 ** (_VALUE_DECIMALS - _NUMERAIRE_DECIMALS);
    }

    function _decimalsOf(address token) private view returns (uint8 decimals) {
        decimals = IERC20Metadata(token).decimals();
        if (decimals > _VALUE_DECIMALS) revert InvalidDecimals(token, decimals);
    }
}
