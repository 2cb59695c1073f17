// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC3009} from "@openzeppelin/contracts/token/ERC20/extensions/draft-ERC3009.sol";

/// @notice A stablecoin without pause or blacklist (OpenZeppelin ERC-20 + permit + EIP-3009, open
/// mint): the token shape of base/commerce-payments' gas benchmark, so escrow gas can be compared
/// like for like. Tests and benchmarks only.
contract PlainStablecoin is ERC20, ERC20Permit, ERC3009 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) ERC20Permit(name_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
