// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

/// @notice Makes a sequence of calls as one account (like an ERC-7821 batch) and measures the gas of one of
/// them with `gasleft()` around the call: what that call adds to a batch, cold accesses included (every
/// contract and slot the earlier calls did not touch is cold, as in a fresh transaction). For benchmarks.
contract CallGasProbe {
    /// @notice One call of the sequence.
    struct Call {
        address target;
        bytes data;
    }

    /// @notice Emitted with the gas the measured call used.
    event Measured(uint256 index, uint256 gasUsed);

    /// @notice Thrown when a call of the sequence reverts, with its revert data.
    error CallFailed(uint256 index, bytes reason);

    /// @notice Runs `calls` in order and emits the gas of `calls[measured]`.
    function run(Call[] calldata calls, uint256 measured) external returns (uint256 gasUsed) {
        for (uint256 i; i < calls.length; ++i) {
            uint256 start = gasleft();
            (bool ok, bytes memory reason) = calls[i].target.call(calls[i].data);
            uint256 used = start - gasleft();
            if (!ok) revert CallFailed(i, reason);
            if (i == measured) gasUsed = used;
        }
        emit Measured(measured, gasUsed);
    }
}
