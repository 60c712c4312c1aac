// How figures read on screen. Every formatter takes null for "no data" and says so in words.

export const NO_DATA = "no data";

export function pct(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined ? NO_DATA : `${v.toFixed(digits)} %`;
}

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return NO_DATA;
  return v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`;
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

/**
 * An SVG polyline for a series in [0, max]; missing points break the line (one path segment per
 * run of present values) so that a gap never reads as zero.
 */
export function sparkPath(values: readonly (number | null)[], width: number, height: number, max = 100): string {
  if (values.length === 0) return "";
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = (values.length > 1 ? i * step : width / 2).toFixed(1);
    const y = (height - (Math.min(Math.max(v, 0), max) / max) * height).toFixed(1);
    d += `${pen ? "L" : "M"}${x} ${y}`;
    pen = true;
  });
  return d;
}
