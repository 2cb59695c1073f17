// The shared receipt hashing (@paykey/sdk/commerce): hashLineItems is Solidity's
// abi.encode of a (string,uint256,uint256)[] array, checked against an encoding written out
// word by word; totals are exact integers; orderRef is keccak256 of the UTF-8 bytes.
import { expect } from "chai";
import { concatHex, keccak256, numberToHex, padHex, stringToHex } from "viem";
import { hashLineItems, lineItemLimits, orderRefHash, sumLineItems } from "@paykey/sdk/commerce";

const word = (value: number | bigint) => numberToHex(value, { size: 32 });

describe("commerce: line items and order reference hashing", function () {
  it("hashes one item exactly as abi.encode(LineItem[]) lays it out", function () {
    const expected = keccak256(
      concatHex([
        word(0x20), // offset of the array
        word(1), // length
        word(0x20), // offset of item 0 (a dynamic tuple) from the start of the items
        word(0x60), // item 0: offset of `name` within the tuple
        word(2), // quantity
        word(4_120_000n), // unitPrice
        word(5), // name length
        padHex(stringToHex("Latte"), { dir: "right", size: 32 }),
      ]),
    );
    expect(hashLineItems([{ name: "Latte", quantity: 2, unitPrice: "4120000" }])).to.equal(expected);
    expect(hashLineItems([{ name: "Latte", quantity: 2n, unitPrice: 4_120_000n }])).to.equal(expected);
  });

  it("hashes the empty list as an empty dynamic array", function () {
    expect(hashLineItems([])).to.equal(keccak256(concatHex([word(0x20), word(0)])));
  });

  it("is sensitive to order, names (UTF-8), quantities and prices", function () {
    const a = { name: "Flat white", quantity: 2, unitPrice: "4120000" };
    const b = { name: "Croissant", quantity: 1, unitPrice: "4100000" };
    const hashes = [
      hashLineItems([a, b]),
      hashLineItems([b, a]),
      hashLineItems([{ ...a, name: "Flat White" }, b]),
      hashLineItems([{ ...a, quantity: 3 }, b]),
      hashLineItems([{ ...a, unitPrice: "4120001" }, b]),
      hashLineItems([{ ...a, name: "拿铁" }, b]),
    ];
    expect(new Set(hashes).size).to.equal(hashes.length);
  });

  it("adds up exactly in base units, beyond a float's precision", function () {
    expect(sumLineItems([{ name: "a", quantity: 2, unitPrice: "4120000" }, { name: "b", quantity: 1, unitPrice: "4100000" }])).to.equal(12_340_000n);
    const big = 2n ** 100n + 1n;
    expect(sumLineItems([{ name: "a", quantity: 3, unitPrice: big.toString() }])).to.equal(3n * big);
  });

  it("refuses fractional, negative or non-decimal values instead of rounding them", function () {
    expect(() => hashLineItems([{ name: "a", quantity: 1.5, unitPrice: "1" }])).to.throw(RangeError, /quantity must be an integer/);
    expect(() => sumLineItems([{ name: "a", quantity: 1, unitPrice: "1.5" }])).to.throw(RangeError, /unitPrice/);
    expect(() => sumLineItems([{ name: "a", quantity: -1, unitPrice: "1" }])).to.throw(RangeError, /negative/);
    expect(() => sumLineItems([{ name: "a", quantity: 1, unitPrice: "0x10" }])).to.throw(RangeError);
  });

  it("hashes the order reference's UTF-8 bytes", function () {
    expect(orderRefHash("INV-1")).to.equal(keccak256(stringToHex("INV-1")));
    expect(orderRefHash("订单-1")).to.equal(keccak256(concatHex(["0xe8aea2", "0xe58d95", stringToHex("-1")])));
    expect(lineItemLimits).to.deep.equal({ maxItems: 50, maxNameLength: 80, maxQuantity: 10_000, maxOrderRefLength: 64 });
  });
});
