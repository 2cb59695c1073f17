// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {TestStablecoin} from "../../tokens/TestStablecoin.sol";

/// @notice TestStablecoin with OpenZeppelin's internal `_burn` exposed, so tests reach the burn branch of
/// its packed-balance `_update` (the token itself has no burn function). Tests only.
contract BurnableTestStablecoin is TestStablecoin {
    constructor(address admin) TestStablecoin("Burnable USD", "bUSD", admin) {}

    function burn(address from, uint256 amount) external {
        _burn(from, amount);
    }
}
