// Staking data from a staking chain (Asset Hub on Polkadot and Kusama since the 2025 migration;
// the relay chain before it), when the page is given one with `?staking=wss://…`: commission,
// blocked, stake and active or waiting, for all listed validators in three storage reads.
// The chain is not Stacktical's, so its API is read untyped (`getUnsafeApi`) and every value
// is checked; the list works without it.

import { AccountId, type PolkadotClient } from "polkadot-api";

export interface Staking {
  /** Percent. */
  commissionPct: number;
  blocked: boolean;
  status: "active" | "waiting";
  /** Total and own stake in the staking chain's smallest unit, when active. */
  total: bigint | null;
  own: bigint | null;
  nominators: number | null;
}

export interface StakingChain {
  client: PolkadotClient;
  symbol: string;
  decimals: number;
}

const PERBILL = 1_000_000_000;

/** The same account in another chain's SS58 format (Stacktical's, say); null if not an address. */
export function reformat(address: string, ss58Format: number): string | null {
  try {
    return AccountId(ss58Format).dec(AccountId().enc(address));
  } catch {
    return null;
  }
}

/** The staking view of one validator from its storage values (pure; unit-tested). */
export function stakingOf(prefs: unknown, overview: unknown): Staking | null {
  const p = prefs as { commission?: unknown; blocked?: unknown } | undefined;
  if (!p || typeof p.commission !== "number" || p.commission < 0 || p.commission > PERBILL) return null;
  const o = overview as { total?: unknown; own?: unknown; nominator_count?: unknown } | undefined;
  const active = !!o && typeof o.total === "bigint";
  return {
    commissionPct: (p.commission / PERBILL) * 100,
    blocked: p.blocked === true,
    status: active ? "active" : "waiting",
    total: active ? (o!.total as bigint) : null,
    own: active && typeof o!.own === "bigint" ? (o!.own as bigint) : null,
    nominators: active && typeof o!.nominator_count === "number" ? (o!.nominator_count as number) : null,
  };
}

/**
 * Staking data for these stashes (in any SS58 format; the answer is keyed as given): the validator intentions (all of them: `Validators` answers a
 * default for any account, so only its entries tell a validator), the active era, and that
 * era's exposures of these stashes.
 */
export async function stakingFor(client: PolkadotClient, stashes: string[]): Promise<Map<string, Staking>> {
  const api = client.getUnsafeApi() as any;
  const [era, entries] = await Promise.all([api.query.Staking.ActiveEra.getValue(), api.query.Staking.Validators.getEntries()]);
  // Compared by public key: the staking chain writes addresses in its own format.
  const key = (a: string) => reformat(a, 42);
  const prefs = new Map<string | null, unknown>((entries as { keyArgs: [string]; value: unknown }[]).map((e) => [key(e.keyArgs[0]), e.value]));
  const index = typeof era?.index === "number" ? era.index : null;
  const listed = stashes.filter((s) => key(s) !== null && prefs.has(key(s)));
  const overviews: unknown[] = index === null || listed.length === 0 ? listed.map(() => undefined) : await api.query.Staking.ErasStakersOverview.getValues(listed.map((s) => [index, s]));
  const out = new Map<string, Staking>();
  listed.forEach((s, i) => {
    const v = stakingOf(prefs.get(key(s)), overviews[i]);
    if (v) out.set(s, v);
  });
  return out;
}

/** A nominator's targets on the staking chain, in `ss58Format`. */
export async function nominationsOf(client: PolkadotClient, who: string, ss58Format: number): Promise<string[]> {
  const api = client.getUnsafeApi() as any;
  const n = await api.query.Staking.Nominators.getValue(who);
  const targets: unknown[] = Array.isArray(n?.targets) ? n.targets : [];
  return targets.map((t) => (typeof t === "string" ? reformat(t, ss58Format) : null)).filter((t): t is string => t !== null);
}
