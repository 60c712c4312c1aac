// The shell: connection banner, navigation, wallet, and the page the URL names. The route
// (page, sort, filters, window, group) lives in the URL's hash.

import { useEffect, useMemo, useState } from "react";
import { connectWallet, walletNames, type Account } from "./chain/wallet.ts";
import { nominationsOf } from "./chain/staking.ts";
import type { Endpoints } from "./config.ts";
import { formatRoute, parseRoute, type Route } from "./model/route.ts";
import { shortAddress } from "./model/format.ts";
import { Store, useStore } from "./store.ts";
import { ConnectionBanner } from "./views/common.tsx";
import { Mine } from "./views/Mine.tsx";
import { Scalability } from "./views/Scalability.tsx";
import { Telemetry } from "./views/Telemetry.tsx";
import { ValidatorList } from "./views/ValidatorList.tsx";
import { ValidatorPage } from "./views/ValidatorPage.tsx";

function useRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  const navigate = (r: Route) => {
    const hash = formatRoute(r);
    // Same page: replace, so that typing in a filter does not flood the history.
    if (r.page.name === route.page.name) history.replaceState(null, "", hash);
    else history.pushState(null, "", hash);
    setRoute(r);
  };
  return [route, navigate];
}

export function App({ endpoints }: { endpoints: Endpoints }) {
  const store = useMemo(() => new Store(endpoints.rpc, endpoints.staking, endpoints.people), [endpoints.rpc, endpoints.staking, endpoints.people]);
  useEffect(() => () => store.close(), [store]);
  const state = useStore(store);
  const [route, navigate] = useRoute();
  const [wallets, setWallets] = useState<string[]>([]);
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [account, setAccount] = useState<Account | null>(null);
  const [walletError, setWalletError] = useState<string | null>(null);
  useEffect(() => {
    // Extensions inject themselves after the page loads.
    const t = setTimeout(() => setWallets(walletNames()), 300);
    return () => clearTimeout(t);
  }, []);
  const useWallet = async (name: string) => {
    try {
      await connectWallet(name, (a) => {
        setAccounts(a);
        setAccount((cur) => a.find((x) => x.address === cur?.address) ?? a[0] ?? null);
      });
      setWalletError(null);
    } catch (e) {
      setWalletError(e instanceof Error ? e.message : String(e));
    }
  };

  // A wallet account's nominations, from the staking chain when one is configured.
  const [nominations, setNominations] = useState<string[] | null>(null);
  useEffect(() => {
    if (!account || !store.stakingClient) return setNominations(null);
    nominationsOf(store.stakingClient, account.address, state.chain?.ss58 ?? 42).then(setNominations, () => setNominations(null));
  }, [account, store, state.chain]);

  const page = route.page;
  const nav = (name: Route["page"]["name"], label: string) => (
    <a href={formatRoute({ ...route, page: name === "validator" ? { name: "validators" } : ({ name } as Route["page"]) })} aria-current={page.name === name ? "page" : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <header>
        <h1>
          Stacktical <small className="muted">{state.chain ? `${state.chain.name}${state.block !== null ? ` · #${state.block}` : ""}` : ""}</small>
        </h1>
        <nav aria-label="Pages">
          {nav("validators", "Validators")}
          {nav("mine", "My validators")}
          {nav("scalability", "Scalability")}
          {nav("telemetry", "Telemetry")}
        </nav>
        <div className="wallet">
          {account ? (
            <label>
              Account{" "}
              <select value={account.address} onChange={(e) => setAccount(accounts.find((a) => a.address === e.target.value) ?? null)}>
                {accounts.map((a) => (
                  <option key={a.address} value={a.address}>
                    {a.name ?? shortAddress(a.address)}
                  </option>
                ))}
              </select>
            </label>
          ) : wallets.length > 0 ? (
            wallets.map((w) => (
              <button key={w} type="button" onClick={() => void useWallet(w)}>
                Connect {w}
              </button>
            ))
          ) : (
            <span className="muted">read-only (no wallet extension)</span>
          )}
          {walletError && <span className="error"> {walletError}</span>}
        </div>
      </header>
      <ConnectionBanner status={state.status} />
      <main>
        {page.name === "validators" && <ValidatorList store={store} route={route} navigate={navigate} />}
        {page.name === "validator" && <ValidatorPage store={store} route={route} stash={page.stash} navigate={navigate} account={account} />}
        {page.name === "mine" && <Mine store={store} route={route} navigate={navigate} nominations={nominations} />}
        {page.name === "scalability" && <Scalability store={store} />}
        {page.name === "telemetry" && <Telemetry store={store} route={route} feedUrl={endpoints.telemetry} />}
      </main>
    </>
  );
}
