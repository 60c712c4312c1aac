// How figures read on screen. Every formatter takes null for "no data" and says so in words.

export const NO_DATA = "no data";

export function pct(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined ? NO_DATA : `${v.toFixed(digits)} %`;
}

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return NO_DATA;
  return v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`;
}

/** "1 prober", "3 probers". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

export function shortAddress(a: string): string {
  return a.length > 14 ? `${a.slice(0, 6)}…${a.slice(-6)}` : a;
}

/** A balance in the chain's smallest unit as whole tokens with up to 4 decimals. */
export function tokens(v: bigint, decimals: number, symbol: string): string {
  const base = 10n ** BigInt(decimals);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const whole = abs / base;
  const frac = (abs % base).toString().padStart(decimals, "0").slice(0, 4).replace(/0+$/, "");
  return `${negative ? "−" : ""}${whole.toLocaleString("en-US")}${frac ? `.${frac}` : ""} ${symbol}`;
}

/** Parses "12.5" tokens into the smallest unit; null when it is not a positive amount. */
export function parseTokens(text: string, decimals: number): bigint | null {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!m) return null;
  const [, whole = "0", frac = ""] = m;
  if (frac.length > decimals) return null;
  const v = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
  return v > 0n ? v : null;
}

export function date(msSinceEpoch: number): string {
  return new Date(msSinceEpoch).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export interface SparkBar {
  x: number;
  width: number;
  /** Height of the bar; a day without data has none (`null`), never a zero-height bar. */
  height: number | null;
}

/**
 * One bar per value in [0, max], side by side across `width`: a bar's height is its value's
 * share of `height`, at least 1 so that 0 % still shows; a missing value has no bar, so a gap
 * never reads as zero.
 */
export function sparkBars(values: readonly (number | null)[], width: number, height: number, max = 100): SparkBar[] {
  if (values.length === 0) return [];
  const slot = width / values.length;
  const gap = Math.min(2, slot / 4);
  return values.map((v, i) => ({
    x: i * slot + gap / 2,
    width: slot - gap,
    height: v === null ? null : Math.max(1, (Math.min(Math.max(v, 0), max) / max) * height),
  }));
}

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Bitcoin-alphabet base58, as libp2p writes PeerIds (`12D3KooW…`). */
export function base58(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i]! * 256;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  return "1".repeat(zeros) + digits.reverse().map((d) => BASE58[d]).join("");
}
