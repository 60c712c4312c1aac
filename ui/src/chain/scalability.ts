// Scalability campaigns through the node's `scalability_*` JSON-RPC methods, so that the figures
// on screen are exactly the ones `stacktical` and the CI gate read. Network labels come from the
// pallet's storage; a node without those methods (a stock node) is told apart from a chain with
// no campaigns.

import { Binary, type PolkadotClient } from "polkadot-api";
import { MalformedAnswer } from "../model/sli.ts";
import { MissingMethod, type Api } from "./client.ts";

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

async function rpc<T>(client: PolkadotClient, method: string, params: unknown[]): Promise<T> {
  try {
    return await client._request<T, unknown[]>(method, params);
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (/method not found|-32601/i.test(text)) throw new MissingMethod(method);
    throw e instanceof Error ? e : new Error(text);
  }
}

function checkCampaign(c: unknown): Campaign {
  const x = c as Campaign;
  if (!x || typeof x.id !== "number" || !Array.isArray(x.measurements)) throw new MalformedAnswer("a campaign has no id or measurements");
  for (const m of x.measurements) {
    if (![m.n, m.tps, m.latency_p50_ms, m.latency_p95_ms].every(Number.isFinite)) throw new MalformedAnswer(`campaign ${x.id} has a measurement that is not a number`);
  }
  return x;
}

/** The network labels that have campaigns. */
export async function networks(api: Api): Promise<string[]> {
  const entries = await api.query.Scalability.Networks.getEntries();
  return entries.map((e) => Binary.toText(e.keyArgs[0])).sort();
}

/** Every campaign of a network, with its measurements, model and regression verdict. */
export async function campaignsOf(client: PolkadotClient, network: string): Promise<Campaign[]> {
  const history = await rpc<{ id: number }[]>(client, "scalability_history", [network]);
  if (!Array.isArray(history)) throw new MalformedAnswer("scalability_history did not answer a list");
  const campaigns = await Promise.all(history.map((h) => rpc<unknown>(client, "scalability_campaign", [h.id])));
  return campaigns.filter((c) => c !== null).map(checkCampaign);
}

/** The fitted curve at these sizes. */
export async function predict(client: PolkadotClient, campaign: number, sizes: number[]): Promise<Prediction[]> {
  const p = await rpc<Prediction[]>(client, "scalability_predict", [campaign, sizes]);
  if (!Array.isArray(p) || !p.every((x) => Number.isFinite(x.n) && Number.isFinite(x.tps))) throw new MalformedAnswer("scalability_predict did not answer numbers");
  return p;
}
