// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title IFxRouter
/// @notice Cross-border settlement: converts between allowlisted stablecoins at a price-feed rate plus a
/// per-pair spread that is public on-chain, from liquidity that providers deposit and withdraw.
///
/// Every pair is quoted against the router's numeraire (e.g. USD): pair `base` has a feed giving the
/// price of one `base` in the numeraire (Chainlink's `EUR / USD` shape), and conversions go from the
/// numeraire into `base` or from `base` into the numeraire. A conversion is exact-out: the caller names
/// the exact amount it receives and the most it will pay, and is refused with a custom error carrying
/// the values when the feed is stale, non-positive or outside the pair's band, when the pool lacks the
/// output token, when the price would exceed the caller's maximum or when the caller's deadline passed.
/// Each conversion emits one `Converted` event that is a receipt: who paid, both tokens and amounts,
/// the feed answer and round applied, the spread and the caller's reference (a payment id).
interface IFxRouter {
    // ------------------------------------------------------------------ types

    /// @notice What the owner sets for a pair (`setPair`).
    struct PairConfig {
        /// @notice Price of one base token in the numeraire (AggregatorV3Interface shape), at most 18 decimals.
        AggregatorV3Interface feed;
        /// @notice Spread in basis points added to the feed rate on every conversion (≤ `MAX_SPREAD_BPS`).
        uint16 spreadBps;
        /// @notice Most seconds since the feed's last update before its answer counts as stale.
        uint32 maxAge;
        /// @notice Lowest feed answer accepted (feed decimals); below it the feed is treated as broken.
        uint128 minAnswer;
        /// @notice Highest feed answer accepted (feed decimals); above it the feed is treated as broken.
        uint128 maxAnswer;
        /// @notice Whether conversions of this pair are open (a listed pair is never removed, only disabled).
        bool enabled;
    }

    /// @notice A pair as stored: its config plus the decimals read once at `setPair`.
    struct Pair {
        /// @notice Price of one base token in the numeraire.
        AggregatorV3Interface feed;
        /// @notice Spread in basis points added to the feed rate.
        uint16 spreadBps;
        /// @notice Most seconds since the feed's last update.
        uint32 maxAge;
        /// @notice The feed's decimals.
        uint8 feedDecimals;
        /// @notice The base token's decimals.
        uint8 baseDecimals;
        /// @notice Whether conversions of this pair are open.
        bool enabled;
        /// @notice Lowest feed answer accepted.
        uint128 minAnswer;
        /// @notice Highest feed answer accepted.
        uint128 maxAnswer;
    }

    /// @notice The price of an exact-out conversion at the feed's latest round.
    struct Quote {
        /// @notice What the caller pays, in `tokenIn` base units (rounded up by at most one unit).
        uint256 amountIn;
        /// @notice The feed answer applied: one base token is worth `rate / 10**rateDecimals` numeraire.
        uint256 rate;
        /// @notice Decimals of `rate` (the feed's).
        uint8 rateDecimals;
        /// @notice Spread applied, in basis points of the feed rate.
        uint16 spreadBps;
        /// @notice The feed round the rate comes from.
        uint80 roundId;
        /// @notice When the feed round was last updated (unix seconds).
        uint256 updatedAt;
    }

    // ------------------------------------------------------------------ events

    /// @notice Emitted when the owner lists or changes a pair.
    event PairSet(
        address indexed base,
        address indexed feed,
        uint16 spreadBps,
        uint32 maxAge,
        uint128 minAnswer,
        uint128 maxAnswer,
        bool enabled
    );
    /// @notice A conversion: `payer` paid `amountIn` of `tokenIn` and received exactly `amountOut` of
    /// `tokenOut`, at feed answer `rate` (`rateDecimals`, one base token in the numeraire) of round
    /// `feedRoundId` plus `spreadBps`. `ref` is the caller's (a Paykey payment id, or zero).
    event Converted(
        bytes32 indexed ref,
        address indexed payer,
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 amountOut,
        uint256 rate,
        uint8 rateDecimals,
        uint16 spreadBps,
        uint80 feedRoundId
    );
    /// @notice A provider deposited `amount` of `token`, valued at `value` (numeraire, 18 decimals), for `shares`.
    event LiquidityDeposited(address indexed provider, address indexed token, uint256 amount, uint256 value, uint256 shares);
    /// @notice A provider burned `shares` for `amounts[i]` of `tokens[i]`, its pro-rata part of the pool.
    event LiquidityWithdrawn(address indexed provider, uint256 shares, address[] tokens, uint256[] amounts);

    // ------------------------------------------------------------------ errors

