// Scalability campaigns through the runtime's `ScalabilityApi`, the same calls `stacktical
// publish` and `stacktical gate --chain` make, so the figures on screen are the ones the CI gate
// reads, and any node hosting the runtime serves them (a stock polkadot-omni-node too: no
// custom RPC). Fixed-point numbers are read as the node's `scalability_*` methods read them.
// Network labels come from the pallet's storage.

import { Binary } from "polkadot-api";
import { MalformedAnswer } from "../model/sli.ts";
import { explain, type Api } from "./client.ts";

export interface Measurement {
  n: number;
  tps: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
  samples: number;
}

export interface Model {
  sigma: number;
  kappa: number;
  lambda: number;
  r_squared: number;
  peak_n: number | null;
  peak_tps: number | null;
  latency_at_peak_ms: number | null;
  revision: number;
}

export interface Comparison {
  candidate: number;
  baseline: number;
  peak_tps_change: number | null;
  latency_at_peak_change: number | null;
  threshold: number;
  verdict: "regressed" | "improved" | "unchanged" | "undefined";
}

export interface Campaign {
  id: number;
  network: string;
  release: string;
  sweep_kind: string;
  baseline: number | null;
  state: string;
  fit: { status: string };
  measurements: Measurement[];
  model: Model | null;
  comparison: Comparison | null;
}

export interface Prediction {
  n: number;
  tps: number;
  latency_ms: number;
}

/** A `FixedU128` or `FixedI128` (18 decimals) as a number. */
export function fixed(v: bigint): number {
  return Number(v) / 1e18;
}

/** A size as the runtime takes it (`FixedU128`), to nine decimals. */
export function toFixed(n: number): bigint {
  if (!Number.isFinite(n) || n <= 0 || n > 1e6) throw new RangeError(`size ${n} is not a positive number of at most 10⁶`);
  return BigInt(Math.round(n * 1e9)) * 1_000_000_000n;
}

const names = (e: { type: string }) => e.type.toLowerCase();

/** `AwaitingModel` → `awaiting_model`, as the node's RPC names a fit status. */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c, i) => (i === 0 ? "" : "_") + c.toLowerCase());
}

type Raw = NonNullable<Awaited<ReturnType<Api["apis"]["ScalabilityApi"]["campaign"]>>>;

function model(m: NonNullable<Raw["model"]>): Model {
  const opt = (v: bigint | undefined) => (v === undefined ? null : fixed(v));
  return {
    sigma: fixed(m.coefficients.sigma),
    kappa: fixed(m.coefficients.kappa),
    lambda: fixed(m.coefficients.lambda),
    r_squared: fixed(m.insights.r_squared),
    peak_n: opt(m.insights.peak_n),
    peak_tps: opt(m.insights.peak_tps),
    latency_at_peak_ms: opt(m.insights.latency_at_peak_ms),
    revision: m.revision,
  };
}

function campaign(d: Raw): Campaign {
  if (!d || typeof d.id !== "number" || !Array.isArray(d.measurements)) throw new MalformedAnswer("a campaign has no id or measurements");
  const c = d.comparison;
  return {
    id: d.id,
    network: Binary.toText(d.campaign.network),
    release: Binary.toText(d.campaign.release),
    sweep_kind: names(d.campaign.sweep_kind),
    baseline: d.campaign.baseline ?? null,
    state: names(d.campaign.state),
    fit: { status: snake(d.fit_status.type) },
    measurements: d.measurements.map((m) => ({
      n: m.n,
      tps: fixed(m.tps),
      latency_p50_ms: fixed(m.latency_p50_ms),
      latency_p95_ms: fixed(m.latency_p95_ms),
      samples: m.samples,
    })),
    model: d.model ? model(d.model) : null,
    comparison: c
      ? {
          candidate: c.candidate,
          baseline: c.baseline,
          peak_tps_change: c.peak_tps_change === undefined ? null : fixed(c.peak_tps_change),
          latency_at_peak_change: c.latency_at_peak_change === undefined ? null : fixed(c.latency_at_peak_change),
          threshold: c.threshold / 1e9,
          verdict: names(c.verdict) as Comparison["verdict"],
        }
      : null,
  };
}

/** The network labels that have campaigns. */
export async function networks(api: Api): Promise<string[]> {
  const entries = await api.query.Scalability.Networks.getEntries();
  return entries.map((e) => Binary.toText(e.keyArgs[0])).sort();
}

/** Every campaign of a network, with its measurements, model and regression verdict. */
export async function campaignsOf(api: Api, network: string): Promise<Campaign[]> {
  let history, details;
  try {
    history = await api.apis.ScalabilityApi.history(Binary.fromText(network));
    details = await Promise.all(history.map((h) => api.apis.ScalabilityApi.campaign(h.id)));
  } catch (e) {
    throw explain("ScalabilityApi", e);
  }
  if (!Array.isArray(history)) throw new MalformedAnswer("the history is not a list");
  return details.filter((d): d is Raw => d !== undefined).map(campaign);
}

/** The fitted curve at these sizes. */
export async function predict(api: Api, campaign: number, sizes: number[]): Promise<Prediction[]> {
  let p;
  try {
    p = await api.apis.ScalabilityApi.predict(campaign, sizes.map(toFixed));
  } catch (e) {
    throw explain("ScalabilityApi.predict", e);
  }
  return p.map((x) => ({ n: fixed(x.n), tps: fixed(x.tps), latency_ms: fixed(x.latency_ms) }));
}
