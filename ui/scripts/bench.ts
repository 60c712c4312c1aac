// Benchmark of the validator list with 1,000 monitored validators, on a real dev node:
// time to first render (navigation → the first row on screen) and to a complete list (every
// validator's SLIs loaded), the page's JS heap, and the requests it made to the node.
//
//   npm run bench            (builds nothing: run `npm run build` first)
//
// Prints the figures; docs/ui.md keeps the last measured ones.

import { Binary } from "polkadot-api";
import { DIST, serve } from "./serve.ts";
import { launch, watchedPage } from "../test/support/browser.ts";
import { chain, send } from "../test/support/chain.ts";
import { dev } from "../test/support/keys.ts";
import { rpc, startNode, waitFor } from "../test/support/node.ts";

const VALIDATORS = Number(process.env.VALIDATORS ?? 1_000);
const CHUNK = 250;
const RUNS = Number(process.env.RUNS ?? 3);

const node = await startNode({ args: ["--dev-block-time", "1000"] });
const { server, port } = await serve(DIST, 0);
const browser = await launch();
try {
  const c = chain(node.url);
  const alice = dev("//Alice");
  const stashes = Array.from({ length: VALIDATORS }, (_, i) => dev(`//Validator/${i}`).address);
  for (let i = 0; i < stashes.length; i += CHUNK) {
    const targets = stashes.slice(i, i + CHUNK).map((s) => [s, [Binary.fromText(`${node.httpUrl}/health`)]] as [string, Uint8Array[]]);
    const call = c.api.tx.Monitoring.force_register({ targets }).decodedCall;
    await send(c.api.tx.Sudo.sudo({ call }), alice);
  }
  c.close();
  const all = await rpc<unknown[]>(node, "sli_targets");
  console.log(`bench: ${all.length} monitored validators registered`);
  await waitFor("a first probe of every validator", async () => {
    const g = await rpc<{ members: { probes: number }[] }>(node, "sli_group", [stashes.slice(-50)]);
    return g.members.every((m) => m.probes > 0);
  }, 600_000, 2_000);

  const url = `http://127.0.0.1:${port}/?rpc=${encodeURIComponent(node.url)}#/validators`;
  for (let run = 1; run <= RUNS; run++) {
    const w = await watchedPage(browser);
    const t0 = performance.now();
    await w.page.goto(url);
    await w.page.locator("[data-testid=validator-table] tbody tr").first().waitFor({ timeout: 120_000 });
    const firstRow = performance.now() - t0;
    await w.page.waitForFunction(
      (n) => {
        const caption = document.querySelector("[data-testid=validator-table] caption")?.textContent ?? "";
        return document.querySelectorAll("[data-testid=validator-table] tbody tr").length >= n && !caption.includes("loading");
      },
      all.length,
      { timeout: 300_000, polling: 50 },
    );
    const complete = performance.now() - t0;
    // Sparklines and offers come after the list.
    await w.page.waitForTimeout(3_000);
    const cdp = await w.page.context().newCDPSession(w.page);
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("Performance.enable");
    const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
    const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN;
    const count = (m: string) => w.rpcMethods.filter((x) => x === m).length;
    console.log(
      `bench run ${run}: ${all.length} validators — first row ${firstRow.toFixed(0)} ms, all SLIs ${complete.toFixed(0)} ms, ` +
        `JS heap ${(heap / 1_048_576).toFixed(1)} MiB, requests: ${w.rpcMethods.length} JSON-RPC ` +
        `(${count("chainHead_v1_call")} runtime calls, ${count("chainHead_v1_storage")} storage reads), ${w.errors.length} console errors`,
    );
    await w.page.context().close();
  }
} finally {
  await browser.close();
  server.close();
  await node.stop();
}
