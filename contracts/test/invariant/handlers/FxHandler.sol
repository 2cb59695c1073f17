// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "../../base/Test.sol";
import {FxRouter} from "../../../fx/FxRouter.sol";
import {ManualPriceFeed} from "../../../fx/ManualPriceFeed.sol";
import {PaymentEscrow} from "../../../payments/PaymentEscrow.sol";
import {TestStablecoin} from "../../../tokens/TestStablecoin.sol";
import {IFxRouter} from "../../../interfaces/IFxRouter.sol";
import {IPaymentEscrow} from "../../../interfaces/IPaymentEscrow.sol";

/// @notice Drives the router through random sequences of cross-currency payments (USD payer → EUR merchant,
/// authorized or charged through the escrow), plain conversions both ways, deposits and withdrawals by three
/// providers, feed moves along the band and time passing. After every action it checks what the action
/// did against independent arithmetic and counts every violation in a ghost counter the invariants read.
contract FxHandler is Test {
    uint16 internal constant FEE_BPS = 100;
    uint16 internal constant SPREAD_BPS = 25;
    uint32 internal constant MAX_AGE = 1 hours;

    FxRouter public router;
    ManualPriceFeed public feed;
    PaymentEscrow public escrow;
    TestStablecoin public usdc;
    TestStablecoin public eurc;
    address public feedOperator;
    address public merchantPayout;
    address public feeReceiver;
    uint256 public merchantId;
    address[3] public providers;
    address[3] public payers;

    // Ghosts: counts of broken promises (the invariants require zero) and the escrow's expected holding.
    uint256 public aboveSignedMaximum;
    uint256 public merchantNotPaidExactly;
    uint256 public payerNotPaidExactly;
    uint256 public sharePriceDrops;
    uint256 public poolMovedOtherThanConverted;
    uint256 public escrowedEur;
    mapping(bytes4 action => uint256 count) public calls;
    uint256 private _salt;

    /// @dev Balances before a payment.
    struct Balances {
        uint256 payerUsd;
        uint256 payerEur;
        uint256 merchantEur;
        uint256 poolUsd;
        uint256 poolEur;
    }

    /// @dev The pool's value (numeraire, 18 decimals) and shares outstanding, when the feed could value it.
    struct SharePrice {
        bool valued;
        uint256 value;
        uint256 shares;
    }

    constructor() {
        feedOperator = makeAddr("feedOperator");
        merchantPayout = makeAddr("eurShopPayout");
        feeReceiver = makeAddr("feeReceiver");
        usdc = new TestStablecoin("Paykey Test USD", "tUSDC", address(this));
        eurc = new TestStablecoin("Paykey Test EUR", "tEURC", address(this));
        feed = new ManualPriceFeed(feedOperator, 8, "EUR / USD", 108_500_000);
        router = new FxRouter(address(this), address(usdc));
        router.setPair(
            address(eurc),
            IFxRouter.PairConfig({
                feed: feed,
                spreadBps: SPREAD_BPS,
                maxAge: MAX_AGE,
                minAnswer: 50_000_000,
                maxAnswer: 200_000_000,
                enabled: true
            })
        );
        escrow = new PaymentEscrow(address(this), FEE_BPS, feeReceiver, "");
        escrow.setTokenAllowed(address(eurc), true);
        vm.prank(merchantPayout);
        merchantId = escrow.registerMerchant(merchantPayout, address(eurc), address(0), 0);

        providers = [makeAddr("provider0"), makeAddr("provider1"), makeAddr("provider2")];
        payers = [makeAddr("payer0"), makeAddr("payer1"), makeAddr("payer2")];
        for (uint256 i; i < 3; ++i) {
            _mintApproved(providers[i], usdc, 1e15);
            _mintApproved(providers[i], eurc, 1e15);
            _mintApproved(payers[i], usdc, 1e15);
        }
        vm.startPrank(providers[0]);
        router.deposit(address(usdc), 50_000e6, 0);
        router.deposit(address(eurc), 50_000e6, 0);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- actions

    /// A payer holding only USD pays a EUR invoice: approve router → convert (ref = payment id) → approve
    /// escrow → authorize or charge, with a maximum of the quote plus a random buffer.
    function payCrossCurrency(uint256 payerSeed, uint256 amount, uint256 bufferBps, bool chargeNow) external {
        IPaymentEscrow.PaymentTerms memory terms = _terms(payers[payerSeed % 3], bound(amount, 1, 5_000e6));
        (bool priced, uint256 quoted) = _quote(address(usdc), address(eurc), terms.amount);
        uint256 maxAmountIn = priced ? quoted * (10_000 + bound(bufferBps, 0, 100)) / 10_000 : 1e15;
        Balances memory before = _balances(terms.payer);

        vm.startPrank(terms.payer);
        usdc.approve(address(router), maxAmountIn);
        try router.convertExactOut(
            address(usdc), address(eurc), terms.amount, maxAmountIn, block.timestamp, escrow.getPaymentId(terms)
        ) returns (uint256 amountIn) {
            eurc.approve(address(escrow), terms.amount);
            IPaymentEscrow.Discount memory none;
            if (chargeNow) escrow.charge(terms, none);
            else escrow.authorize(terms, none);
            vm.stopPrank();
            _checkPayment(terms, before, maxAmountIn, amountIn, chargeNow);
        } catch {
            vm.stopPrank();
            // Refused (stale or broken feed, pool short): nothing moved.
            if (usdc.balanceOf(terms.payer) != before.payerUsd) aboveSignedMaximum++;
            _checkPoolMoved(before.poolUsd, before.poolEur);
        }
        calls[this.payCrossCurrency.selector]++;
    }

    /// A plain conversion either way; at an unchanged rate the value of a share never drops.
    function convert(uint256 payerSeed, uint256 amountOut, bool buyingEur) external {
        address payer = payers[payerSeed % 3];
        (TestStablecoin tokenIn, TestStablecoin tokenOut) = buyingEur ? (usdc, eurc) : (eurc, usdc);
        amountOut = bound(amountOut, 1, 20_000e6);
        if (tokenIn.balanceOf(payer) == 0) return;
        uint256 outBefore = tokenOut.balanceOf(payer);
        SharePrice memory before = _sharePrice();
        vm.startPrank(payer);
        tokenIn.approve(address(router), type(uint256).max);
        try router.convertExactOut(address(tokenIn), address(tokenOut), amountOut, type(uint256).max, block.timestamp, 0)
        {
            if (tokenOut.balanceOf(payer) - outBefore != amountOut) payerNotPaidExactly++;
        } catch {}
        vm.stopPrank();
        _checkSharePrice(before);
        calls[this.convert.selector]++;
    }

    function deposit(uint256 providerSeed, uint256 amount, bool inEur) external {
        address provider = providers[providerSeed % 3];
        amount = bound(amount, 1, 100_000e6);
        SharePrice memory before = _sharePrice();
        vm.prank(provider);
        try router.deposit(inEur ? address(eurc) : address(usdc), amount, 0) {} catch {}
        _checkSharePrice(before);
        calls[this.deposit.selector]++;
    }

    function withdraw(uint256 providerSeed, uint256 fraction) external {
        address provider = providers[providerSeed % 3];
        uint256 shares = router.sharesOf(provider) * bound(fraction, 1, 100) / 100;
        if (shares == 0) return;
        SharePrice memory before = _sharePrice();
        vm.prank(provider);
        router.withdraw(shares); // never refused: no feed, no pause
        _checkSharePrice(before);
        calls[this.withdraw.selector]++;
    }

    /// The feed moves by up to ±2% per round, clamped to the band (and sometimes leaves it).
    function moveFeed(uint256 seed) external {
        (, int256 answer,,,) = feed.latestRoundData();
        int256 step = int256(bound(seed, 0, 400)) - 200; // −2.00% … +2.00%
        int256 next = answer + answer * step / 10_000;
        if (seed % 50 == 0) next = seed % 100 == 0 ? int256(0) : int256(300_000_000); // a broken answer now and then
        vm.prank(feedOperator);
        feed.updateAnswer(next);
        calls[this.moveFeed.selector]++;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 40 minutes));
        calls[this.warp.selector]++;
    }

    // ---------------------------------------------------------------- helpers

    function _terms(address payer, uint256 amount) private returns (IPaymentEscrow.PaymentTerms memory) {
        ++_salt;
        return IPaymentEscrow.PaymentTerms({
            merchantId: merchantId,
            payer: payer,
            token: address(eurc),
            amount: amount,
            feeBps: FEE_BPS,
            authorizationExpiry: uint48(block.timestamp + 1 days),
            refundDeadline: uint48(block.timestamp + 2 days),
            orderRef: bytes32(_salt),
            lineItemsHash: keccak256(abi.encode(_salt)),
            salt: _salt
        });
    }

    function _balances(address payer) private view returns (Balances memory) {
        return Balances(
            usdc.balanceOf(payer),
            eurc.balanceOf(payer),
            eurc.balanceOf(merchantPayout),
            usdc.balanceOf(address(router)),
            eurc.balanceOf(address(router))
        );
    }

    /// @dev After a cross-currency payment: the payer paid exactly `amountIn` ≤ its maximum and kept none of the EUR,
    /// the merchant got the invoice (net of its fee when charged), the pool moved by the conversion only.
    function _checkPayment(
        IPaymentEscrow.PaymentTerms memory terms,
        Balances memory before,
        uint256 maxAmountIn,
        uint256 amountIn,
        bool charged
    ) private {
        uint256 paid = before.payerUsd - usdc.balanceOf(terms.payer);
        if (paid > maxAmountIn || paid != amountIn) aboveSignedMaximum++;
        if (eurc.balanceOf(terms.payer) != before.payerEur) payerNotPaidExactly++;
        uint256 fee = terms.amount * FEE_BPS / 10_000;
        uint256 payout = eurc.balanceOf(merchantPayout) - before.merchantEur;
        if (payout != (charged ? terms.amount - fee : 0)) merchantNotPaidExactly++;
        if (!charged) escrowedEur += terms.amount;
        _checkPoolMoved(before.poolUsd + amountIn, before.poolEur - terms.amount);
    }

    function _mintApproved(address account, TestStablecoin token, uint256 amount) private {
        token.mint(account, amount);
        vm.prank(account);
        token.approve(address(router), type(uint256).max);
    }

    function _quote(address tokenIn, address tokenOut, uint256 amountOut) private view returns (bool, uint256) {
        try router.quoteExactOut(tokenIn, tokenOut, amountOut) returns (IFxRouter.Quote memory quote) {
            return (true, quote.amountIn);
        } catch {
            return (false, 0);
        }
    }

    function _poolBalances() private view returns (uint256, uint256) {
        return (usdc.balanceOf(address(router)), eurc.balanceOf(address(router)));
    }

    function _checkPoolMoved(uint256 expectedUsd, uint256 expectedEur) private {
        (uint256 poolUsd, uint256 poolEur) = _poolBalances();
        if (poolUsd != expectedUsd || poolEur != expectedEur) poolMovedOtherThanConverted++;
    }

    /// @dev The pool's value and its shares (plus the virtual offset) at the current feed answer; not valued
    /// when the feed is stale or out of band.
    function _sharePrice() private view returns (SharePrice memory price) {
        try router.totalValue() returns (uint256 value) {
            return SharePrice(true, value, router.totalShares() + 1e6);
        } catch {}
    }

    /// @dev The action may not lower the value of a share at the unchanged rate: value / shares after ≥ before,
    /// give or take two units of 10^-18 of the numeraire (the last digit of each token's valuation).
    function _checkSharePrice(SharePrice memory before) private {
        SharePrice memory current = _sharePrice();
        if (!before.valued || !current.valued) return;
        if ((current.value + 2) * before.shares < before.value * current.shares) sharePriceDrops++;
    }
}
