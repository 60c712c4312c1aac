import assert from "node:assert/strict";
import { test } from "node:test";
import { fixed, toFixed } from "../../src/chain/scalability.ts";

test("fixed-point numbers read as the node's RPC reads them", () => {
  assert.equal(fixed(1_500_000_000_000_000_000n), 1.5);
  assert.equal(fixed(-250_000_000_000_000_000n), -0.25);
  assert.equal(fixed(0n), 0);
  // σ = 0.0123456789 as FixedU128: 18 decimals kept to a double's precision.
  assert.equal(fixed(12_345_678_900_000_000n).toPrecision(9), "0.0123456789");
});

test("sizes go to the runtime as FixedU128, and nonsense sizes are refused", () => {
  assert.equal(toFixed(8), 8_000_000_000_000_000_000n);
  assert.equal(toFixed(1.5), 1_500_000_000_000_000_000n);
  assert.equal(fixed(toFixed(123.456)), 123.456);
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2e6]) assert.throws(() => toFixed(bad), RangeError);
});
