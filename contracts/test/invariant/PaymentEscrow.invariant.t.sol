// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {InvariantTest} from "../base/Test.sol";
import {EscrowHandler} from "./handlers/EscrowHandler.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";

/// @notice Properties of the escrow that hold after any sequence of handler actions.
/// forge-config: default.invariant.runs = 128
/// forge-config: default.invariant.depth = 100
contract PaymentEscrowInvariantTest is InvariantTest {
    EscrowHandler internal handler;

    function setUp() public {
        vm.warp(1_750_000_000);
        handler = new EscrowHandler();
        targetContract(address(handler));
    }

    /// (1) Per token, the escrow holds every authorized-but-uncaptured amount (exactly: nothing else
    /// is ever left in it).
    function invariant_escrowBalanceCoversUncapturedAuthorizations() public view {
        for (uint256 t; t < 2; ++t) {
            address token = address(handler.tokens(t));
            uint256 outstanding;
            for (uint256 i; i < handler.paymentCount(); ++i) {
                IPaymentEscrow.PaymentTerms memory terms = handler.paymentAt(i);
                if (terms.token != token) continue;
                (, uint120 capturable,) = handler.escrow().paymentState(handler.escrow().getPaymentId(terms));
                outstanding += capturable;
            }
            assertEq(handler.tokens(t).balanceOf(address(handler.escrow())), outstanding, "escrow balance = uncaptured");
        }
    }

    /// (2) Per payment, refunded ≤ captured ≤ authorized, and the escrow's own amounts match the ghosts.
    /// A payment is cleared only once finished: nothing left to capture or refund, after its expiry (one
    /// that became finished by its expiry passing later, after a void, stays stored: no call finished it).
    function invariant_refundedNeverExceedsCapturedNeverExceedsAuthorized() public view {
        for (uint256 i; i < handler.paymentCount(); ++i) {
            IPaymentEscrow.PaymentTerms memory terms = handler.paymentAt(i);
            bytes32 paymentId = handler.escrow().getPaymentId(terms);
            (uint256 authorized, uint256 captured, uint256 refunded, uint256 released) = handler.ghost(paymentId);
            assertLe(refunded, captured, "refunded <= captured");
            assertLe(captured + released, authorized, "captured + released <= authorized");
            (bool exists, uint120 capturable, uint120 refundable) = handler.escrow().paymentState(paymentId);
            bool finished = authorized == captured + released && captured == refunded
                && block.timestamp > terms.authorizationExpiry;
            assertTrue(exists || finished, "cleared only when finished");
            assertEq(capturable, authorized - captured - released, "capturable");
            assertEq(refundable, captured - refunded, "refundable");
        }
    }

    /// (3) Per merchant, loyalty supply equals the sum of balances (only payers ever hold points).
    function invariant_loyaltySupplyEqualsSumOfBalances() public view {
        for (uint256 m; m < 2; ++m) {
            uint256 merchantId = handler.merchantIds(m);
            uint256 sum;
            for (uint256 p; p < 3; ++p) {
                sum += handler.points().balanceOf(handler.payers(p), merchantId);
            }
            assertEq(handler.points().totalSupply(merchantId), sum, "supply = sum of balances");
        }
    }

    /// (4) No sequence of calls sends tokens to anyone but the payer, the payout address or the fee receiver.
    function invariant_fundsOnlyReachPayerPayoutOrFeeReceiver() public view {
        assertEq(handler.unexpectedRecipients(), 0, "unexpected token recipient");
    }
}