    /// @notice Thrown when `tokenIn` → `tokenOut` is not a listed pair (one side must be the numeraire).
    error PairNotFound(address tokenIn, address tokenOut);
    /// @notice Thrown when the pair of `base` is listed but its conversions are disabled.
    error PairDisabled(address base);
    /// @notice Thrown when the feed's latest round is older than the pair's `maxAge` (or was never updated).
    error StalePrice(address feed, uint80 roundId, uint256 updatedAt, uint256 maxAge, uint256 currentTime);
    /// @notice Thrown when the feed answers zero or a negative price.
    error NonPositiveAnswer(address feed, uint80 roundId, int256 answer);
    /// @notice Thrown when the feed's answer lies outside the pair's band.
    error AnswerOutOfBand(address feed, uint80 roundId, int256 answer, uint256 minAnswer, uint256 maxAnswer);
    /// @notice Thrown when the pool holds less of `token` than the conversion would pay out.
    error InsufficientLiquidity(address token, uint256 available, uint256 requested);
    /// @notice Thrown when the conversion would cost more than the caller's maximum.
    error MaxAmountInExceeded(uint256 amountIn, uint256 maxAmountIn);
    /// @notice Thrown when the caller's deadline (its quote's expiry) has passed.
    error QuoteExpired(uint256 deadline, uint256 currentTime);
    /// @notice Thrown when an amount or a share count is zero.
    error ZeroAmount();
    /// @notice Thrown when a pair's spread exceeds the cap.
    error SpreadTooHigh(uint16 spreadBps, uint16 maxSpreadBps);
    /// @notice Thrown when a pair's `maxAge` is zero or above the cap.
    error InvalidMaxAge(uint32 maxAge, uint32 maxMaxAge);
    /// @notice Thrown when a pair's band is empty or starts at zero.
    error InvalidBand(uint128 minAnswer, uint128 maxAnswer);
    /// @notice Thrown when a feed or token address cannot be a pair's.
    error InvalidPair(address base, address feed);
    /// @notice Thrown when a token or feed has more than 18 decimals.
    error InvalidDecimals(address source, uint8 decimals);
    /// @notice Thrown when listing a pair beyond the cap (withdrawals loop over every listed token).
    error TooManyPairs(uint256 maxPairs);
    /// @notice Thrown when a deposit would mint fewer shares than the provider's minimum (or none).
    error SharesBelowMinimum(uint256 shares, uint256 minShares);
    /// @notice Thrown when withdrawing more shares than the provider holds.
    error InsufficientShares(address provider, uint256 held, uint256 requested);
    /// @notice Thrown when a deposit's token transfer delivered less than the amount named.
    error TransferShortfall(address token, uint256 expected, uint256 received);

    // ------------------------------------------------------------------ conversions

    /// @notice Converts at most `maxAmountIn` of the caller's `tokenIn` into exactly `amountOut` of
    /// `tokenOut`, sent to the caller. Pulls `tokenIn` with the caller's allowance, and only ever from the
    /// caller: a leftover allowance to the router can be used by nobody else.
    /// @param tokenIn What the caller pays with.
    /// @param tokenOut What the caller receives.
    /// @param amountOut Exactly what the caller receives, in `tokenOut` base units.
    /// @param maxAmountIn The most the caller pays, in `tokenIn` base units (the quote plus its buffer).
    /// @param deadline Last second at which the conversion may run (the quote's expiry).
    /// @param ref The caller's reference, emitted with the conversion (a payment id, or zero).
    /// @return amountIn What the caller paid.
    function convertExactOut(
        address tokenIn,
        address tokenOut,
        uint256 amountOut,
        uint256 maxAmountIn,
        uint256 deadline,
        bytes32 ref
    ) external returns (uint256 amountIn);

    /// @notice What `convertExactOut` would charge now; reverts with the same errors (except liquidity and pause).
    function quoteExactOut(address tokenIn, address tokenOut, uint256 amountOut) external view returns (Quote memory);

    // ------------------------------------------------------------------ liquidity

    /// @notice Deposits `amount` of a listed token for pool shares, valued at the feed rate (a base token
    /// less its pair's spread, as if converted into the pool). Needs every non-empty pair's feed to be fresh.
    /// @param token The numeraire or a listed base token.
    /// @param amount Base units of `token` to deposit.
    /// @param minShares The fewest shares the caller accepts.
    /// @return shares Shares minted to the caller (rounded down).
    function deposit(address token, uint256 amount, uint256 minShares) external returns (uint256 shares);

    /// @notice Burns `shares` for the caller's pro-rata part of every token the pool holds (rounded down).
    /// Needs no feed and is never paused, so a provider can always leave.
    /// @return tokens The numeraire, then every listed base token.
    /// @return amounts What was paid out of each.
    function withdraw(uint256 shares) external returns (address[] memory tokens, uint256[] memory amounts);

    // ------------------------------------------------------------------ views

    /// @notice The token every pair is quoted against.
    function numeraire() external view returns (address);
    /// @notice Every base token ever listed, in listing order.
    function bases() external view returns (address[] memory);
    /// @notice The stored pair of `base` (a zero feed means not listed).
    function pair(address base) external view returns (Pair memory);
    /// @notice Shares held by `provider`.
    function sharesOf(address provider) external view returns (uint256);
    /// @notice Shares outstanding.
    function totalShares() external view returns (uint256);
    /// @notice The pool's holdings valued at the feed rates, in the numeraire scaled to 18 decimals.
    function totalValue() external view returns (uint256);

    // ------------------------------------------------------------------ admin

    /// @notice Lists `base` or changes its pair (owner). The spread can never exceed `MAX_SPREAD_BPS`.
    function setPair(address base, PairConfig calldata config) external;
}
