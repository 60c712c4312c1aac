// Reads the monitoring pallet through its runtime API (`SliApi`, over `state_call`, so it works
// against any node hosting the runtime): the monitored validators, their SLIs in batches of
// stashes (what the node's `sli_group` RPC wraps), and one validator's history. Every answer
// goes through the checks in `model/sli.ts` before the UI sees it.

import { Binary } from "polkadot-api";
import {
  channelFromRaw,
  MalformedAnswer,
  sliFromRaw,
  type Channel,
  type ChannelSli,
  windowFromRaw,
  type Bucket,
  type GroupSli,
  type MemberSli,
  type RawSli,
  type WindowName,
} from "../model/sli.ts";
import { base58 } from "../model/format.ts";
import { explain, type Api } from "./client.ts";

/** Stashes per `SliApi.sli` call: one request per batch, never one per validator. */
export const BATCH = 128;

export interface LastProbe {
  prober: string;
  channel: Channel;
  period: number;
  up: boolean;
  latencyMs: number | null;
  reason: string | null;
}

export interface Target {
  id: number;
  stash: string;
  endpoints: string[];
  paused: boolean;
  probers: string[];
  /** Its primary channel: the one its SLIs are over. */
  channel: Channel;
  lastProbes: LastProbe[];
  /** For a validator of the relay chain's set: the PeerId (base58) and creation time of its newest verified record. */
  discovery: { peerId: string | null; latestRecordMs: number | null } | null;
}

type RawWindowArg =
  | { type: "Day"; value?: undefined }
  | { type: "Week"; value?: undefined }
  | { type: "Month"; value?: undefined }
  | { type: "Year"; value?: undefined }
  | { type: "Era"; value: number | undefined }
  | { type: "Custom"; value: { from_ms: bigint; to_ms: bigint } };

export function windowArg(w: WindowName | { fromMs: number; toMs: number }): RawWindowArg {
  if (typeof w === "object") return { type: "Custom", value: { from_ms: BigInt(w.fromMs), to_ms: BigInt(w.toMs) } };
  switch (w) {
    case "day":
      return { type: "Day", value: undefined };
    case "week":
      return { type: "Week", value: undefined };
    case "month":
      return { type: "Month", value: undefined };
    case "year":
      return { type: "Year", value: undefined };
    case "era":
      return { type: "Era", value: undefined };
  }
}

/** Keys arrive as hex strings (fixed-size) or bytes. */
const hex = (k: unknown): string => (k instanceof Uint8Array ? Binary.toHex(k) : String(k));
const bytes = (k: unknown): Uint8Array => (k instanceof Uint8Array ? k : Binary.fromHex(String(k) as `0x${string}`));

function reason(r: { type: string; value?: unknown }): string {
  switch (r.type) {
    case "HttpStatus":
      // The chain keeps a status by its class only (404 as 400).
      return `http ${Math.floor(Number(r.value) / 100)}xx`;
    case "NoPeers":
      return "no peers";
    case "BadBody":
      return "bad body";
    case "HandshakeFailed":
      return "handshake failed";
    case "WrongPeer":
      return "wrong peer";
    case "WrongChain":
      return "wrong chain";
    case "NoPublicAddress":
      return "no public address";
    case "NoRecord":
      return "no record";
    default:
      return r.type.toLowerCase();
  }
}

/** Where a query reads: a block hash (default: the latest finalized block) and an abort signal. */
export interface At {
  at?: string;
  signal?: AbortSignal;
}

/** Every monitored validator. */
export async function targets(api: Api, opts: At = {}): Promise<Target[]> {
  let raw;
  try {
    raw = await api.apis.SliApi.targets(opts);
  } catch (e) {
    throw explain("SliApi.targets", e);
  }
  if (!Array.isArray(raw)) throw new MalformedAnswer("the targets are not a list");
  return raw.map((t) => ({
    id: t.id,
    stash: t.stash,
    endpoints: t.endpoints.map((e: Uint8Array) => Binary.toText(e)),
    paused: t.paused,
    probers: t.probers.map(hex),
    channel: channelFromRaw(t.channel, `target ${t.id}`),
    lastProbes: t.last_probes.map(([prober, channel, p]: [unknown, { type: string }, { period: number; outcome: { type: string; value: any } }]) => ({
      prober: hex(prober),
      channel: channelFromRaw(channel, "a latest probe"),
      period: p.period,
      up: p.outcome.type === "Up",
      latencyMs: p.outcome.type === "Up" ? Number(p.outcome.value) : null,
      reason: p.outcome.type === "Down" ? reason(p.outcome.value) : null,
    })),
    discovery: t.discovery
      ? { peerId: t.discovery.latest ? base58(bytes(t.discovery.latest.peer_id)) : null, latestRecordMs: t.discovery.latest ? Number(t.discovery.latest.created_ms) : null }
      : null,
  }));
}

function queryError(e: { type: string; value?: unknown }): Error {
  switch (e.type) {
    case "UnknownValidator":
      return new Error("one of these validators is not monitored (any more)");
    case "BadWindow":
      return new Error(`the window cannot be answered (${(e.value as { type?: string })?.type ?? "?"})`);
    case "NoClock":
      return new Error("the chain has no clock yet");
    case "TooManyValidators":
      return new Error("more validators than the chain answers in one query");
    case "TooManyBuckets":
      return new Error("the window holds more buckets than the chain answers in one query");
    default:
      return new MalformedAnswer(`unknown query error ${e.type}`);
  }
}

