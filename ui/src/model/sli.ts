// SLIs as the UI shows them, and the checks that turn the runtime API's decoded answers into
// them. The chain gives uptime in parts per million and latency in microseconds; the UI shows
// percent and milliseconds. "No data" stays `null` all the way to the screen, never 0.

export const WINDOWS = ["day", "week", "month", "year", "era"] as const;
export type WindowName = (typeof WINDOWS)[number];

export function isWindow(s: string | null | undefined): s is WindowName {
  return (WINDOWS as readonly string[]).includes(s ?? "");
}

export interface Latency {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface Sli {
  /** Share of probes up, percent; null when nothing was probed. */
  uptimePct: number | null;
  probesUp: number;
  probes: number;
  /** Round trips of successful probes, ms; null without one. */
  latency: Latency | null;
}

export interface ProberSli {
  prober: string;
  sli: Sli;
  /** Distance of its uptime from the combined uptime, percentage points. */
  deviationPct: number;
}

/**
 * How a validator is probed: `p2p` (its p2p endpoint, as every relay-chain validator is) or
 * `http` (URLs its stash registered). Each has its own SLIs.
 */
export type Channel = "p2p" | "http";

export function channelFromRaw(raw: { type?: string } | undefined, what: string): Channel {
  if (raw?.type === "P2p") return "p2p";
  if (raw?.type === "Http") return "http";
  throw new MalformedAnswer(`${what} names no channel`);
}

/** A validator's SLIs over one channel. */
export interface ChannelSli {
  sli: Sli;
  probers: ProberSli[];
  maxDeviationPct: number;
  probersSeen: number;
  insufficientHours: number;
}

export interface MemberSli {
  stash: string;
  /** The channel of the figures below: its primary one (p2p, or HTTP for a validator probed only at URLs). */
  channel: Channel;
  sli: Sli;
  probers: ProberSli[];
  maxDeviationPct: number;
  /** Probers that reported on it in the window. */
  probersSeen: number;
  /** Hours too few probers reported on: insufficient evidence, left out of `sli`. */
  insufficientHours: number;
  /**
   * Discoverability: the share of the hours counted that the validator's own signed p2p
   * record vouches for (null without an hour counted); absent for a validator outside the
   * relay chain's set.
   */
  discoverability?: { pct: number | null; hours: number; discoverableHours: number };
  /** Its SLIs at its HTTP URLs, where `channel` is p2p and it was probed at URLs too. */
  http?: ChannelSli;
}

export interface WindowSpan {
  resolution: "hour" | "day";
  fromMs: number;
  toMs: number;
}

export interface GroupSli {
  window: WindowSpan;
  aggregate: Sli;
  members: MemberSli[];
}

export interface Bucket {
  fromMs: number;
  toMs: number;
  /** The channel of `sli`: the validator's primary one. */
  channel: Channel;
  sli: Sli;
  probers: number;
  /** Its HTTP SLIs in the bucket, where `channel` is p2p and it was probed at URLs too. */
  http?: { sli: Sli; probers: number };
}

/** An answer the chain gave that does not hold together: shown, never used. */
export class MalformedAnswer extends Error {
  constructor(what: string) {
    super(`malformed answer from the chain: ${what}`);
    this.name = "MalformedAnswer";
  }
}

// The shapes polkadot-api decodes the runtime API's SCALE types into.
export interface RawSli {
  uptime_ppm: number | undefined;
  probes_up: number;
  probes: number;
  latency: { mean_us: number; p50_us: number; p95_us: number; p99_us: number } | undefined;
}
export interface RawWindow {
  resolution: { type: string };
  from_ms: bigint;
  to_ms: bigint;
}

const PPM = 1_000_000;

function whole(n: unknown, what: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new MalformedAnswer(`${what} is not a count`);
  return n;
}

export function sliFromRaw(raw: RawSli, what = "SLI"): Sli {
  if (raw === null || typeof raw !== "object") throw new MalformedAnswer(`${what} is missing`);
  const probes = whole(raw.probes, `${what} probes`);
  const probesUp = whole(raw.probes_up, `${what} probes up`);
  if (probesUp > probes) throw new MalformedAnswer(`${what} has more probes up (${probesUp}) than probes (${probes})`);
  let uptimePct: number | null = null;
  if (raw.uptime_ppm !== undefined) {
    const ppm = whole(raw.uptime_ppm, `${what} uptime`);
    if (ppm > PPM) throw new MalformedAnswer(`${what} uptime ${ppm} ppm is above 100 %`);
    if (probes === 0) throw new MalformedAnswer(`${what} has an uptime without probes`);
    uptimePct = ppm / 10_000;
  } else if (probes > 0) {
    throw new MalformedAnswer(`${what} has probes but no uptime`);
  }
  let latency: Latency | null = null;
  if (raw.latency !== undefined) {
    const l = raw.latency;
    const [mean, p50, p95, p99] = [l.mean_us, l.p50_us, l.p95_us, l.p99_us].map((v, i) => whole(v, `${what} latency ${["mean", "p50", "p95", "p99"][i]}`) / 1_000) as [number, number, number, number];
    if (!(p50 <= p95 && p95 <= p99)) throw new MalformedAnswer(`${what} latency percentiles are out of order`);
    if (probesUp === 0) throw new MalformedAnswer(`${what} has a latency without a successful probe`);
    latency = { mean, p50, p95, p99 };
  }
  return { uptimePct, probesUp, probes, latency };
}

export function windowFromRaw(raw: RawWindow): WindowSpan {
  const resolution = raw?.resolution?.type === "Hour" ? "hour" : raw?.resolution?.type === "Day" ? "day" : null;
  if (!resolution) throw new MalformedAnswer("the window has no resolution");
  const fromMs = Number(raw.from_ms);
  const toMs = Number(raw.to_ms);
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs > toMs) {
    throw new MalformedAnswer("the window's bounds are out of order");
  }
  return { resolution, fromMs, toMs };
}

/** Does this SLI meet a service-level objective (uptime at least, p95 at most)? Null: no data. */
export function meets(sli: Sli | undefined, slo: Slo): boolean | null {
  if (!sli || sli.uptimePct === null) return null;
  if (sli.uptimePct < slo.uptimePct) return false;
  if (slo.p95Ms !== null) {
    if (!sli.latency) return null;
    if (sli.latency.p95 > slo.p95Ms) return false;
  }
  return true;
}

export interface Slo {
  uptimePct: number;
  /** Optional latency objective. */
  p95Ms: number | null;
}
