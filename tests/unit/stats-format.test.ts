import { describe, expect, it } from "vitest";
import { formatEstimateCi, formatMeanSd, formatNumber, formatP } from "../../src/stats/format.ts";

describe("formatP", () => {
  it("prints three places without a leading zero, as the reference table", () => {
    expect(formatP(0.00345720654834911)).toBe(".003");
    expect(formatP(0.0988902005482106)).toBe(".099");
    expect(formatP(0.0244156859458079)).toBe(".024");
    expect(formatP(1)).toBe("1.000");
  });

  it("prints <.001 below .001 and n/a for an undefined P", () => {
    expect(formatP(0.000999)).toBe("<.001");
    expect(formatP(0)).toBe("<.001");
    expect(formatP(0.001)).toBe(".001");
    expect(formatP(null)).toBe("n/a");
  });
});

describe("number formats", () => {
  it("prints mean (SD) as the reference table", () => {
    expect(formatMeanSd(38 / 29, 2.1, 1)).toBe("1.3 (2.1)");
    expect(formatMeanSd(4, null, 1)).toBe("4.0 (n/a)");
    expect(formatMeanSd(null, null, 1)).toBe("n/a");
  });

  it("prints an estimate with its CI, and never -0", () => {
    expect(formatEstimateCi(0.4512, [-0.12, 1.0249], 2)).toBe("0.45 (-0.12 to 1.02)");
    expect(formatEstimateCi(0.4512, null, 2)).toBe("0.45");
    expect(formatNumber(-0.001, 2)).toBe("0.00");
    expect(formatNumber(-0.01, 2)).toBe("-0.01");
  });
});
