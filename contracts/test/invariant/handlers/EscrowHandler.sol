// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "../../base/Test.sol";
import {Vm} from "../../base/Vm.sol";
import {PaymentEscrow} from "../../../payments/PaymentEscrow.sol";
import {LoyaltyPoints} from "../../../loyalty/LoyaltyPoints.sol";
import {TestStablecoin} from "../../../tokens/TestStablecoin.sol";
import {IPaymentEscrow} from "../../../interfaces/IPaymentEscrow.sol";

/// @notice Drives the escrow through random but valid call sequences (authorize, charge, capture,
/// void, reclaim, refund, points redemption, time passing, fee and loyalty changes) for two
/// merchants settling in two tokens and three payers. Keeps ghost totals per payment and checks
/// every token Transfer each action causes against the parties allowed to receive money.
contract EscrowHandler is Test {
    bytes32 private constant TRANSFER_TOPIC = keccak256("Transfer(address,address,uint256)");

    /// @notice What the handler did to a payment, independently of the escrow's own bookkeeping.
    struct Ghost {
        uint256 authorized;
        uint256 captured;
        uint256 refunded;
        uint256 released;
    }

    PaymentEscrow public escrow;
    LoyaltyPoints public points;
    address public platform;
    address[2] public feeReceivers;
    TestStablecoin[2] public tokens;
    uint256[2] public merchantIds;
    address[2] public merchantOwners;
    address[2] public payouts;
    address[3] public payers;

    IPaymentEscrow.PaymentTerms[] internal _payments;
    mapping(bytes32 paymentId => Ghost) public ghost;
    uint256 public unexpectedRecipients;
    address public lastUnexpectedRecipient;
    mapping(bytes4 action => uint256 count) public calls;
    uint256 private _salt;

    constructor() {
        platform = makeAddr("platform");
        feeReceivers = [makeAddr("feeReceiverA"), makeAddr("feeReceiverB")];
        escrow = new PaymentEscrow(platform, 100, feeReceivers[0], "");
        points = LoyaltyPoints(escrow.loyaltyPoints());
        tokens = [new TestStablecoin("Paykey Test USD", "tUSDC", address(this)), new TestStablecoin("Paykey Test EUR", "tEURC", address(this))];
        merchantOwners = [makeAddr("shopOwnerA"), makeAddr("shopOwnerB")];
        payouts = [makeAddr("shopPayoutA"), makeAddr("shopPayoutB")];
        payers = [makeAddr("payer0"), makeAddr("payer1"), makeAddr("payer2")];
        for (uint256 i; i < 2; ++i) {
            vm.prank(platform);
            escrow.setTokenAllowed(address(tokens[i]), true);
            vm.prank(merchantOwners[i]);
            merchantIds[i] = escrow.registerMerchant(payouts[i], address(tokens[i]), address(0), uint16(100 * (i + 1)));
            tokens[i].mint(merchantOwners[i], 1e30);
            vm.prank(merchantOwners[i]);
            tokens[i].approve(address(escrow), type(uint256).max);
            for (uint256 j; j < 3; ++j) {
                tokens[i].mint(payers[j], 1e30);
                vm.prank(payers[j]);
                tokens[i].approve(address(escrow), type(uint256).max);
            }
        }
    }

    // ---------------------------------------------------------------- actions

    function authorize(uint256 payerSeed, uint256 shopSeed, uint256 amount, uint256 pointSeed, uint256 window, bool chargeNow)
        external
    {
        if (escrow.paused()) return;
        uint256 shop = shopSeed % 2;
        address payer = payers[payerSeed % 3];
        IPaymentEscrow.PaymentTerms memory terms = IPaymentEscrow.PaymentTerms({
            merchantId: merchantIds[shop],
            payer: payer,
            token: address(tokens[shop]),
            amount: bound(amount, 2, 1e15),
            feeBps: escrow.merchant(merchantIds[shop]).feeBps,
            authorizationExpiry: uint48(block.timestamp + bound(window, 1, 3 days)),
            refundDeadline: uint48(block.timestamp + bound(window, 1, 3 days) + 5 days),
            orderRef: bytes32(++_salt),
            lineItemsHash: keccak256(abi.encode(_salt)),
            salt: _salt
        });
        IPaymentEscrow.Discount memory discount;
        uint256 held = points.balanceOf(payer, terms.merchantId);
        if (held != 0 && pointSeed % 2 == 0) discount.points = bound(pointSeed, 1, _min(held, terms.amount - 1));

        _startWatch();
        vm.prank(payer);
        bytes32 paymentId = chargeNow ? escrow.charge(terms, discount) : escrow.authorize(terms, discount);
        _endWatch(terms);

        uint256 paid = terms.amount - discount.points;
        _payments.push(terms);
        ghost[paymentId].authorized = paid;
        if (chargeNow) ghost[paymentId].captured = paid;
        calls[this.authorize.selector]++;
    }

    function capture(uint256 paymentSeed, uint256 amount, bool byOperatorOwner) external {
        (IPaymentEscrow.PaymentTerms memory terms, bytes32 paymentId, bool found) = _pick(paymentSeed);
        (, uint120 capturable,) = escrow.paymentState(paymentId);
        if (!found || capturable == 0 || block.timestamp > terms.authorizationExpiry) return;
        amount = bound(amount, 1, capturable);
        _startWatch();
        vm.prank(byOperatorOwner ? escrow.merchant(terms.merchantId).owner : address(0));
        if (!byOperatorOwner) {
            // Anyone else must be refused; nothing may move.
            vm.expectRevert();
        }
        escrow.capture(terms, amount);
        _endWatch(terms);
        if (byOperatorOwner) ghost[paymentId].captured += amount;
        calls[this.capture.selector]++;
    }

    function voidPayment(uint256 paymentSeed) external {
        (IPaymentEscrow.PaymentTerms memory terms, bytes32 paymentId, bool found) = _pick(paymentSeed);
        (, uint120 capturable,) = escrow.paymentState(paymentId);
        if (!found || capturable == 0) return;
        _startWatch();
        vm.prank(escrow.merchant(terms.merchantId).owner);
        escrow.void(terms);
        _endWatch(terms);
        ghost[paymentId].released += capturable;
        calls[this.voidPayment.selector]++;
    }

    function reclaim(uint256 paymentSeed) external {
        (IPaymentEscrow.PaymentTerms memory terms, bytes32 paymentId, bool found) = _pick(paymentSeed);
        (, uint120 capturable,) = escrow.paymentState(paymentId);
        if (!found || capturable == 0) return;
        if (block.timestamp <= terms.authorizationExpiry) vm.warp(uint256(terms.authorizationExpiry) + 1);
        _startWatch();
        vm.prank(terms.payer);
        escrow.reclaim(terms);
        _endWatch(terms);
        ghost[paymentId].released += capturable;
        calls[this.reclaim.selector]++;
    }

    function refund(uint256 paymentSeed, uint256 amount) external {
        (IPaymentEscrow.PaymentTerms memory terms, bytes32 paymentId, bool found) = _pick(paymentSeed);
        (,, uint120 refundable) = escrow.paymentState(paymentId);
        if (!found || refundable == 0 || block.timestamp > terms.refundDeadline) return;
        amount = bound(amount, 1, refundable);
        _startWatch();
        vm.prank(escrow.merchant(terms.merchantId).owner);
        escrow.refund(terms, amount);
        _endWatch(terms);
        ghost[paymentId].refunded += amount;
        calls[this.refund.selector]++;
    }

    function passTime(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 days));
    }

    function setLoyaltyRate(uint256 shopSeed, uint16 loyaltyBps) external {
        uint256 shop = shopSeed % 2;
        vm.prank(merchantOwners[shop]);
        escrow.updateMerchant(
            merchantIds[shop], payouts[shop], address(tokens[shop]), address(0), uint16(bound(loyaltyBps, 0, 10_000))
        );
    }

    function setFee(uint256 shopSeed, uint16 feeBps, bool otherReceiver) external {
        vm.prank(platform);
        escrow.setMerchantFee(
            merchantIds[shopSeed % 2], uint16(bound(feeBps, 0, 1_000)), feeReceivers[otherReceiver ? 1 : 0]
        );
    }

    function togglePause() external {
        vm.prank(platform);
        if (escrow.paused()) escrow.unpause();
        else escrow.pause();
    }

    // ---------------------------------------------------------------- views for the invariants

    function paymentCount() external view returns (uint256) {
        return _payments.length;
    }

    function paymentAt(uint256 index) external view returns (IPaymentEscrow.PaymentTerms memory) {
        return _payments[index];
    }

    // ---------------------------------------------------------------- internal

    function _pick(uint256 seed) private view returns (IPaymentEscrow.PaymentTerms memory terms, bytes32 id, bool found) {
        if (_payments.length == 0) return (terms, id, false);
        terms = _payments[seed % _payments.length];
        return (terms, escrow.getPaymentId(terms), true);
    }

    function _startWatch() private {
        vm.recordLogs();
    }

    /// @dev Every token Transfer caused by the action must go to the escrow (funds coming in), the
    /// payment's payer, the merchant's payout address or the merchant's fee receiver.
    function _endWatch(IPaymentEscrow.PaymentTerms memory terms) private {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        IPaymentEscrow.Merchant memory shop = escrow.merchant(terms.merchantId);
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length != 3 || logs[i].topics[0] != TRANSFER_TOPIC) continue;
            if (logs[i].emitter != address(tokens[0]) && logs[i].emitter != address(tokens[1])) continue;
            address to = address(uint160(uint256(logs[i].topics[2])));
            if (to != address(escrow) && to != terms.payer && to != shop.payout && to != shop.feeReceiver) {
                unexpectedRecipients++;
                lastUnexpectedRecipient = to;
            }
        }
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
