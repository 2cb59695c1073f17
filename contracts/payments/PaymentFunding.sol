// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC3009} from "@openzeppelin/contracts/interfaces/draft-IERC3009.sol";
import {PaymentTypedData} from "./PaymentTypedData.sol";

/// @title PaymentFunding
/// @notice How a payer's funds come into the escrow: by standing allowance, by EIP-2612 permit or by
/// EIP-3009 receive authorization, always checked by measuring the escrow's balance. `_collect` is
/// the single way in, and the seam for cross-border settlement (see its NatSpec).
abstract contract PaymentFunding is PaymentTypedData {
    using SafeERC20 for IERC20;

    /// @dev How the payer's funds reach the escrow.
    enum FundingMethod {
        Allowance,
        Permit,
        ReceiveAuthorization
    }

    /// @dev Signature material of a permit (`deadline`) or an EIP-3009 authorization (`validAfter`,
    /// `deadline` = validBefore, `nonce`), carried in memory to keep the stack small.
    struct Funding {
        /// @dev Allowance, permit or EIP-3009 receive authorization.
        FundingMethod method;
        /// @dev EIP-3009 `validAfter` (unused otherwise).
        uint256 validAfter;
        /// @dev Permit deadline or EIP-3009 `validBefore`.
        uint256 deadline;
        /// @dev EIP-3009 nonce, `authorizationNonce(terms, discount)`.
        bytes32 nonce;
        /// @dev Signature of the permit or the EIP-3009 authorization.
        uint8 v;
        /// @dev Signature of the permit or the EIP-3009 authorization.
        bytes32 r;
        /// @dev Signature of the permit or the EIP-3009 authorization.
        bytes32 s;
    }

    /// @notice Moves `amount` of the payer's funds into the escrow, in `terms.token`.
    /// @dev The cross-border seam. The escrow always holds the merchant's settlement token, and this
    /// is the only place funds come in. A later FxRouter-aware escrow overrides this function to pull
    /// the payer's own token instead and convert it into exactly `amount` of `terms.token` (the
    /// payer signing a maximum input); everything after it (capture, void, reclaim, refund) then
    /// works unchanged on settlement-token amounts. An override must keep the guarantee checked
    /// here: the escrow's balance of `terms.token` grows by at least `amount`.
    function _collect(PaymentTerms calldata terms, uint256 amount, Funding memory funding) internal virtual {
        IERC20 token = IERC20(terms.token);
        uint256 balanceBefore = token.balanceOf(address(this));
        if (funding.method == FundingMethod.ReceiveAuthorization) {
            IERC3009(address(token)).receiveWithAuthorization(
                terms.payer, address(this), amount, funding.validAfter, funding.deadline, funding.nonce, funding.v,
                funding.r, funding.s
            );
        } else {
            if (funding.method == FundingMethod.Permit) {
                // A failed permit (already used by a front-runner, or unsupported) must not block a
                // payer whose allowance is already in place; the pull below fails if it is not.
                try IERC20Permit(address(token)).permit(
                    terms.payer, address(this), amount, funding.deadline, funding.v, funding.r, funding.s
                ) {} catch {}
            }
            token.safeTransferFrom(terms.payer, address(this), amount);
        }
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received < amount) revert TransferShortfall(address(token), amount, received);
    }

    /// @dev Funding by the payer's standing allowance (no signature material).
    function _allowanceFunding() internal pure returns (Funding memory funding) {}

    /// @dev Funding by an EIP-3009 receive authorization whose nonce binds `terms` and `discount`.
    function _receiveFunding(
        PaymentTerms calldata terms,
        Discount calldata discount,
        uint256 validAfter,
        uint256 validBefore,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) internal view returns (Funding memory) {
        bytes32 nonce = authorizationNonce(terms, discount);
        return Funding(FundingMethod.ReceiveAuthorization, validAfter, validBefore, nonce, v, r, s);
    }
}
