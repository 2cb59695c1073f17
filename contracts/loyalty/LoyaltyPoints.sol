// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {ILoyaltyPoints} from "../interfaces/ILoyaltyPoints.sol";

/// @title LoyaltyPoints
/// @notice Paykey loyalty points: one ERC-1155 token id per merchant (id = merchant id), minted by
/// the escrow on capture at the merchant's loyalty rate, burned when the payer redeems them at
/// checkout and when a payment is refunded. Points are closed-loop: they never move between holders.
/// @dev Mints and burns emit ERC-1155 `TransferSingle` (from/to the zero address), which every
/// ERC-1155 indexer already understands; the escrow's payment events carry the same numbers next
/// to the payment id (`pointsRedeemed`, `pointsMinted`, `pointsBurned`), so no separate points
/// events are needed. Supply per merchant (the merchant's outstanding points) is tracked here and
/// always equals the sum of balances, because only mint and burn change balances.
///
/// Why not OpenZeppelin's `ERC1155Supply`: besides the supply per id it keeps a grand total over all
/// ids, one more storage slot read and written by every mint and burn (~5k gas per capture that
/// earns points, per refund that burns them and per checkout that redeems them). Points of different
/// merchants are not fungible, so their grand total means nothing and is not kept.
contract LoyaltyPoints is ERC1155, ILoyaltyPoints {
    /// @inheritdoc ILoyaltyPoints
    address public immutable escrow;

    mapping(uint256 merchantId => uint256 supply) private _supply;

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

    /// @notice Points of `merchantId` outstanding: the sum of every holder's balance.
    function totalSupply(uint256 merchantId) external view returns (uint256) {
        return _supply[merchantId];
    }

    /// @notice Whether any points of `merchantId` are outstanding.
    function exists(uint256 merchantId) external view returns (bool) {
        return _supply[merchantId] != 0;
    }

    /// @dev Blocks every holder-to-holder movement (`safeTransferFrom`, `safeBatchTransferFrom`):
    /// only mints (from zero) and burns (to zero) pass, and each moves the merchant's supply with it.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        override
    {
        if (from != address(0) && to != address(0)) revert PointsNotTransferable(from, to);
        super._update(from, to, ids, values);
        for (uint256 i = 0; i < ids.length; ++i) {
            if (from == address(0)) {
                // Checked: every balance is at most the supply, so the supply must not overflow.
                _supply[ids[i]] += values[i];
            } else {
                // Safe: the burn above succeeded, so values[i] <= balance <= supply.
                unchecked {
                    _supply[ids[i]] -= values[i];
                }
            }
        }
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
