// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ILoyaltyPoints
/// @notice Closed-loop loyalty points: an ERC-1155 whose token id is the merchant id. Only the
/// escrow mints (on capture) and burns (on redemption at checkout and on refund); holders
/// cannot transfer points to each other.
interface ILoyaltyPoints {
    /// @notice Thrown when anyone but the escrow tries to mint or burn.
    error NotEscrow(address caller);

    /// @notice Thrown when a holder tries to move points to another account.
    error PointsNotTransferable(address from, address to);

    /// @notice The escrow allowed to mint and burn.
    function escrow() external view returns (address);

    /// @notice Credits `amount` points of `merchantId` to `to` (escrow only).
    function mint(address to, uint256 merchantId, uint256 amount) external;

    /// @notice Burns exactly `amount` points of `merchantId` held by `from` (escrow only); reverts
    /// with `ERC1155InsufficientBalance` when `from` holds fewer.
    function burn(address from, uint256 merchantId, uint256 amount) external;
}
