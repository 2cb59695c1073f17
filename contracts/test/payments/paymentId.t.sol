// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "./EscrowFixture.sol";
import {IPaymentEscrow} from "../../interfaces/IPaymentEscrow.sol";

/// @notice The payment id and the coupon digest are standard EIP-712 hashes, reproducible by any client.
contract PaymentIdTest is EscrowFixture {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    function _domainSeparator() internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256("Paykey PaymentEscrow"), keccak256("1"), block.chainid, address(escrow)
            )
        );
    }

    function test_getPaymentId_isTheEip712HashOfTheTerms() public view {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "PaymentTerms(uint256 merchantId,address payer,address token,uint256 amount,uint16 feeBps,"
                    "uint48 authorizationExpiry,uint48 refundDeadline,bytes32 orderRef,bytes32 lineItemsHash,uint256 salt)"
                ),
                terms.merchantId,
                terms.payer,
                terms.token,
                terms.amount,
                terms.feeBps,
                terms.authorizationExpiry,
                terms.refundDeadline,
                terms.orderRef,
                terms.lineItemsHash,
                terms.salt
            )
        );
        assertEq(escrow.getPaymentId(terms), _digest(_domainSeparator(), structHash), "payment id");
    }

    function test_getCouponDigest_isTheEip712HashOfTheCoupon() public view {
        IPaymentEscrow.Coupon memory coupon = _coupon(keccak256("SUMMER"), 1_500, 0);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "Coupon(uint256 merchantId,bytes32 couponId,uint16 discountBps,uint120 discountAmount,uint32 maxUses,"
                    "uint48 expiry,address payer)"
                ),
                coupon.merchantId,
                coupon.couponId,
                coupon.discountBps,
                coupon.discountAmount,
                coupon.maxUses,
                coupon.expiry,
                coupon.payer
            )
        );
        assertEq(escrow.getCouponDigest(coupon), _digest(_domainSeparator(), structHash), "coupon digest");
    }

    function testFuzz_getPaymentId_changesWithEveryTerm(uint256 salt, bytes32 orderRef) public view {
        IPaymentEscrow.PaymentTerms memory terms = _terms(PRICE);
        IPaymentEscrow.PaymentTerms memory other = _terms(PRICE);
        vm.assume(salt != terms.salt || orderRef != terms.orderRef);
        (other.salt, other.orderRef) = (salt, orderRef);
        assertNotEq(escrow.getPaymentId(terms), escrow.getPaymentId(other), "different terms, different id");
    }

    function test_paymentState_isEmptyForUnknownId() public view {
        (bool exists, uint120 capturable, uint120 refundable) = escrow.paymentState(keccak256("nothing"));
        assertFalse(exists, "unknown");
        assertEq(capturable + refundable, 0, "no amounts");
    }
}
