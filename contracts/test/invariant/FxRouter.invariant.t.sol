// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {InvariantTest} from "../base/Test.sol";
import {FxHandler} from "./handlers/FxHandler.sol";
import {TestStablecoin} from "../../tokens/TestStablecoin.sol";

/// @notice Properties of the router (and the cross-currency payments through it) that hold after any
/// sequence of handler actions.
/// forge-config: default.invariant.runs = 256
/// forge-config: default.invariant.depth = 50
contract FxRouterInvariantTest is InvariantTest {
    FxHandler internal handler;

    function setUp() public {
        vm.warp(1_750_000_000);
        handler = new FxHandler();
        targetContract(address(handler));
    }

    /// (1) Pool solvency: for each token, the router holds at least what all shares can withdraw, and the
    /// shares outstanding are exactly the providers' shares.
    function invariant_poolHoldsWhatSharesCanWithdraw() public view {
        uint256 outstanding = handler.router().totalShares() + 1e6;
        uint256 held;
        for (uint256 p; p < 3; ++p) {
            held += handler.router().sharesOf(handler.providers(p));
        }
        assertEq(held, handler.router().totalShares(), "shares outstanding = providers' shares");
        TestStablecoin[2] memory tokens = [handler.usdc(), handler.eurc()];
        for (uint256 t; t < 2; ++t) {
            uint256 balance = tokens[t].balanceOf(address(handler.router()));
            uint256 withdrawable;
            for (uint256 p; p < 3; ++p) {
                withdrawable += Math.mulDiv(balance, handler.router().sharesOf(handler.providers(p)), outstanding);
            }
            assertLe(withdrawable, balance, "withdrawable <= held");
        }
    }

    /// (2) A payer never pays above the maximum it signed, and always receives exactly the amount out.
    function invariant_payerNeverAboveSignedMaximum() public view {
        assertEq(handler.aboveSignedMaximum(), 0, "paid above the signed maximum");
        assertEq(handler.payerNotPaidExactly(), 0, "received other than the exact amount out");
    }

    /// (3) The merchant receives exactly the invoiced amount: charged invoices paid out net of the fee, and
    /// the escrow holds exactly the authorized ones.
    function invariant_merchantReceivesExactlyTheInvoice() public view {
        assertEq(handler.merchantNotPaidExactly(), 0, "merchant paid other than the invoice");
        assertEq(handler.eurc().balanceOf(address(handler.escrow())), handler.escrowedEur(), "escrow = authorized");
    }

    /// (4) The spread accrues only to providers: the pool's balances move only by each conversion's amounts,
    /// and at an unchanged rate no conversion, deposit or withdrawal lowers the value of a share.
    function invariant_spreadOnlyAccruesToProviders() public view {
        assertEq(handler.poolMovedOtherThanConverted(), 0, "pool moved other than converted");
        assertEq(handler.sharePriceDrops(), 0, "value of a share dropped");
    }
}
