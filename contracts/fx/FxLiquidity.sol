// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IFxRouter} from "../interfaces/IFxRouter.sol";
import {FxPairs} from "./FxPairs.sol";

/// @title FxLiquidity
/// @notice The router's liquidity pool: one pool over the numeraire and every listed base token, whose
/// reserves are simply the router's token balances. Providers deposit any listed token for shares
/// valued at the feed rates, and withdraw their pro-rata part of every token the pool holds.
///
/// Rounding is always in the pool's favour: shares minted round down, amounts withdrawn round down. A
/// deposit of a base token is valued at the feed rate less its pair's spread — what the pool would
/// charge to take it in a conversion — so a depositor cannot use a feed that lags the market by less
/// than the spread to buy shares cheaply from the providers already in. Shares use OpenZeppelin
/// ERC-4626's virtual offset (`_VIRTUAL_SHARES` shares and one unit of value that belong to nobody), so
/// a first depositor cannot inflate the share price to round a later deposit down to nothing.
///
/// A withdrawal reads no feed and is never paused: a provider can always leave, even when a feed is
/// stale or conversions are paused. In-kind pro-rata withdrawal also needs no slippage bound: a
/// conversion between submission and execution only raises the pool's value at the feed rate.
abstract contract FxLiquidity is FxPairs, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Shares that belong to nobody (10^6, OpenZeppelin ERC-4626's offset of 6 decimals).
    uint256 private constant _VIRTUAL_SHARES = 1e6;

    mapping(address provider => uint256 shares) private _shares;
    uint256 private _totalShares;

    /// @inheritdoc IFxRouter
    function deposit(address token, uint256 amount, uint256 minShares) external nonReentrant returns (uint256 shares) {
        // Check: value the deposit and the pool at the feed rates.
        if (amount == 0) revert ZeroAmount();
        uint256 value;
        if (token == _NUMERAIRE) {
            value = _numeraireValue(amount);
        } else {
            Pair memory p = _pairs[token];
            if (address(p.feed) == address(0)) revert PairNotFound(token, _NUMERAIRE);
            if (!p.enabled) revert PairDisabled(token);
            (, uint256 rate,) = _readFeed(p);
            value = _baseValue(p, amount, rate, p.spreadBps);
        }
        shares = Math.mulDiv(value, _totalShares + _VIRTUAL_SHARES, _poolValue() + 1);
        if (shares == 0 || shares < minShares) revert SharesBelowMinimum(shares, minShares);

        // Update
        _shares[msg.sender] += shares;
        _totalShares += shares;
        emit LiquidityDeposited(msg.sender, token, amount, value, shares);

        // Transfer, measured: the shares were priced for `amount`, so a token that delivers less is refused.
        IERC20 asset = IERC20(token);
        uint256 balanceBefore = asset.balanceOf(address(this));
        asset.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = asset.balanceOf(address(this)) - balanceBefore;
        if (received < amount) revert TransferShortfall(token, amount, received);
    }

    /// @inheritdoc IFxRouter
    function withdraw(uint256 shares) external nonReentrant returns (address[] memory tokens, uint256[] memory amounts) {
        // Check
        if (shares == 0) revert ZeroAmount();
        uint256 held = _shares[msg.sender];
        if (shares > held) revert InsufficientShares(msg.sender, held, shares);
        uint256 outstanding = _totalShares + _VIRTUAL_SHARES;
        tokens = _poolTokens();
        amounts = new uint256[](tokens.length);
        for (uint256 i; i < tokens.length; ++i) {
            amounts[i] = Math.mulDiv(IERC20(tokens[i]).balanceOf(address(this)), shares, outstanding);
        }

        // Update. Cannot underflow: shares ≤ held ≤ total.
        unchecked {
            _shares[msg.sender] = held - shares;
            _totalShares -= shares;
        }
        emit LiquidityWithdrawn(msg.sender, shares, tokens, amounts);

        // Transfer
        for (uint256 i; i < tokens.length; ++i) {
            if (amounts[i] != 0) IERC20(tokens[i]).safeTransfer(msg.sender, amounts[i]);
        }
    }

    /// @inheritdoc IFxRouter
    function sharesOf(address provider) external view returns (uint256) {
        return _shares[provider];
    }

    /// @inheritdoc IFxRouter
    function totalShares() external view returns (uint256) {
        return _totalShares;
    }

    /// @inheritdoc IFxRouter
    /// @dev Reverts like a conversion when the feed of a pair the pool holds is stale or out of band.
    function totalValue() external view returns (uint256) {
        return _poolValue();
    }

    /// @dev Every token the pool can hold: the numeraire, then the listed base tokens.
    function _poolTokens() private view returns (address[] memory tokens) {
        uint256 count = _bases.length;
        tokens = new address[](count + 1);
        tokens[0] = _NUMERAIRE;
        for (uint256 i; i < count; ++i) {
            tokens[i + 1] = _bases[i];
        }
    }

    /// @dev The pool's holdings at the feed rates (no spread), in the numeraire scaled to 18 decimals. A base
    /// token the pool does not hold needs no price, so an empty pair's stale feed does not block deposits.
    function _poolValue() private view returns (uint256 value) {
        value = _numeraireValue(IERC20(_NUMERAIRE).balanceOf(address(this)));
        uint256 count = _bases.length;
        for (uint256 i; i < count; ++i) {
            address base = _bases[i];
            uint256 balance = IERC20(base).balanceOf(address(this));
            if (balance == 0) continue;
            Pair memory p = _pairs[base];
            (, uint256 rate,) = _readFeed(p);
            value += _baseValue(p, balance, rate, 0);
        }
    }
}
