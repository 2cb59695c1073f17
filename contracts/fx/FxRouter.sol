// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IFxRouter} from "../interfaces/IFxRouter.sol";
import {FxPairs} from "./FxPairs.sol";
import {FxLiquidity} from "./FxLiquidity.sol";

/// @title FxRouter
/// @notice Cross-border settlement for Paykey: a payer holding one stablecoin pays a merchant who settles
/// in another. The router converts exact-out at a Chainlink-shaped feed rate plus the pair's public
/// spread, from the providers' pool (see `FxLiquidity`), and emits one `Converted` receipt per conversion.
///
/// Where the conversion lives: a call in the payer's own ERC-7821 batch, not inside the escrow. A
/// cross-currency payment is one user operation of four calls —
///   tokenIn.approve(router, maxAmountIn) → router.convertExactOut(…, ref = paymentId)
///   → settlementToken.approve(escrow, amount) → escrow.authorize(terms) (or charge)
/// — which runs atomically: if the conversion is refused the authorization never happens, and if the
/// authorization is refused the conversion is undone. This keeps the escrow unchanged (it only ever
/// holds the merchant's settlement token, so capture, void, reclaim and refund need no FX logic, and a
/// feed or pool problem can never block a merchant's or payer's escrowed money), keeps the payer's
/// signed maximum enforced by the router itself (`maxAmountIn`, with the quote's expiry as `deadline`),
/// and lets the two contracts be paused, audited and upgraded apart. The payment id as `ref`
/// ties the conversion receipt to the payment's receipts.
///
/// Pausing stops new conversions only; deposits and withdrawals stay open, so a pause never traps a
/// provider's funds, and a payer's funds never sit in the router.
contract FxRouter is FxLiquidity, Pausable {
    using SafeERC20 for IERC20;

    /// @param initialOwner Lists and tunes pairs, pauses conversions; can never move the pool's funds.
    /// @param numeraire_ The token every pair is quoted against (e.g. the USD stablecoin).
    constructor(address initialOwner, address numeraire_) FxPairs(initialOwner, numeraire_) {}

    // ------------------------------------------------------------------ conversions

    /// @inheritdoc IFxRouter
    /// @dev The tokens are owner-listed stablecoins, so the input is not measured by balance (a fee-on-
    /// transfer token must not be listed); the output reaches the escrow only through its own measured pull.
    function convertExactOut(
        address tokenIn,
        address tokenOut,
        uint256 amountOut,
        uint256 maxAmountIn,
        uint256 deadline,
        bytes32 ref
    ) external nonReentrant whenNotPaused returns (uint256 amountIn) {
        // Check the caller's bounds, the feed, the price and the pool.
        if (block.timestamp > deadline) revert QuoteExpired(deadline, block.timestamp);
        if (amountOut == 0) revert ZeroAmount();
        Quote memory quote = _quote(tokenIn, tokenOut, amountOut);
        amountIn = quote.amountIn;
        if (amountIn > maxAmountIn) revert MaxAmountInExceeded(amountIn, maxAmountIn);
        uint256 available = IERC20(tokenOut).balanceOf(address(this));
        if (available < amountOut) revert InsufficientLiquidity(tokenOut, available, amountOut);

        // Update: nothing to store (the pool's reserves are its balances); the receipt.
        emit Converted(
            ref, msg.sender, tokenIn, tokenOut, amountIn, amountOut, quote.rate, quote.rateDecimals,
            quote.spreadBps, quote.roundId
        );

        // Transfer: pull only from the caller, so an allowance to the router is usable by nobody else.
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        IERC20(tokenOut).safeTransfer(msg.sender, amountOut);
    }

    /// @inheritdoc IFxRouter
    function quoteExactOut(address tokenIn, address tokenOut, uint256 amountOut) external view returns (Quote memory) {
        if (amountOut == 0) revert ZeroAmount();
        return _quote(tokenIn, tokenOut, amountOut);
    }

    // ------------------------------------------------------------------ admin

    /// @notice Stops new conversions (owner). Deposits and withdrawals stay open.
    function pause() external onlyOwner {
        _pause();
    }

    /// @notice Allows conversions again (owner).
    function unpause() external onlyOwner {
        _unpause();
    }

    // ------------------------------------------------------------------ internal

    /// @dev Resolves the pair (one side must be the numeraire), reads its feed with every check, and prices
    /// the conversion.
    function _quote(address tokenIn, address tokenOut, uint256 amountOut) private view returns (Quote memory quote) {
        bool buyingBase = tokenIn == _NUMERAIRE;
        if (!buyingBase && tokenOut != _NUMERAIRE) revert PairNotFound(tokenIn, tokenOut);
        Pair memory p = _pairs[buyingBase ? tokenOut : tokenIn];
        // The numeraire is never a base, so numeraire → numeraire finds no pair either.
        if (address(p.feed) == address(0)) revert PairNotFound(tokenIn, tokenOut);
        if (!p.enabled) revert PairDisabled(buyingBase ? tokenOut : tokenIn);
        (quote.roundId, quote.rate, quote.updatedAt) = _readFeed(p);
        quote.rateDecimals = p.feedDecimals;
        quote.spreadBps = p.spreadBps;
        quote.amountIn = _amountIn(p, buyingBase, amountOut, quote.rate);
    }
}
