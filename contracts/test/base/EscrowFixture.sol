// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test} from "./Test.sol";
import {PaymentEscrow} from "../../payments/PaymentEscrow.sol";
import {LoyaltyPoints} from "../../loyalty/LoyaltyPoints.sol";
import {TestStablecoin} from "../../tokens/TestStablecoin.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";

/// @notice Shared fixture for the escrow tests: a deployed escrow with its loyalty points, a USD
/// test stablecoin allowed for settlement, one registered merchant (1% fee, 1 point per 100 units)
/// and a funded payer that approved the escrow. Helpers build terms and sign permits, EIP-3009
/// authorizations and coupons with real secp256k1 keys.
abstract contract EscrowFixture is Test {
    bytes32 internal constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    uint16 internal constant FEE_BPS = 100;
    uint16 internal constant LOYALTY_BPS = 100;
    uint256 internal constant PRICE = 25_000_000; // 25.00 tUSDC
    uint256 internal constant PAYER_FUNDS = 1_000_000_000; // 1,000.00 tUSDC
    uint48 internal constant START = 1_750_000_000;
    uint48 internal constant AUTH_WINDOW = 7 days;
    uint48 internal constant REFUND_WINDOW = 30 days;

    PaymentEscrow internal escrow;
    LoyaltyPoints internal points;
    TestStablecoin internal usdc;
    TestStablecoin internal eurc;

    address internal platform;
    address internal feeReceiver;
    address internal merchantOwner;
    address internal operator;
    address internal payout;
    address internal payer;
    uint256 internal payerKey;
    address internal couponSigner;
    uint256 internal couponSignerKey;
    address internal stranger;
    uint256 internal merchantId;

    function setUp() public virtual {
        vm.warp(START);
        platform = makeAddr("platform");
        feeReceiver = makeAddr("feeReceiver");
        merchantOwner = makeAddr("merchantOwner");
        operator = makeAddr("operator");
        payout = makeAddr("payout");
        stranger = makeAddr("stranger");
        (payer, payerKey) = makeAddrAndKey("payer");
        (couponSigner, couponSignerKey) = makeAddrAndKey("couponSigner");

        usdc = new TestStablecoin("Paykey Test USD", "tUSDC", address(this));
        escrow = new PaymentEscrow(platform, FEE_BPS, feeReceiver, "https://paykey.example/points/{id}.json");
        eurc = new TestStablecoin("Paykey Test EUR", "tEURC", address(this));
        points = LoyaltyPoints(escrow.loyaltyPoints());
        vm.startPrank(platform);
        escrow.setTokenAllowed(address(usdc), true);
        escrow.setTokenAllowed(address(eurc), true);
        vm.stopPrank();

        vm.prank(merchantOwner);
        merchantId = escrow.registerMerchant(payout, address(usdc), couponSigner, LOYALTY_BPS);
        vm.prank(merchantOwner);
        escrow.setMerchantOperator(merchantId, operator, true);

        usdc.mint(payer, PAYER_FUNDS);
        vm.prank(payer);
        usdc.approve(address(escrow), type(uint256).max);
    }

    // ---------------------------------------------------------------- terms

    function _terms(uint256 amount) internal view returns (IPaymentEscrow.PaymentTerms memory) {
        return IPaymentEscrow.PaymentTerms({
            merchantId: merchantId,
            payer: payer,
            token: address(usdc),
            amount: amount,
            feeBps: FEE_BPS,
            authorizationExpiry: uint48(block.timestamp) + AUTH_WINDOW,
            refundDeadline: uint48(block.timestamp) + REFUND_WINDOW,
            orderRef: keccak256("order-1001"),
            lineItemsHash: keccak256("2x espresso, 1x croissant"),
            salt: 1
        });
    }

    function _noDiscount() internal pure returns (IPaymentEscrow.Discount memory discount) {}

    function _pointsDiscount(uint256 pointCount) internal pure returns (IPaymentEscrow.Discount memory discount) {
        discount.points = pointCount;
    }

    function _coupon(bytes32 couponId, uint16 discountBps, uint120 discountAmount)
        internal
        view
        returns (IPaymentEscrow.Coupon memory)
    {
        return IPaymentEscrow.Coupon({
            merchantId: merchantId,
            couponId: couponId,
            discountBps: discountBps,
            discountAmount: discountAmount,
            maxUses: 10,
            expiry: uint48(block.timestamp) + 30 days,
            payer: address(0)
        });
    }

    /// @dev A discount redeeming `coupon`, signed by the merchant's coupon signer key.
    function _couponDiscount(IPaymentEscrow.Coupon memory coupon)
        internal
        view
        returns (IPaymentEscrow.Discount memory discount)
    {
        discount.coupon = coupon;
        discount.couponSignature = _signCoupon(couponSignerKey, coupon);
    }

    // ---------------------------------------------------------------- actions

    function _authorize(IPaymentEscrow.PaymentTerms memory terms) internal returns (bytes32 paymentId) {
        vm.prank(terms.payer);
        paymentId = escrow.authorize(terms, _noDiscount());
    }

    function _charge(IPaymentEscrow.PaymentTerms memory terms) internal returns (bytes32 paymentId) {
        vm.prank(terms.payer);
        paymentId = escrow.charge(terms, _noDiscount());
    }

    function _capture(IPaymentEscrow.PaymentTerms memory terms, uint256 amount) internal {
        vm.prank(merchantOwner);
        escrow.capture(terms, amount);
    }

    /// @dev Gives `account` earned points of the fixture merchant the honest way: a charge of
    /// `pointCount * 100` units at the fixture's 1 point per 100 units.
    function _earnPoints(address account, uint256 pointCount) internal {
        IPaymentEscrow.PaymentTerms memory terms = _terms(pointCount * 10_000 / LOYALTY_BPS);
        terms.payer = account;
        terms.salt = uint256(keccak256(abi.encode("earn", account, pointCount)));
        _charge(terms);
    }

    function _fund(address account, uint256 amount) internal {
        usdc.mint(account, amount);
        vm.prank(account);
        usdc.approve(address(escrow), type(uint256).max);
    }

    // ---------------------------------------------------------------- signatures

    function _digest(bytes32 domainSeparator, bytes32 structHash) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }

    function _signReceive(
        uint256 key,
        TestStablecoin token,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(
            abi.encode(
                RECEIVE_WITH_AUTHORIZATION_TYPEHASH, vm.addr(key), address(escrow), value, validAfter, validBefore, nonce
            )
        );
        return vm.sign(key, _digest(token.DOMAIN_SEPARATOR(), structHash));
    }

    function _signPermit(uint256 key, TestStablecoin token, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        address owner = vm.addr(key);
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, address(escrow), value, token.nonces(owner), deadline));
        return vm.sign(key, _digest(token.DOMAIN_SEPARATOR(), structHash));
    }

    function _signCoupon(uint256 key, IPaymentEscrow.Coupon memory coupon) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, escrow.getCouponDigest(coupon));
        return abi.encodePacked(r, s, v);
    }

    // ---------------------------------------------------------------- assertions

    function _assertPayment(bytes32 paymentId, uint256 capturable, uint256 refundable) internal view {
        (bool exists, uint120 actualCapturable, uint120 actualRefundable) = escrow.paymentState(paymentId);
        assertTrue(exists, "payment exists");
        assertEq(actualCapturable, capturable, "capturable");
        assertEq(actualRefundable, refundable, "refundable");
    }

    /// @dev A finished payment (nothing capturable or refundable after its expiry) has its storage cleared.
    function _assertFinished(bytes32 paymentId) internal view {
        (bool exists, uint120 capturable, uint120 refundable) = escrow.paymentState(paymentId);
        assertFalse(exists, "finished payment cleared");
        assertEq(capturable, 0, "capturable");
        assertEq(refundable, 0, "refundable");
    }

    function _fee(uint256 amount) internal pure returns (uint256) {
        return amount * FEE_BPS / 10_000;
    }

    function _pointsFor(uint256 amount) internal pure returns (uint256) {
        return amount * LOYALTY_BPS / 10_000;
    }
}

/// @notice `EscrowFixture` plus one authorized, uncaptured payment of `PRICE` (`terms`, `paymentId`).
abstract contract AuthorizedPaymentFixture is EscrowFixture {
    IPaymentEscrow.PaymentTerms internal terms;
    bytes32 internal paymentId;

    function setUp() public virtual override {
        super.setUp();
        terms = _terms(PRICE);
        paymentId = _authorize(terms);
    }
}
