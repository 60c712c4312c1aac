// What the UI knows about the chain, loaded once and refreshed as blocks are finalized: the
// monitored validators, their SLIs per window (in batches), sparklines, SLA offers. Views
// subscribe with `useStore`; nothing here knows about React beyond that hook.
//
// Loading rules: a window's SLIs load when the view first asks for it, and again on refresh;
// a failed batch keeps the figures that were there and records the error (never an empty
// answer cached as "no data"); a lost connection pauses nothing: polkadot-api retries, and
// the next refresh after it reconnects reloads.

import { useSyncExternalStore } from "react";
import { connect, connectOther, type Api, type Connection, type ConnectionStatus } from "./chain/client.ts";
import type { PolkadotClient } from "polkadot-api";
import * as monitoring from "./chain/monitoring.ts";
import * as sla from "./chain/sla.ts";
import * as staking from "./chain/staking.ts";
import * as identity from "./chain/identity.ts";
import type { Row } from "./model/list.ts";
import type { MemberSli, WindowName } from "./model/sli.ts";

export const SPARK_DAYS = 7;
/** Verdicts shown per SLA on the list. */
export const RECENT_PERIODS = 3;
/** Refresh at most this often, however fast blocks come. */
export const REFRESH_MS = 12_000;
/** Staking data changes by the era: read it again at most this often. */
export const STAKING_REFRESH_MS = 300_000;

export interface ChainInfo {
  name: string;
  genesis: string;
  symbol: string;
  decimals: number;
  /** SS58 address format. */
  ss58: number;
}

export interface State {
  status: ConnectionStatus;
  chain: ChainInfo | null;
  targets: monitoring.Target[] | null;
  targetsError: string | null;
  sli: Partial<Record<WindowName, Map<string, MemberSli>>>;
  sliErrors: Partial<Record<WindowName, Map<string, string>>>;
  loading: Set<WindowName>;
  /** Daily uptime of the last `SPARK_DAYS` days of chain time. */
  spark: Map<string, (number | null)[]>;
  offers: sla.Offer[] | null;
  offersError: string | null;
  /** The latest settled periods of each SLA (at most `RECENT_PERIODS`). */
  recent: Map<number, sla.Period[]>;
  /** The latest finalized block seen. */
  block: number | null;
  /** The block the figures on screen were read at. */
  dataAt: { hash: string; number: number } | null;
  /** From the staking chain, when one is configured. */
  staking: Map<string, staking.Staking> | null;
  stakingError: string | null;
  stakingToken: { symbol: string; decimals: number } | null;
  /** From the People chain, when one is configured. */
  identities: Map<string, identity.Identity> | null;
  identityError: string | null;
  /** Requests this store sent (runtime calls and storage reads). */
  requests: number;
}

export class Store {
  private state: State;
  private listeners = new Set<() => void>();
  private conn: Connection;
  private wanted = new Set<WindowName>();
  private lastRefresh = 0;
  private refreshing = false;
  private sub: { unsubscribe: () => void } | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private latest: { hash: string; number: number } | null = null;
  private again = false;

  readonly stakingClient: PolkadotClient | null;
  private lastStaking = 0;
  readonly peopleClient: PolkadotClient | null;
  private lastIdentities = 0;

  constructor(url: string, stakingUrl: string | null = null, peopleUrl: string | null = null) {
    this.stakingClient = stakingUrl ? connectOther(stakingUrl) : null;
    this.peopleClient = peopleUrl ? connectOther(peopleUrl) : null;
    this.state = {
      status: { state: "connecting", url, attempts: 0 },
      chain: null,
      targets: null,
      targetsError: null,
      sli: {},
      sliErrors: {},
      loading: new Set(),
      spark: new Map(),
      offers: null,
      offersError: null,
      recent: new Map(),
      block: null,
      dataAt: null,
      staking: null,
      stakingError: null,
      stakingToken: null,
      identities: null,
      identityError: null,
      requests: 0,
    };
    this.conn = connect(url, (status) => this.set({ status }));
    this.follow();
    void this.loadChainInfo();
  }

  /** Refreshes on finalized blocks; follows again if the stream ends (a lost node). */
  private follow() {
    this.sub = this.conn.client.finalizedBlock$.subscribe({
      next: (b) => {
        this.latest = { hash: b.hash, number: b.number };
        this.set({ block: b.number });
        if (Date.now() - this.lastRefresh >= REFRESH_MS) void this.refresh();
      },
      error: () => {
        this.retry = setTimeout(() => this.follow(), 2_000);
      },
    });
  }

  get api(): Api {
    return this.conn.api;
  }
  get client() {
    return this.conn.client;
  }
  getState = (): State => this.state;
  subscribe = (f: () => void) => {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  };
  private set(patch: Partial<State>) {
    this.state = { ...this.state, ...patch };
    for (const f of this.listeners) f();
  }
  private count(n = 1) {
    this.set({ requests: this.state.requests + n });
  }

  private async loadChainInfo() {
    try {
      const spec = await this.conn.client.getChainSpecData();
      const props = spec.properties as { tokenSymbol?: string; tokenDecimals?: number; ss58Format?: number } | undefined;
      this.set({
        chain: {
          name: spec.name,
          genesis: spec.genesisHash,
          symbol: typeof props?.tokenSymbol === "string" ? props.tokenSymbol : "UNIT",
          decimals: typeof props?.tokenDecimals === "number" ? props.tokenDecimals : 12,
          ss58: typeof props?.ss58Format === "number" ? props.ss58Format : 42,
        },
      });
    } catch {
      // Retried by the next refresh.
    }
  }

  /** Asks for a window's SLIs: loaded now (with everything else, at the latest block) and on every refresh. */
  want(window: WindowName) {
    if (this.wanted.has(window)) return;
    this.wanted.add(window);
    void this.refresh();
  }

