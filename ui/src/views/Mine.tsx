// "My validators": a set of stashes as one group (typed, or the nominations of a wallet
// account on the staking chain), its pooled SLIs, and nomination health: the members below a
// chosen objective are flagged.

import { useEffect, useState } from "react";
import * as monitoring from "../chain/monitoring.ts";
import { meets, type GroupSli, type Slo } from "../model/sli.ts";
import type { Route } from "../model/route.ts";
import { message, useStore, type Store } from "../store.ts";
import { Address, ErrorNote, Millis, Uptime } from "./common.tsx";
import { SloInput } from "./ValidatorList.tsx";

export const DEFAULT_SLO: Slo = { uptimePct: 99, p95Ms: null };

export function Mine({ store, route, navigate, nominations }: { store: Store; route: Route; navigate: (r: Route) => void; nominations: string[] | null }) {
  const state = useStore(store);
  const [text, setText] = useState(route.mine.join("\n"));
  const [result, setResult] = useState<{ group: GroupSli; unknown: string[] } | { error: string } | null>(null);
  const slo = route.list.filter.slo ?? DEFAULT_SLO;
  const w = route.list.window;
  const stashes = route.mine;
  const monitored = new Set((state.targets ?? []).map((t) => t.stash));

  useEffect(() => {
    if (stashes.length === 0 || !state.targets) return;
    let live = true;
    const known = stashes.filter((s) => monitored.has(s));
    const unknown = stashes.filter((s) => !monitored.has(s));
    if (known.length === 0) {
      setResult({ error: "none of these accounts is a monitored validator" });
      return;
    }
    // One group: pooled over all members (in batches if it is large).
    const batches: Promise<GroupSli>[] = [];
    for (let i = 0; i < known.length; i += monitoring.BATCH) batches.push(monitoring.group(store.api, known.slice(i, i + monitoring.BATCH), w));
    Promise.all(batches)
      .then((groups) => {
        if (!live) return;
        const first = groups[0]!;
        const members = groups.flatMap((g) => g.members);
        const aggregate = groups.length === 1 ? first.aggregate : pool(groups);
        setResult({ group: { window: first.window, aggregate, members }, unknown });
      })
      .catch((e) => live && setResult({ error: message(e) }));
    return () => {
      live = false;
    };
  }, [store, stashes.join(","), w, state.targets, state.dataAt?.hash]);

  const save = (list: string[]) => navigate({ ...route, mine: [...new Set(list)] });
  const weak = result && "group" in result ? result.group.members.filter((m) => meets(m.sli, slo) === false) : [];

  return (
    <section aria-labelledby="mine-title">
      <h2 id="mine-title">My validators</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save(text.split(/[\s,]+/).filter(Boolean));
        }}
      >
        <label htmlFor="stashes">Stash addresses, one per line</label>
        <textarea id="stashes" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
        <div>
          <button type="submit">Show the group</button>{" "}
          {nominations && nominations.length > 0 && (
            <button type="button" onClick={() => { setText(nominations.join("\n")); save(nominations); }}>
              Use my wallet's nominations ({nominations.length})
            </button>
          )}
        </div>
      </form>
      <p>
        Nomination health against <SloInput value={slo} onChange={(v) => navigate({ ...route, list: { ...route.list, filter: { ...route.list.filter, slo: v } } })} /> over the {w}.
      </p>
      {result && "error" in result && <ErrorNote>{result.error}</ErrorNote>}
      {result && "group" in result && (
        <>
          <p data-testid="health" className={weak.length ? "warn" : "ok"}>
            {weak.length === 0
              ? `All ${result.group.members.length} validators meet the objective or have no data to judge.`
              : `${weak.length} of ${result.group.members.length} validators are below the objective.`}{" "}
            Pooled uptime <Uptime sli={result.group.aggregate} />.
          </p>
          {result.unknown.length > 0 && <p className="muted">Not monitored: {result.unknown.join(", ")}</p>}
          <table data-testid="group">
            <thead>
              <tr>
                <th scope="col">Validator</th>
                <th scope="col">Uptime</th>
                <th scope="col">p95</th>
                <th scope="col">Health</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              {result.group.members.map((m) => {
                const ok = meets(m.sli, slo);
                return (
                  <tr key={m.stash} className={ok === false ? "warn" : ""}>
                    <th scope="row"><a href={`#/validator/${encodeURIComponent(m.stash)}`}><Address value={m.stash} /></a></th>
                    <td><Uptime sli={m.sli} /></td>
                    <td><Millis value={m.sli.latency?.p95} /></td>
                    <td data-col="health">{ok === null ? "no data" : ok ? "meets" : "below objective"}</td>
                    <td><button type="button" onClick={() => { const rest = stashes.filter((s) => s !== m.stash); setText(rest.join("\n")); save(rest); }}>Remove</button></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The pooled SLI of a group answered in several batches: counts add; latency is not pooled. */
function pool(groups: GroupSli[]): GroupSli["aggregate"] {
  const probes = groups.reduce((n, g) => n + g.aggregate.probes, 0);
  const up = groups.reduce((n, g) => n + g.aggregate.probesUp, 0);
  return { probes, probesUp: up, uptimePct: probes ? (up / probes) * 100 : null, latency: null };
}
