// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A malicious token: once armed, its next balance change calls `target` with `callData`
/// (re-entering the escrow mid-operation) and records how that call ended.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public callData;
    bool public armed;
    bool public attempted;
    bool public reentrySucceeded;
    bytes public reentryRevertData;

    constructor() ERC20("Reentrant", "REE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata callData_) external {
        (target, callData, armed) = (target_, callData_, true);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (!armed) return;
        armed = false;
        attempted = true;
        (bool ok, bytes memory returned) = target.call(callData);
        reentrySucceeded = ok;
        reentryRevertData = returned;
    }
}
