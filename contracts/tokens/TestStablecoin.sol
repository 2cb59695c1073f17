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
///
/// Storage: like USDC v2.2, an account's balance and its blacklist flag share one slot (bit 255 = blocked,
/// bits 0-254 = balance), so a transfer reads one slot per party instead of two — the checks a
/// blacklisting stablecoin must make cost no extra storage reads. OpenZeppelin's own balance and supply
/// slots are therefore unused: `balanceOf`, `totalSupply` and `_update` read and write `_accounts` and
/// `_supply`; everything else (allowances, permit, EIP-3009, `_transfer`/`_mint`/`_burn` checks) is
/// OpenZeppelin's, and all of it moves balances only through `_update`.
contract TestStablecoin is ERC20, ERC20Permit, ERC3009, AccessControl, Pausable {
    /// @notice Role allowed to mint new tokens.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @notice Role allowed to pause and unpause transfers.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Role allowed to block and unblock accounts.
    bytes32 public constant BLACKLISTER_ROLE = keccak256("BLACKLISTER_ROLE");

    /// @notice Largest total supply: a balance never exceeds it, so it never reaches the blacklist bit.
    uint256 public constant MAX_SUPPLY = _BLOCKED - 1;

    uint256 private constant _BLOCKED = 1 << 255;

    /// @dev Bit 255: the account is blacklisted; bits 0-254: its balance.
    mapping(address account => uint256 balanceAndBlocked) private _accounts;
    uint256 private _supply;

    /// @notice Thrown when a transfer, mint or burn involves a blacklisted account.
    error AccountBlacklisted(address account);

    /// @notice Thrown when a mint would raise the total supply above `MAX_SUPPLY`.
    error SupplyCapExceeded(uint256 supply, uint256 maxSupply);

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
        uint256 state = _accounts[account];
        _accounts[account] = blocked ? state | _BLOCKED : state & ~_BLOCKED;
        emit BlacklistUpdated(account, blocked);
    }

    /// @notice Whether `account` is blocked from sending and receiving.
    function isBlacklisted(address account) external view returns (bool) {
        return _accounts[account] & _BLOCKED != 0;
    }

    /// @inheritdoc ERC20
    function balanceOf(address account) public view override returns (uint256) {
        return _accounts[account] & ~_BLOCKED;
    }

    /// @inheritdoc ERC20
    function totalSupply() public view override returns (uint256) {
        return _supply;
    }

    /// @dev Every balance change (transfer, transferFrom, EIP-3009, mint, burn) passes here, so
    /// pause and blacklist cannot be bypassed by any entry point. Same effects and errors as
    /// OpenZeppelin's `ERC20._update`, on the packed slots. The sender's slot is re-read for the
    /// receiver, so a transfer to oneself leaves the balance unchanged.
    function _update(address from, address to, uint256 value) internal override whenNotPaused {
        if (from == address(0)) {
            uint256 supply = _supply + value;
            if (supply > MAX_SUPPLY) revert SupplyCapExceeded(supply, MAX_SUPPLY);
            _supply = supply;
        } else {
            uint256 state = _accounts[from];
            if (state & _BLOCKED != 0) revert AccountBlacklisted(from);
            // `state` is the balance here (flag clear).
            if (state < value) revert ERC20InsufficientBalance(from, state, value);
            // Safe: value <= balance, checked just above.
            unchecked {
                _accounts[from] = state - value;
            }
        }
        if (to == address(0)) {
            // Safe: value <= the sender's balance <= supply.
            unchecked {
                _supply -= value;
            }
        } else {
            uint256 state = _accounts[to];
            if (state & _BLOCKED != 0) revert AccountBlacklisted(to);
            // Safe: the new balance is at most the supply <= MAX_SUPPLY < 2^255, so it never carries into
            // the flag bit (which is clear here).
            unchecked {
                _accounts[to] = state + value;
            }
        }
        emit Transfer(from, to, value);
    }
}
