// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {ERC1155Supply} from "@openzeppelin/contracts/token/ERC1155/extensions/ERC1155Supply.sol";
import {ILoyaltyPoints} from "../interfaces/ILoyaltyPoints.sol";

/// @title LoyaltyPoints
/// @notice Paykey loyalty points: one ERC-1155 token id per merchant (id = merchant id), minted by
/// the escrow on capture at the merchant's loyalty rate, burned when the payer redeems them at
/// checkout and when a payment is refunded. Points are closed-loop: they never move between holders.
/// @dev Mints and burns emit ERC-1155 `TransferSingle` (from/to the zero address), which every
/// ERC-1155 indexer already understands; the escrow's payment events carry the same numbers next
/// to the payment id (`pointsRedeemed`, `pointsMinted`, `pointsBurned`), so no separate points
/// events are needed. Supply per merchant is tracked by `ERC1155Supply` and always equals the sum
/// of balances, because only mint and burn change balances.
contract LoyaltyPoints is ERC1155Supply, ILoyaltyPoints {
    /// @inheritdoc ILoyaltyPoints
    address public immutable escrow;

    /// @param uri_ ERC-1155 metadata URI template (`{id}` is the merchant id in hex).
    /// @dev Deployed by the escrow itself in its constructor, so the escrow address is immutable
    /// here and there is no window in which points exist without their only minter.
    constructor(string memory uri_) ERC1155(uri_) {
        escrow = msg.sender;
    }

    modifier onlyEscrow() {
        if (msg.sender != escrow) revert NotEscrow(msg.sender);
        _;
    }

    /// @inheritdoc ILoyaltyPoints
    function mint(address to, uint256 merchantId, uint256 amount) external onlyEscrow {
        _mint(to, merchantId, amount, "");
    }

    /// @inheritdoc ILoyaltyPoints
    function burn(address from, uint256 merchantId, uint256 amount) external onlyEscrow {
        _burn(from, merchantId, amount);
    }

    /// @dev Blocks every holder-to-holder movement (`safeTransferFrom`, `safeBatchTransferFrom`):
    /// only mints (from zero) and burns (to zero) pass.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        override
    {
        if (from != address(0) && to != address(0)) revert PointsNotTransferable(from, to);
        super._update(from, to, ids, values);
    }

    /// @dev Skips the ERC-1155 receiver hook on purpose. The hook exists so that transferable tokens
    /// do not get stuck in contracts that cannot move them; points never move, so that reason does
    /// not apply. Calling it would hand the payer a callback in the middle of the merchant's capture
    /// or refund, and a payer contract whose hook reverts (or burns gas) could block the merchant from
    /// capturing its own payment. Mints therefore credit any account, EOA or contract, unconditionally.
    function _updateWithAcceptanceCheck(
        address from,
        address to,
        uint256[] memory ids,
        uint256[] memory values,
        bytes memory,
        bool
    ) internal override {
        _update(from, to, ids, values);
    }
}
