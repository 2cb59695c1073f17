// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";

/// @notice Makes many real escrow payments per transaction, for the audit benchmark (`npm run bench:audit`):
/// it is both a payer and a registered merchant (owner and payout), so it may authorize, charge and refund
/// its own payments. Benchmarks only.
contract BatchPayments {
    /// @notice The escrow the payments go through.
    IPaymentEscrow public immutable escrow;
    /// @notice The settlement token paid with.
    IERC20 public immutable token;
    /// @notice This contract's merchant id at the escrow (0 until `register`).
    uint256 public merchantId;

    /// @notice Thrown when `pay` is called before `register`.
    error NotRegistered();

    /// @param escrow_ The escrow.
    /// @param token_ A settlement token the escrow allows.
    constructor(IPaymentEscrow escrow_, IERC20 token_) {
        escrow = escrow_;
        token = token_;
        // Charges pull from this contract and refunds are paid from it: the escrow may take any amount.
        token_.approve(address(escrow_), type(uint256).max);
    }

    /// @notice Registers this contract as a merchant settling in `token`, paid out to itself, without loyalty points.
    function register() external {
        merchantId = escrow.registerMerchant(address(this), address(token), address(0), 0);
    }

    /// @notice Makes `count` payments of `amount` with salts `firstSalt`, `firstSalt + 1`, …: a salt ending in 0
    /// is charged then half refunded, one ending in 1 or 2 only authorized, every other one charged.
    /// @param feeBps The merchant's fee as the escrow discloses it (the terms must repeat it).
    function pay(uint256 firstSalt, uint256 count, uint256 amount, uint16 feeBps) external {
        if (merchantId == 0) revert NotRegistered();
        IPaymentEscrow.Discount memory none;
        for (uint256 salt = firstSalt; salt < firstSalt + count; ++salt) {
            IPaymentEscrow.PaymentTerms memory terms = IPaymentEscrow.PaymentTerms({
                merchantId: merchantId,
                payer: address(this),
                token: address(token),
                amount: amount,
                feeBps: feeBps,
                authorizationExpiry: 4_000_000_000,
                refundDeadline: 4_000_000_001,
                orderRef: bytes32(salt),
                lineItemsHash: keccak256(abi.encode(salt)),
                salt: salt
            });
            uint256 kind = salt % 10;
            if (kind == 1 || kind == 2) {
                escrow.authorize(terms, none);
            } else {
                escrow.charge(terms, none);
                if (kind == 0) escrow.refund(terms, amount / 2);
            }
        }
    }
}