  /** Reloads targets, the wanted windows, sparklines and offers. */
  async refresh() {
    const block = this.latest;
    if (!block) return;
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = true;
    this.lastRefresh = Date.now();
    try {
      if (!this.state.chain) await this.loadChainInfo();
      let targets: monitoring.Target[];
      try {
        this.count();
        targets = await monitoring.targets(this.api, { at: block.hash });
        this.set({ targets, targetsError: null, dataAt: block });
      } catch (e) {
        this.set({ targetsError: message(e) });
        return;
      }
      await Promise.all([...this.wanted].map((w) => this.loadWindow(w, targets, block.hash)));
      await Promise.all([this.loadOffers(block.hash), this.loadSpark(targets, block.hash), this.loadStaking(targets), this.loadIdentities(targets)]);
    } finally {
      this.refreshing = false;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    }
  }

  private async loadWindow(window: WindowName, targets: monitoring.Target[], at: string) {
    if (this.state.loading.has(window)) return;
    this.set({ loading: new Set([...this.state.loading, window]) });
    const sli = new Map(this.state.sli[window] ?? []);
    const errors = new Map<string, string>();
    const batches = await monitoring.groupInBatches(
      this.api,
      targets.map((t) => t.stash),
      window,
      (loaded) => {
        for (const l of loaded) {
          if ("sli" in l) sli.set(l.stash, l.sli);
          else errors.set(l.stash, l.error);
        }
        this.set({ sli: { ...this.state.sli, [window]: new Map(sli) }, sliErrors: { ...this.state.sliErrors, [window]: new Map(errors) } });
      },
      { at },
    );
    this.count(batches);
    const loading = new Set(this.state.loading);
    loading.delete(window);
    this.set({ loading });
  }

  private async loadSpark(targets: monitoring.Target[], at: string) {
    if (targets.length === 0) return;
    let now: number;
    try {
      this.count();
      now = await monitoring.chainNow(this.api, { at });
    } catch {
      return;
    }
    const days = monitoring.sparkDays(now, SPARK_DAYS);
    const spark = new Map<string, (number | null)[]>();
    const stashes = targets.map((t) => t.stash);
    for (const s of stashes) spark.set(s, days.map(() => null));
    await Promise.all(
      days.map(async (day, i) => {
        const batches = await monitoring.groupInBatches(this.api, stashes, day, (loaded) => {
          for (const l of loaded) if ("sli" in l) spark.get(l.stash)![i] = l.sli.sli.uptimePct;
        }, { at });
        this.count(batches);
      }),
    );
    this.set({ spark });
  }

  private async loadStaking(targets: monitoring.Target[]) {
    const client = this.stakingClient;
    if (!client || Date.now() - this.lastStaking < STAKING_REFRESH_MS) return;
    this.lastStaking = Date.now();
    try {
      if (!this.state.stakingToken) {
        const spec = await client.getChainSpecData();
        const p = spec.properties as { tokenSymbol?: unknown; tokenDecimals?: unknown } | undefined;
        this.set({ stakingToken: { symbol: typeof p?.tokenSymbol === "string" ? p.tokenSymbol : "DOT", decimals: typeof p?.tokenDecimals === "number" ? p.tokenDecimals : 10 } });
      }
      this.set({ staking: await staking.stakingFor(client, targets.map((t) => t.stash)), stakingError: null });
    } catch (e) {
      this.lastStaking = 0;
      this.set({ stakingError: message(e) });
    }
  }

  private async loadOffers(at: string) {
    try {
      this.count(2);
      const offers = await sla.offers(this.api, at);
      this.set({ offers, offersError: null });
      // One request per SLA with settled periods, not per validator.
      const recent = new Map<number, sla.Period[]>();
      await Promise.all(
        offers
          .filter((o) => o.nextSettle > 0)
          .map(async (o) => {
            const from = Math.max(0, o.nextSettle - RECENT_PERIODS);
            this.count();
            recent.set(o.id, await sla.periods(this.api, o.id, from, o.nextSettle - from, at));
          }),
      );
      this.set({ recent });
    } catch (e) {
      this.set({ offersError: message(e) });
    }
  }

  /** Identities change rarely: read again at most as often as staking data. */
  private async loadIdentities(targets: monitoring.Target[]) {
    const client = this.peopleClient;
    if (!client || Date.now() - this.lastIdentities < STAKING_REFRESH_MS) return;
    this.lastIdentities = Date.now();
    try {
      this.set({ identities: await identity.identitiesFor(client, targets.map((t) => t.stash)), identityError: null });
    } catch (e) {
      this.lastIdentities = 0;
      this.set({ identityError: message(e) });
    }
  }

  /** The list's rows for the current state. */
  rows(state: State): Row[] {
    const slaOf = new Map<string, number[]>();
    for (const o of state.offers ?? []) for (const m of o.members) slaOf.set(m, [...(slaOf.get(m) ?? []), o.id]);
    return (state.targets ?? []).map((t) => {
      const sli: Row["sli"] = {};
      for (const [w, m] of Object.entries(state.sli) as [WindowName, Map<string, MemberSli>][]) {
        const v = m.get(t.stash);
        if (v) sli[w] = v;
      }
      return { stash: t.stash, name: state.identities?.get(t.stash)?.display ?? null, paused: t.paused, sli, slaIds: slaOf.get(t.stash) ?? [] };
    });
  }

  close() {
    this.stakingClient?.destroy();
    this.peopleClient?.destroy();
    if (this.retry) clearTimeout(this.retry);
    this.sub?.unsubscribe();
    this.conn.close();
  }
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function useStore(store: Store): State {
  return useSyncExternalStore(store.subscribe, store.getState);
}
