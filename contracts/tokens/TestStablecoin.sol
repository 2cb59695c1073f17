// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC3009} from "@openzeppelin/contracts/token/ERC20/extensions/draft-ERC3009.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title TestStablecoin
/// @notice A USDC-like stablecoin for development and tests only: 6 decimals, EIP-2612 permit,
/// EIP-3009 transfer/receive/cancel authorization, a minter role, pause and a blacklist, so the
/// escrow's behaviour under a paused token or a blocked account can be exercised for real.
/// @dev Never deploy this as money: the admin can mint, freeze and pause at will.
contract TestStablecoin is ERC20, ERC20Permit, ERC3009, AccessControl, Pausable {
    /// @notice Role allowed to mint new tokens.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @notice Role allowed to pause and unpause transfers.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Role allowed to block and unblock accounts.
    bytes32 public constant BLACKLISTER_ROLE = keccak256("BLACKLISTER_ROLE");

    mapping(address account => bool blocked) private _blacklisted;

    /// @notice Thrown when a transfer, mint or burn involves a blacklisted account.
    error AccountBlacklisted(address account);

    /// @notice Emitted when `account` is blocked (`blocked = true`) or unblocked.
    event BlacklistUpdated(address indexed account, bool blocked);

    /// @param name_ Token name, also the EIP-712 domain name of permit and EIP-3009 signatures.
    /// @param symbol_ Token symbol.
    /// @param admin Receives the admin, minter, pauser and blacklister roles.
    constructor(string memory name_, string memory symbol_, address admin) ERC20(name_, symbol_) ERC20Permit(name_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        _grantRole(BLACKLISTER_ROLE, admin);
    }

    /// @notice Six decimals, like USDC and EURC.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Creates `amount` tokens for `to` (minter only).
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @notice Stops every transfer, mint and burn (pauser only).
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes transfers (pauser only).
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @notice Blocks (`blocked = true`) or unblocks `account` from sending and receiving (blacklister only).
    function setBlacklisted(address account, bool blocked) external onlyRole(BLACKLISTER_ROLE) {
        _blacklisted[account] = blocked;
        emit BlacklistUpdated(account, blocked);
    }

    /// @notice Whether `account` is blocked from sending and receiving.
    function isBlacklisted(address account) external view returns (bool) {
        return _blacklisted[account];
    }

    /// @dev Every balance change (transfer, transferFrom, EIP-3009, mint, burn) passes here, so
    /// pause and blacklist cannot be bypassed by any entry point.
    function _update(address from, address to, uint256 value) internal override whenNotPaused {
        if (_blacklisted[from]) revert AccountBlacklisted(from);
        if (_blacklisted[to]) revert AccountBlacklisted(to);
        super._update(from, to, value);
    }
}
