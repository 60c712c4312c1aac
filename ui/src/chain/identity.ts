// Validators' on-chain identities from a People chain (where `pallet-identity` lives on Polkadot
// and Kusama since 2024), when the page is given one with `?people=wss://…`: the display name,
// "parent/sub" for a sub-identity, and whether a registrar judged it good. Read untyped
// (`getUnsafeApi`) and checked, in three batched storage reads; without it the list shows
// short addresses.

import { Binary, type PolkadotClient } from "polkadot-api";

export interface Identity {
  display: string;
  /** A registrar's judgement is Reasonable or KnownGood. */
  verified: boolean;
}

/** Longest name shown; identity fields hold at most 32 bytes, a sub-identity joins two. */
const MAX_NAME = 65;
const GOOD = new Set(["Reasonable", "KnownGood"]);

/** Bytes as polkadot-api gives them (`Uint8Array`), or as hex. */
function bytesOf(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string" && /^0x([0-9a-fA-F]{2})*$/.test(v)) return Binary.fromHex(v as `0x${string}`);
  return null;
}

/** The text of an identity `Data` field; null for none, a hash, or bytes that are not text. */
export function dataText(data: unknown): string | null {
  const d = data as { type?: unknown; value?: unknown } | null | undefined;
  if (!d || typeof d.type !== "string" || !/^Raw\d+$/.test(d.type)) return null;
  const bytes = bytesOf(d.value);
  if (!bytes || bytes.length === 0) return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // Control characters could fake layout; they are dropped.
  text = text.replace(/\p{Cc}/gu, "").trim();
  return text ? text.slice(0, MAX_NAME) : null;
}

/** A registration's name and judgement (a bare registration, or the older `(registration, username)`). */
export function registrationOf(value: unknown): Identity | null {
  const reg = (Array.isArray(value) ? value[0] : value) as { info?: { display?: unknown }; judgements?: unknown } | null | undefined;
  const display = dataText(reg?.info?.display);
  if (!display) return null;
  const judgements = Array.isArray(reg?.judgements) ? (reg.judgements as unknown[]) : [];
  const verified = judgements.some((j) => Array.isArray(j) && GOOD.has((j[1] as { type?: string } | undefined)?.type ?? ""));
  return { display, verified };
}

/** The name to show for an account: its own identity, else `parent/sub` from `SuperOf` and the parent's. */
export function identityOf(own: unknown, superOf: unknown, parent: unknown): Identity | null {
  const direct = registrationOf(own);
  if (direct) return direct;
  if (!Array.isArray(superOf)) return null;
  const p = registrationOf(parent);
  if (!p) return null;
  const sub = dataText(superOf[1]);
  return { display: (sub ? `${p.display}/${sub}` : p.display).slice(0, MAX_NAME), verified: p.verified };
}

/** Identities of these stashes (keyed as given; those without one are left out). */
export async function identitiesFor(client: PolkadotClient, stashes: string[]): Promise<Map<string, Identity>> {
  const api = client.getUnsafeApi() as any;
  const keys = stashes.map((s) => [s]);
  const [own, sups] = (await Promise.all([api.query.Identity.IdentityOf.getValues(keys), api.query.Identity.SuperOf.getValues(keys)])) as [unknown[], unknown[]];
  const parents = [...new Set(sups.flatMap((s) => (Array.isArray(s) && typeof s[0] === "string" ? [s[0] as string] : [])))];
  const parentValues = parents.length > 0 ? ((await api.query.Identity.IdentityOf.getValues(parents.map((p) => [p]))) as unknown[]) : [];
  const parentOf = new Map(parents.map((p, i) => [p, parentValues[i]]));
  const out = new Map<string, Identity>();
  stashes.forEach((s, i) => {
    const sup = sups[i];
    const id = identityOf(own[i], sup, Array.isArray(sup) ? parentOf.get(sup[0] as string) : undefined);
    if (id) out.set(s, id);
  });
  return out;
}
