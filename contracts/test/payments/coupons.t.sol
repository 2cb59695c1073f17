// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";
import {IPaymentEscrowErrors} from "../../interfaces/IPaymentEscrowErrors.sol";
import {MockERC1271Wallet} from "../mocks/MockERC1271Wallet.sol";

/// @notice Merchant-signed EIP-712 coupons redeemed inside authorize and charge.
contract CouponsTest is EscrowFixture {
    bytes32 internal constant WELCOME = keccak256("WELCOME10");

    function test_coupon_succeedsWith_PercentageDiscount() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        IPaymentEscrow.Discount memory discount = _couponDiscount(_coupon(WELCOME, 1_000, 0));
        bytes32 paymentId = escrow.getPaymentId(terms);
        uint256 paid = PRICE - PRICE / 10;

        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.CouponRedeemed(merchantId, WELCOME, paymentId, 1);
        vm.expectEmit(address(escrow));
        emit IPaymentEscrow.PaymentAuthorized(
            paymentId, merchantId, payer, address(usdc), paid, PRICE, 0, WELCOME, PRICE / 10, FEE_BPS, terms.orderRef,
            terms.lineItemsHash
        );
        vm.prank(payer);
        escrow.authorize(terms, discount);

        _assertPayment(paymentId, paid, 0);
        assertEq(usdc.balanceOf(payer), PAYER_FUNDS - paid, "payer paid the discounted price");
        assertEq(escrow.couponUses(merchantId, WELCOME), 1, "use counted");
    }

    function test_coupon_succeedsWith_FixedAmountAndPoints() public {
        _earnPoints(payer, 500);
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        IPaymentEscrow.Discount memory discount = _couponDiscount(_coupon(WELCOME, 0, 2_000_000));
        discount.points = 500;
        uint256 payerBefore = usdc.balanceOf(payer);

        assertEq(escrow.quote(terms, discount), PRICE - 2_000_000 - 500, "quote");
        vm.prank(payer);
        bytes32 paymentId = escrow.authorize(terms, discount);

        _assertPayment(paymentId, PRICE - 2_000_000 - 500, 0);
        assertEq(payerBefore - usdc.balanceOf(payer), PRICE - 2_000_000 - 500, "both discounts applied");
        assertEq(points.balanceOf(payer, merchantId), 0, "points redeemed");
    }

    function test_coupon_succeedsWith_ChargeOfTheDiscountedPrice() public {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        IPaymentEscrow.Discount memory discount = _couponDiscount(_coupon(WELCOME, 2_500, 0));
        vm.prank(payer);
        bytes32 paymentId = escrow.charge(terms, discount);
        uint256 paid = PRICE * 3 / 4;
        _assertPayment(paymentId, 0, paid);
        assertEq(usdc.balanceOf(payout), paid - _fee(paid), "merchant funds the discount");
        assertEq(points.balanceOf(payer, merchantId), _pointsFor(paid), "points on what was paid");
    }

    function test_coupon_succeedsWith_RestrictedPayer() public {
        IPaymentEscrow.Coupon memory coupon = _coupon(WELCOME, 1_000, 0);
        coupon.payer = payer;
        IPaymentEscrow.Discount memory discount = _couponDiscount(coupon);
        vm.prank(payer);
        escrow.authorize(_terms(PRICE), discount);
        assertEq(escrow.couponUses(merchantId, WELCOME), 1, "redeemed by its payer");
    }

    function test_coupon_succeedsWith_ContractSigner() public {
        (address walletOwner, uint256 walletOwnerKey) = makeAddrAndKey("merchantWalletOwner");
        MockERC1271Wallet wallet = new MockERC1271Wallet(walletOwner);
        vm.prank(merchantOwner);
        escrow.updateMerchant(merchantId, payout, address(usdc), address(wallet), LOYALTY_BPS);
        IPaymentEscrow.Discount memory discount;
        discount.coupon = _coupon(WELCOME, 1_000, 0);
        discount.couponSignature = _signCoupon(walletOwnerKey, discount.coupon);

        vm.prank(payer);
        bytes32 paymentId = escrow.authorize(_terms(PRICE), discount);
        _assertPayment(paymentId, PRICE - PRICE / 10, 0);
    }

    function test_coupon_revertsWhen_ContractSignerRejects() public {
        MockERC1271Wallet wallet = new MockERC1271Wallet(makeAddr("merchantWalletOwner"));
        vm.prank(merchantOwner);
        escrow.updateMerchant(merchantId, payout, address(usdc), address(wallet), LOYALTY_BPS);
        // Signed by the EOA coupon signer, not by the wallet's owner.
        _expectCouponRevert(
            _couponDiscount(_coupon(WELCOME, 1_000, 0)),
            abi.encodeWithSelector(IPaymentEscrowErrors.InvalidCouponSignature.selector, WELCOME, address(wallet))
        );
    }

    function test_coupon_revertsWhen_UsedUp() public {
        IPaymentEscrow.Coupon memory coupon = _coupon(WELCOME, 1_000, 0);
        coupon.maxUses = 1;
        IPaymentEscrow.Discount memory discount = _couponDiscount(coupon);
        vm.prank(payer);
        escrow.authorize(_terms(PRICE), discount);

        IPaymentEscrow.PaymentTerms memory second = _terms(PRICE);
        second.salt = 2;
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.CouponUsedUp.selector, WELCOME, 1, 1));
        escrow.authorize(second, discount);
    }

    function test_coupon_revertsWhen_Expired() public {
        IPaymentEscrow.Coupon memory coupon = _coupon(WELCOME, 1_000, 0);
        IPaymentEscrow.Discount memory discount = _couponDiscount(coupon);
        vm.warp(coupon.expiry + 1);
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrowErrors.CouponExpired.selector, WELCOME, coupon.expiry, coupon.expiry + 1)
        );
        escrow.authorize(_terms(PRICE), discount);
    }

    function test_coupon_revertsWhen_ForAnotherPayer() public {
        IPaymentEscrow.Coupon memory coupon = _coupon(WELCOME, 1_000, 0);
        coupon.payer = stranger;
        _expectCouponRevert(
            _couponDiscount(coupon),
            abi.encodeWithSelector(IPaymentEscrowErrors.CouponPayerMismatch.selector, WELCOME, stranger, payer)
        );
    }

    function test_coupon_revertsWhen_ForAnotherMerchant() public {
        vm.prank(stranger);
        uint256 otherMerchant = escrow.registerMerchant(stranger, address(usdc), couponSigner, 0);
        IPaymentEscrow.Coupon memory coupon = _coupon(WELCOME, 1_000, 0);
        coupon.merchantId = otherMerchant;
        _expectCouponRevert(
            _couponDiscount(coupon),
            abi.encodeWithSelector(
                IPaymentEscrowErrors.CouponMerchantMismatch.selector, WELCOME, otherMerchant, merchantId
            )
        );
    }

    function test_coupon_revertsWhen_SignedByAnotherKey() public {
        (, uint256 forgerKey) = makeAddrAndKey("forger");
        IPaymentEscrow.Discount memory discount;
        discount.coupon = _coupon(WELCOME, 5_000, 0);
        discount.couponSignature = _signCoupon(forgerKey, discount.coupon);
        _expectCouponRevert(
            discount, abi.encodeWithSelector(IPaymentEscrowErrors.InvalidCouponSignature.selector, WELCOME, couponSigner)
        );
    }

    function test_coupon_revertsWhen_AlteredAfterSigning() public {
        IPaymentEscrow.Discount memory discount = _couponDiscount(_coupon(WELCOME, 1_000, 0));
        discount.coupon.discountBps = 9_000;
        _expectCouponRevert(
            discount, abi.encodeWithSelector(IPaymentEscrowErrors.InvalidCouponSignature.selector, WELCOME, couponSigner)
        );
    }

    function test_coupon_revertsWhen_MerchantDisabledCoupons() public {
        vm.prank(merchantOwner);
        escrow.updateMerchant(merchantId, payout, address(usdc), address(0), LOYALTY_BPS);
        _expectCouponRevert(
            _couponDiscount(_coupon(WELCOME, 1_000, 0)),
            abi.encodeWithSelector(IPaymentEscrowErrors.CouponsDisabled.selector, merchantId)
        );
    }

    function test_coupon_revertsWhen_BothDiscountKindsSet() public {
        _expectCouponRevert(
            _couponDiscount(_coupon(WELCOME, 1_000, 1)),
            abi.encodeWithSelector(IPaymentEscrowErrors.InvalidCouponDiscount.selector, WELCOME, 1_000, 1)
        );
    }

    function test_coupon_revertsWhen_NoDiscountSet() public {
        _expectCouponRevert(
            _couponDiscount(_coupon(WELCOME, 0, 0)),
            abi.encodeWithSelector(IPaymentEscrowErrors.InvalidCouponDiscount.selector, WELCOME, 0, 0)
        );
    }

    function test_coupon_revertsWhen_BpsAbove100Percent() public {
        _expectCouponRevert(
            _couponDiscount(_coupon(WELCOME, 10_001, 0)),
            abi.encodeWithSelector(IPaymentEscrowErrors.InvalidCouponDiscount.selector, WELCOME, 10_001, 0)
        );
    }

    function test_coupon_revertsWhen_FullDiscount() public {
        _expectCouponRevert(
            _couponDiscount(_coupon(WELCOME, 10_000, 0)),
            abi.encodeWithSelector(IPaymentEscrowErrors.DiscountCoversPrice.selector, PRICE, PRICE, 0)
        );
    }

    function test_coupon_revertsWhen_FixedAmountExceedsPrice() public {
        _expectCouponRevert(
            _couponDiscount(_coupon(WELCOME, 0, uint120(PRICE + 1))),
            abi.encodeWithSelector(IPaymentEscrowErrors.DiscountCoversPrice.selector, PRICE, PRICE + 1, 0)
        );
        assertEq(escrow.couponUses(merchantId, WELCOME), 0, "a failed redemption is not counted");
    }

    function test_quote_revertsWhen_CouponInvalid() public {
        IPaymentEscrow.Coupon memory coupon = _coupon(WELCOME, 1_000, 0);
        coupon.payer = stranger;
        IPaymentEscrow.Discount memory discount = _couponDiscount(coupon);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrowErrors.CouponPayerMismatch.selector, WELCOME, stranger, payer)
        );
        escrow.quote(_terms(PRICE), discount);
    }

    function testFuzz_coupon_payerAmountIsPriceMinusDiscount(uint256 amount, uint16 bps, uint120 fixedOff, bool usePercent)
        public
    {
        amount = bound(amount, 1, PAYER_FUNDS);
        IPaymentEscrow.Coupon memory coupon = usePercent
            ? _coupon(WELCOME, uint16(bound(bps, 1, 10_000)), 0)
            : _coupon(WELCOME, 0, uint120(bound(fixedOff, 1, 2 * amount)));
        uint256 off = usePercent ? amount * coupon.discountBps / 10_000 : coupon.discountAmount;
        IPaymentEscrow.PaymentTerms memory terms = _terms(amount);
        IPaymentEscrow.Discount memory discount = _couponDiscount(coupon);

        vm.prank(payer);
        if (off >= amount) {
            vm.expectRevert(abi.encodeWithSelector(IPaymentEscrowErrors.DiscountCoversPrice.selector, amount, off, 0));
            escrow.authorize(terms, discount);
        } else {
            bytes32 paymentId = escrow.authorize(terms, discount);
            _assertPayment(paymentId, amount - off, 0);
            assertEq(usdc.balanceOf(address(escrow)), amount - off, "escrowed the discounted price");
        }
    }

    function _expectCouponRevert(IPaymentEscrow.Discount memory discount, bytes memory revertData) private {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        vm.prank(payer);
        vm.expectRevert(revertData);
        escrow.authorize(terms, discount);
    }
}
