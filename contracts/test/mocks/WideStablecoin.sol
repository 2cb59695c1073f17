// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A plain 18-decimal stablecoin (like DAI), for tests of tokens with other decimals than 6.
contract WideStablecoin is ERC20 {
    constructor() ERC20("Wide USD", "wUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
