// SLA contracts (`pallet-sla`) and their money (`pallet-compensation`): the offers on the list
// (read from storage in one request per pallet, whatever the number of validators), an SLA's
// periods with verdicts and money moved (`SlaApi`), an account's position, and the two actions
// a nominator takes: buy cover and claim.

import type { PolkadotSigner } from "polkadot-api";
import { MalformedAnswer, sliFromRaw, type RawSli, type Sli } from "../model/sli.ts";
import { explain, type Api } from "./client.ts";

export interface Objective {
  metric: "Uptime" | "LatencyMean" | "LatencyP50" | "LatencyP95" | "LatencyP99";
  atLeast: boolean;
  /** ppm for uptime, µs for latency. */
  target: number;
}

export interface Offer {
  id: number;
  provider: string;
  members: string[];
  objectives: Objective[];
  cadence: string;
  periodMs: number;
  periods: number;
  state: string;
  /** The next period to settle: periods before it have verdicts. */
  nextSettle: number;
  /** Present once the provider opened the market. */
  market: { premiumPpm: number; bond: bigint; backing: bigint; leverage: number } | null;
}

export interface Period {
  period: number;
  fromMs: number;
  toMs: number;
  verdict: "met" | "breached" | "void";
  creditPct: number | null;
  voidReason: string | null;
  sli: Sli;
  probers: number;
  /** Once final: cover active, premiums, what went to the provider and backers, compensation paid to holders, premiums refunded. */
  money: { cover: bigint; premium: bigint; toProvider: bigint; toBackers: bigint; compensation: bigint; refunded: bigint } | null;
}

export interface Position {
  cover: { amount: bigint; premium: bigint; from: number; to: number; claimed: bigint } | null;
  claimable: bigint;
}

/** How an objective reads: "uptime ≥ 99.5 %", "p95 ≤ 250 ms". */
export function objectiveText(o: Objective): string {
  const sign = o.atLeast ? "≥" : "≤";
  if (o.metric === "Uptime") return `uptime ${sign} ${(o.target / 10_000).toFixed(2)} %`;
  const name = { LatencyMean: "mean latency", LatencyP50: "p50", LatencyP95: "p95", LatencyP99: "p99" }[o.metric];
  return `${name} ${sign} ${(o.target / 1_000).toFixed(0)} ms`;
}

function cadenceText(c: { type: string; value: number }): string {
  const unit = { Hours: "hour", Days: "day", Weeks: "week", Months: "month", Eras: "era" }[c.type] ?? c.type.toLowerCase();
  return c.value === 1 ? unit : `${c.value} ${unit}s`;
}

/** Every SLA on the chain with its market: two storage reads. */
export async function offers(api: Api, at?: string): Promise<Offer[]> {
  let slas, markets;
  try {
    [slas, markets] = await Promise.all([api.query.Sla.Slas.getEntries({ at }), api.query.Compensation.Markets.getEntries({ at })]);
  } catch (e) {
    throw explain("Sla.Slas", e);
  }
  const marketOf = new Map(markets.map((m) => [m.keyArgs[0], m.value]));
  return slas
    .map(({ keyArgs: [id], value: s }) => {
      const m = marketOf.get(id);
      return {
        id,
        provider: s.provider,
        members: [...s.members],
        objectives: s.terms.clauses.map((c) => ({
          metric: c.objective.metric.type,
          atLeast: c.objective.direction.type === "AtLeast",
          target: c.objective.target,
        })),
        cadence: cadenceText(s.terms.cadence as { type: string; value: number }),
        periodMs: Number(s.period_ms),
        periods: s.terms.periods,
        state: s.state.type,
        nextSettle: s.next_settle,
        market: m ? { premiumPpm: m.terms.premium_ppm, bond: m.bond, backing: m.backing, leverage: m.terms.leverage } : null,
      } satisfies Offer;
    })
    .sort((a, b) => a.id - b.id);
}

/** Settled periods of an SLA, newest last. */
export async function periods(api: Api, id: number, from: number, count: number, at?: string): Promise<Period[]> {
  let answer;
  try {
    answer = await api.apis.SlaApi.periods(id, from, count, { at });
  } catch (e) {
    throw explain("SlaApi.periods", e);
  }
  if (!answer.success) throw new Error(`SLA ${id} does not exist`);
  return answer.value.map((p) => {
    const v = p.record.verdict;
    const money = p.money;
    return {
      period: p.period,
      fromMs: Number(p.from_ms),
      toMs: Number(p.to_ms),
      verdict: v.type === "Met" ? "met" : v.type === "Breached" ? "breached" : "void",
      creditPct: v.type === "Breached" ? v.value.credit_ppm / 10_000 : null,
      voidReason: v.type === "Void" ? v.value.type : null,
      sli: sliFromRaw(p.record.sli as RawSli, `period ${p.period}'s SLI`),
      probers: p.record.probers,
      money: money
        ? {
            cover: money.cover,
            premium: money.premium,
            toProvider: money.to_provider,
            toBackers: money.to_backers,
            compensation: money.from_bond + money.from_backing,
            refunded: money.refunded,
          }
        : null,
    } satisfies Period;
  });
}

/** Where an SLA stands: how many periods have been settled. */
export async function settledCount(api: Api, id: number): Promise<number> {
  let answer;
  try {
    answer = await api.apis.SlaApi.sla(id);
  } catch (e) {
    throw explain("SlaApi.sla", e);
  }
  if (!answer.success) throw new Error(`SLA ${id} does not exist`);
  return answer.value.next_settle;
}

export async function position(api: Api, id: number, who: string): Promise<Position> {
  const answer = await api.apis.SlaApi.position(id, who);
  if (!answer.success) throw new Error(`SLA ${id} does not exist`);
  const c = answer.value.cover;
  if (c && c.claimed > c.amount * 1_000n) throw new MalformedAnswer("a cover claimed more than it could");
  return {
    cover: c ? { amount: c.amount, premium: c.premium, from: c.from, to: c.to, claimed: c.claimed } : null,
    claimable: answer.value.claimable_cover,
  };
}

/** Premium for `amount` of cover over `periods` periods, as the pallet charges it. */
export function premium(amount: bigint, premiumPpm: number, periods: number): bigint {
  return (amount * BigInt(premiumPpm) * BigInt(periods)) / 1_000_000n;
}

export type TxOutcome = { ok: true; block: string } | { ok: false; error: string };

async function submit(tx: { signAndSubmit: (s: PolkadotSigner) => Promise<any> }, signer: PolkadotSigner): Promise<TxOutcome> {
  try {
    const r = await tx.signAndSubmit(signer);
    if (r.ok) return { ok: true, block: r.block.hash };
    const err = r.dispatchError;
    const detail = err?.type === "Module" ? `${err.value.type}.${err.value.value?.type ?? "?"}` : err?.type ?? "failed";
    return { ok: false, error: detail };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export function buyCover(api: Api, signer: PolkadotSigner, sla: number, amount: bigint, periods: number): Promise<TxOutcome> {
  return submit(api.tx.Compensation.buy_cover({ sla, amount, periods }), signer);
}

export function claim(api: Api, signer: PolkadotSigner, sla: number): Promise<TxOutcome> {
  return submit(api.tx.Compensation.claim({ sla }), signer);
}
