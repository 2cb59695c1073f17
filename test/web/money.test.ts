// Money in the web app: bigint base units to exact decimal strings and back, formatted by Intl per locale.
import { expect } from "chai";
import { InvalidAmountError, feeOf, formatBps, formatMoney, parseMoney, toDecimalString } from "@paykey/sdk/money";

describe("web: money formatting", function () {
  it("prints base units as an exact decimal string", function () {
    expect(toDecimalString(12_340_000n, 6)).to.equal("12.34");
    expect(toDecimalString(123_400n, 6)).to.equal("0.1234");
    expect(toDecimalString(1n, 6)).to.equal("0.000001");
    expect(toDecimalString(5_000_000n, 6)).to.equal("5.00");
    expect(toDecimalString(0n, 6)).to.equal("0.00");
    expect(toDecimalString(-2_000_000n, 6)).to.equal("-2.00");
    // Beyond a float's precision: still exact.
    expect(toDecimalString(2n ** 120n - 1n, 6)).to.equal("1329227995784915872903807060280.344575");
  });

  it("formats per locale from the decimal string, never a float", function () {
    expect(formatMoney({ amount: 12_340_000n, decimals: 6, currency: "USD", locale: "en" })).to.equal("$12.34");
    expect(formatMoney({ amount: "12340000", decimals: 6, currency: "USD", locale: "zh-CN" })).to.equal("US$12.34");
    expect(formatMoney({ amount: 123_400n, decimals: 6, currency: "USD", locale: "en" })).to.equal("$0.1234");
    expect(formatMoney({ amount: 1_234_567_890_000n, decimals: 6, currency: "EUR", locale: "en" })).to.equal("€1,234,567.89");
    expect(formatMoney({ amount: 9_007_199_254_740_993_000_000n, decimals: 6, currency: "USD", locale: "en" })).to.equal("$9,007,199,254,740,993.00");
    expect(formatBps(100, "en")).to.equal("1%");
    expect(formatBps(125, "zh-CN")).to.equal("1.25%");
  });

  it("parses typed amounts into base units and refuses what is not an amount", function () {
    expect(parseMoney("12.34", 6)).to.equal(12_340_000n);
    expect(parseMoney("2", 6)).to.equal(2_000_000n);
    expect(parseMoney(".5", 6)).to.equal(500_000n);
    expect(parseMoney("1,234.000001", 6)).to.equal(1_234_000_001n);
    for (const bad of ["", ".", "1.2345678", "-1", "1e3", "abc", "1.2.3"]) {
      expect(() => parseMoney(bad, 6), bad).to.throw(InvalidAmountError);
    }
  });

  it("computes the fee as the escrow does (rounded down)", function () {
    expect(feeOf(12_340_000n, 100)).to.equal(123_400n);
    expect(feeOf(99n, 100)).to.equal(0n);
    expect(feeOf(12_345_678n, 125)).to.equal(154_320n);
  });
});