/** Hours counted and hours a verified record vouches for, as the chain counts them. */
export function discoverabilityFromRaw(raw: { hours: number; discoverable_hours: number }): NonNullable<MemberSli["discoverability"]> {
  const hours = Number(raw.hours);
  const discoverableHours = Number(raw.discoverable_hours);
  if (!(hours >= 0 && discoverableHours >= 0 && discoverableHours <= hours)) throw new MalformedAnswer("discoverability counts more hours vouched for than counted");
  return { pct: hours > 0 ? (100 * discoverableHours) / hours : null, hours, discoverableHours };
}

/** One channel's figures; `raw` is a member (its primary channel) or its `http` part. */
function channelSli(raw: any, what: string): ChannelSli {
  return {
    sli: sliFromRaw(raw.sli as RawSli, what),
    maxDeviationPct: Number(raw.max_deviation_ppm) / 10_000,
    probersSeen: Number(raw.probers_seen),
    insufficientHours: Number(raw.insufficient_hours ?? 0),
    probers: (raw.probers ?? []).map((p: any) => ({
      prober: hex(p.prober),
      sli: sliFromRaw(p.sli as RawSli, "a prober's SLI"),
      deviationPct: Number(p.deviation_ppm) / 10_000,
    })),
  };
}

export function member(raw: any): MemberSli {
  if (!raw || typeof raw.stash !== "string") throw new MalformedAnswer("a member has no stash");
  const channel = channelFromRaw(raw.channel, `${raw.stash}'s SLI`);
  if (raw.http && channel !== "p2p") throw new MalformedAnswer(`${raw.stash} has HTTP SLIs beside its HTTP SLIs`);
  return {
    stash: raw.stash,
    channel,
    ...channelSli(raw, `${raw.stash}'s SLI`),
    ...(raw.discoverability ? { discoverability: discoverabilityFromRaw(raw.discoverability) } : {}),
    ...(raw.http ? { http: channelSli(raw.http, `${raw.stash}'s HTTP SLI`) } : {}),
  };
}

/** SLIs of one batch of stashes (at most `BATCH`), pooled and per member. */
export async function group(api: Api, stashes: string[], window: WindowName | { fromMs: number; toMs: number }, opts: At = {}): Promise<GroupSli> {
  let answer;
  try {
    answer = await api.apis.SliApi.sli(stashes, windowArg(window) as any, opts);
  } catch (e) {
    throw explain("SliApi.sli", e);
  }
  if (!answer || typeof answer !== "object" || !("success" in answer)) throw new MalformedAnswer("the SLI answer has no result");
  if (!answer.success) throw queryError(answer.value as any);
  const report = answer.value;
  const members = report.members.map(member);
  return { window: windowFromRaw(report.window as any), aggregate: sliFromRaw(report.aggregate as RawSli, "the pooled SLI"), members };
}

export type Loaded = { stash: string; sli: MemberSli } | { stash: string; error: string };

/**
 * SLIs of many validators: one request per `BATCH` stashes, `parallel` batches at a time;
 * a batch that fails is reported for its stashes, the others still load.
 */
export async function groupInBatches(
  api: Api,
  stashes: string[],
  window: WindowName | { fromMs: number; toMs: number },
  onBatch: (loaded: Loaded[]) => void,
  options: At & { parallel?: number } = {},
): Promise<number> {
  const batches: string[][] = [];
  for (let i = 0; i < stashes.length; i += BATCH) batches.push(stashes.slice(i, i + BATCH));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      try {
        const g = await group(api, batch, window, { at: options.at, signal: options.signal });
        onBatch(g.members.map((m) => ({ stash: m.stash, sli: m })));
      } catch (e) {
        if (options.signal?.aborted) return;
        const error = e instanceof Error ? e.message : String(e);
        onBatch(batch.map((stash) => ({ stash, error })));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 2, batches.length) }, worker));
  return batches.length;
}

/** A validator's SLIs bucket by bucket over a window. */
export async function history(api: Api, stash: string, window: WindowName, opts: At = {}): Promise<{ resolution: "hour" | "day"; buckets: Bucket[] }> {
  let answer;
  try {
    answer = await api.apis.SliApi.history(stash, windowArg(window) as any, opts);
  } catch (e) {
    throw explain("SliApi.history", e);
  }
  if (!answer.success) throw queryError(answer.value as any);
  const [bounds, buckets] = answer.value;
  const span = windowFromRaw(bounds as any);
  return {
    resolution: span.resolution,
    buckets: buckets.map((b: any) => {
      const fromMs = Number(b.from_ms);
      const toMs = Number(b.to_ms);
      if (!(fromMs < toMs)) throw new MalformedAnswer("a bucket ends before it starts");
      return {
        fromMs,
        toMs,
        channel: channelFromRaw(b.channel, "a bucket"),
        sli: sliFromRaw(b.sli as RawSli, "a bucket's SLI"),
        probers: Number(b.probers),
        ...(b.http ? { http: { sli: sliFromRaw(b.http.sli as RawSli, "a bucket's HTTP SLI"), probers: Number(b.http.probers) } } : {}),
      };
    }),
  };
}

/** The chain's own clock (Unix ms): windows are in chain time, which a dev chain runs fast. */
export async function chainNow(api: Api, opts: At = {}): Promise<number> {
  return Number(await api.query.Timestamp.Now.getValue(opts));
}

export const DAY_MS = 86_400_000;

/** The days of a sparkline: the last `days` whole UTC days of chain time, ending today. */
export function sparkDays(nowMs: number, days: number): { fromMs: number; toMs: number }[] {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const out = [];
  for (let i = days - 1; i >= 0; i--) {
    const fromMs = today - i * DAY_MS;
    out.push({ fromMs, toMs: Math.min(fromMs + DAY_MS, nowMs) });
  }
  return out.filter((d) => d.fromMs < d.toMs);
}
