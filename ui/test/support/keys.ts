// Development accounts (`//Alice`, `//Bob`, …) as polkadot-api signers, for test set-up and
// benchmarks, and a test wallet injected into the page through the polkadot-js extension
// interface: the page signs with the same code path a real extension takes.

import { sr25519CreateDerive } from "@polkadot-labs/hdkd";
import { DEV_MINI_SECRET, ss58Address } from "@polkadot-labs/hdkd-helpers";
import { Blake2256, compact, u32 } from "@polkadot-api/substrate-bindings";
import { fromHex, mergeUint8, toHex } from "@polkadot-api/utils";
import { getPolkadotSigner, type PolkadotSigner } from "polkadot-api/signer";
import type { Page } from "playwright-core";

const derive = sr25519CreateDerive(DEV_MINI_SECRET);

export interface DevAccount {
  name: string;
  address: string;
  publicKey: Uint8Array;
  sign: (data: Uint8Array) => Uint8Array;
  signer: PolkadotSigner;
}

export function dev(path: string): DevAccount {
  const kp = derive(path.startsWith("//") ? path : `//${path}`);
  return {
    name: path.replace(/^\/\//, ""),
    address: ss58Address(kp.publicKey, 42),
    publicKey: kp.publicKey,
    sign: kp.sign,
    signer: getPolkadotSigner(kp.publicKey, "Sr25519", kp.sign),
  };
}

/** The payload a polkadot-js extension signs, encoded as the runtime checks it. */
export function signingPayload(p: Record<string, any>): Uint8Array {
  const extra: Uint8Array[] = [];
  const implicit: Uint8Array[] = [];
  for (const id of p.signedExtensions as string[]) {
    switch (id) {
      case "CheckSpecVersion":
        implicit.push(u32.enc(Number(p.specVersion)));
        break;
      case "CheckTxVersion":
        implicit.push(u32.enc(Number(p.transactionVersion)));
        break;
      case "CheckGenesis":
        implicit.push(fromHex(p.genesisHash));
        break;
      case "CheckMortality":
        extra.push(fromHex(p.era));
        implicit.push(fromHex(p.blockHash));
        break;
      case "CheckNonce":
        extra.push(compact.enc(Number(p.nonce)));
        break;
      case "ChargeTransactionPayment":
        extra.push(compact.enc(BigInt(p.tip)));
        break;
      case "CheckMetadataHash":
        extra.push(new Uint8Array([Number(p.mode ?? 0)]));
        implicit.push(p.mode ? mergeUint8([new Uint8Array([1]), fromHex(p.metadataHash)]) : new Uint8Array([0]));
        break;
      default:
        // Extensions without data (CheckNonZeroSender, CheckWeight, AuthorizeCall, …).
        break;
    }
  }
  const payload = mergeUint8([fromHex(p.method), ...extra, ...implicit]);
  return payload.length > 256 ? Blake2256(payload) : payload;
}

/**
 * Injects a wallet named `stacktical-test` holding `accounts` into every page of the context
 * of `page`, before the app loads. Signing happens in the test process.
 */
export async function injectWallet(page: Page, accounts: DevAccount[]): Promise<{ signed: number }> {
  const counter = { signed: 0 };
  const byAddress = new Map(accounts.map((a) => [a.address, a]));
  await page.exposeFunction("__stackticalSignPayload", (payload: Record<string, any>) => {
    const a = byAddress.get(payload.address);
    if (!a) throw new Error(`no key for ${payload.address}`);
    counter.signed += 1;
    // MultiSignature::Sr25519.
    return { id: counter.signed, signature: toHex(mergeUint8([new Uint8Array([1]), a.sign(signingPayload(payload))])) };
  });
  await page.exposeFunction("__stackticalSignRaw", (raw: { address: string; data: string }) => {
    const a = byAddress.get(raw.address);
    if (!a) throw new Error(`no key for ${raw.address}`);
    return { id: 0, signature: toHex(a.sign(fromHex(raw.data))) };
  });
  const list = accounts.map((a) => ({ address: a.address, name: a.name, type: "sr25519" }));
  // A script as text: a function would be serialised after tsx's transform, whose helpers
  // (`__name`) do not exist in the page.
  await page.addInitScript(`
    window.injectedWeb3 = window.injectedWeb3 ?? {};
    window.injectedWeb3["stacktical-test"] = {
      version: "1.0.0",
      enable: async () => ({
        accounts: {
          get: async () => ${JSON.stringify(list)},
          subscribe: (cb) => {
            cb(${JSON.stringify(list)});
            return () => {};
          },
        },
        signer: {
          signPayload: (p) => window.__stackticalSignPayload(p),
          signRaw: (p) => window.__stackticalSignRaw(p),
        },
      }),
    };
  `);
  return counter;
}
