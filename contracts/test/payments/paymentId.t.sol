// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {EscrowFixture} from "../base/EscrowFixture.sol";
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
        assertEq(escrow.getPaymentId(terms), _expectedPaymentId(terms), "payment id");
    }

    /// @notice The id is hashed from the calldata words as given, so it must match EIP-712 over any values.
    function testFuzz_getPaymentId_isTheEip712HashOfAnyTerms(IPaymentEscrow.PaymentTerms memory terms) public view {
        assertEq(escrow.getPaymentId(terms), _expectedPaymentId(terms), "payment id");
    }

    /// @notice A non-canonical word (bits above an address, uint16 or uint48) is refused as the ABI decoder
    /// refuses it, rather than hashed into an id no EIP-712 client would compute.
    function test_getPaymentId_revertsWhen_TypedWordIsDirty() public view {
        bytes memory clean = abi.encodeCall(escrow.getPaymentId, (_terms(PRICE)));
        (bool ok,) = address(escrow).staticcall(clean);
        assertTrue(ok, "canonical terms hash");
        // Word index in PaymentTerms => the lowest bit above its type's width.
        uint8[5] memory words = [1, 2, 4, 5, 6];
        uint16[5] memory widths = [uint16(160), 160, 16, 48, 48];
        for (uint256 i; i < words.length; ++i) {
            bytes memory dirty = bytes.concat(clean);
            uint256 offset = 4 + 32 * uint256(words[i]);
            bytes32 word;
            assembly ("memory-safe") {
                word := mload(add(add(dirty, 0x20), offset))
            }
            word |= bytes32(uint256(1) << widths[i]);
            assembly ("memory-safe") {
                mstore(add(add(dirty, 0x20), offset), word)
            }
            bytes memory returned;
            (ok, returned) = address(escrow).staticcall(dirty);
            assertFalse(ok, "dirty word refused");
            assertEq(returned.length, 0, "the decoder's empty revert");
        }
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

    function _expectedPaymentId(IPaymentEscrow.PaymentTerms memory terms) private view returns (bytes32) {
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
        return _digest(_domainSeparator(), structHash);
    }

    function test_paymentState_isEmptyForUnknownId() public view {
        (bool exists, uint120 capturable, uint120 refundable) = escrow.paymentState(keccak256("nothing"));
        assertFalse(exists, "unknown");
        assertEq(capturable + refundable, 0, "no amounts");
    }
}
