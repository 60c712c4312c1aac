// Browser wallets through the polkadot-js extension interface (`window.injectedWeb3`), with
// polkadot-api's pjs signer. Without an extension the UI stays read-only.

import { connectInjectedExtension, getInjectedExtensions, type InjectedPolkadotAccount } from "polkadot-api/pjs-signer";

export type Account = InjectedPolkadotAccount;

export function walletNames(): string[] {
  try {
    return getInjectedExtensions();
  } catch {
    return [];
  }
}

/** Connects to an extension and hands its accounts over as they change. */
export async function connectWallet(name: string, onAccounts: (a: Account[]) => void): Promise<() => void> {
  const ext = await connectInjectedExtension(name, "Stacktical");
  onAccounts(ext.getAccounts());
  const unsubscribe = ext.subscribe(onAccounts);
  return () => {
    unsubscribe();
    ext.disconnect();
  };
}
