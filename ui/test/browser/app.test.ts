// The UI in a real browser against the real `stacktical-node --dev`: the validator list with
// the chain's own SLIs, sorting, filtering and the window toggle, the validator page, "my
// validators", the keyboard, and screenshots at desktop and phone widths. Every test ends
// with no console error and no request off loopback.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { DIST, serve } from "../../scripts/serve.ts";
import { formatRoute, parseRoute } from "../../src/model/route.ts";
import { launch, offLoopback, screenshot, watchedPage, type Watched } from "../support/browser.ts";
import { chain, register, registerPaused } from "../support/chain.ts";
import { dev } from "../support/keys.ts";
import { freePort, nodeBinary, rpc, startNode, waitFor, type DevNode } from "../support/node.ts";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { liveMetadata, METADATA_FILE } from "../../scripts/metadata.ts";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";
import { feedFrames, GENESIS, MISMATCH_FRAME } from "../support/feed-replay.ts";

const bob = dev("//Bob");
const charlie = dev("//Charlie");
const dave = dev("//Dave");

interface SliJson {
  uptime_percent: number | null;
  probes: number;
  latency_ms: { p50: number; p95: number; p99: number; mean: number } | null;
}
interface GroupJson {
  members: (SliJson & { stash: string; channel: "p2p" | "http"; http?: SliJson; discoverability?: { percent: number | null } })[];
}

let node: DevNode;
let browser: Browser;
let ui: string;
let close: () => void;

function pageUrl(hash = "#/validators") {
  return `${ui}/?rpc=${encodeURIComponent(node.url)}${hash}`;
}

async function clean(w: Watched) {
  assert.deepEqual(w.errors, [], "no console errors");
  assert.deepEqual(offLoopback(w.requests), [], "no request leaves loopback");
  await w.page.context().close();
}

/** The text of one column for every row, in display order. */
async function column(w: Watched, col: string): Promise<{ stash: string; text: string }[]> {
  return w.page.$$eval(`[data-testid=validator-table] tbody tr`, (rows, c) => rows.map((r) => ({ stash: r.getAttribute("data-stash")!, text: r.querySelector(`[data-col="${c}"]`)?.textContent ?? "" })), col);
}

function uptimeText(s: SliJson): string {
  return s.uptime_percent === null ? "no data" : `${s.uptime_percent.toFixed(2)} % (${s.probes})`;
}

describe("the web UI against a dev node", { timeout: 600_000 }, () => {
  before(async () => {
    node = await startNode({ args: ["--dev-block-time", "500"] });
    const { server, port } = await serve(DIST, 0);
    ui = `http://127.0.0.1:${port}`;
    close = () => server.close();
    browser = await launch();
    const c = chain(node.url);
    try {
      // Bob: up, over p2p (the node's own p2p endpoint) and at the node's own health URL.
      // Charlie: down (nothing listens there). Dave: paused before any probe, so no data.
      const closed = await freePort();
      const peerId = await rpc<string>(node, "system_localPeerId");
      await register(c, bob, [`/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${peerId}`, `${node.httpUrl}/health`]);
      await register(c, charlie, [`http://127.0.0.1:${closed}/health`]);
      await registerPaused(c, dave, [`${node.httpUrl}/health`]);
    } finally {
      c.close();
    }
    // Two releases' campaigns on one network, fitted by the node's collator.
    const report = fileURLToPath(new URL("../../../docs/examples/dev-sweep/report.json", import.meta.url));
    const cli = join(dirname(nodeBinary()), "stacktical");
    for (const args of [["--release", "v1"], ["--release", "v2", "--baseline-release", "v1"]]) {
      execFileSync(cli, ["publish", "--report", report, "--ws", node.url, "--suri", "//Alice", "--network", "ui-test", ...args, "--wait", "120"], { stdio: "pipe" });
    }
    await waitFor("probes of Bob and Charlie", async () => {
      const g = await rpc<GroupJson>(node, "sli_group", [[bob.address, charlie.address]]);
      return g.members.every((m) => m.probes >= 2) && g.members[0]!.latency_ms !== null && (g.members[0]!.http?.probes ?? 0) >= 2;
    });
  });
  after(async () => {
    await browser?.close();
    close?.();
    await node?.stop();
  });

  test("the committed metadata the UI's types come from is the dev node's runtime's", async () => {
    const committed = readFileSync(METADATA_FILE);
    assert.ok(
      (await liveMetadata(node)).equals(committed),
      "ui/.papi/metadata/stacktical.scale is stale: run scripts/chain-specs.sh after a runtime change",
    );
  });

  test("the list shows every monitored validator with the chain's own SLIs, and no data as 'no data'", async () => {
    const w = await watchedPage(browser);
    await w.page.goto(pageUrl());
    const table = w.page.getByTestId("validator-table");
    await table.waitFor();
    await w.page.waitForFunction(() => document.querySelector("[data-testid=validator-table] caption")?.textContent?.includes("loading") === false);
    const at = await table.getAttribute("data-at");
    assert.ok(at, "the table says which block it shows");
    const stashes = (await column(w, "uptime")).map((r) => r.stash);
    for (const s of [bob.address, charlie.address, dave.address]) assert.ok(stashes.includes(s), `${s} is listed`);
    // The figures are the chain's at that block, as its `sli_group` RPC method gives them.
    const g = await rpc<GroupJson>(node, "sli_group", [stashes, "day", at]);
    const uptime = new Map((await column(w, "uptime")).map((r) => [r.stash, r.text]));
    const p95 = new Map((await column(w, "p95")).map((r) => [r.stash, r.text]));
    const http = new Map((await column(w, "http")).map((r) => [r.stash, r.text]));
    const channels = new Map(
      await w.page.$$eval(`[data-testid=validator-table] tbody tr`, (rows) => rows.map((r) => [r.getAttribute("data-stash")!, r.querySelector(`[data-col="uptime"]`)?.getAttribute("data-channel") ?? ""] as const)),
    );
    for (const m of g.members) {
      assert.equal(uptime.get(m.stash), uptimeText(m), `${m.stash}'s uptime`);
      // Each over its own channel, its HTTP figures beside where it has both.
      assert.equal(channels.get(m.stash), m.channel, `${m.stash}'s channel`);
      assert.equal(http.get(m.stash), m.http ? uptimeText(m.http) : "—", `${m.stash}'s HTTP uptime`);
      const want = m.latency_ms === null ? "no data" : m.latency_ms.p95 >= 100 ? `${m.latency_ms.p95.toFixed(0)} ms` : `${m.latency_ms.p95.toFixed(1)} ms`;
      assert.equal(p95.get(m.stash), want, `${m.stash}'s p95`);
    }
    assert.equal(uptime.get(dave.address), "no data", "a paused validator without probes has no data, not 0 %");
    // The dev chain's validators are registered, not the relay chain's set: no record to check.
    const discoverable = new Map((await column(w, "discoverable")).map((r) => [r.stash, r.text]));
    for (const m of g.members) assert.equal(discoverable.get(m.stash), m.discoverability ? `${m.discoverability.percent?.toFixed(1)} %` : "—", `${m.stash}'s discoverability`);
    assert.match(uptime.get(charlie.address)!, /^0\.00 %/, "a validator that is down is at 0 %");
    assert.equal(g.members.find((m) => m.stash === bob.address)?.channel, "p2p", "Bob is probed over p2p");
    assert.match(http.get(bob.address)!, /^100\.00 %/, "Bob's URL answers too");
    // Batches: one SliApi_sli call per batch of stashes, not one per validator.
    await clean(w);
  });

  test("sorting puts missing values last, the window toggle keeps the order, filters and URL agree", async () => {
    const w = await watchedPage(browser);
    await w.page.goto(pageUrl());
    await w.page.getByTestId("validator-table").waitFor();
    await w.page.waitForFunction(() => document.querySelector("[data-testid=validator-table] caption")?.textContent?.includes("loading") === false);
    // Uptime, best first: Bob (up) before Charlie (down); Dave (no data) last.
    let order = (await column(w, "uptime")).map((r) => r.stash);
    assert.ok(order.indexOf(bob.address) < order.indexOf(charlie.address));
    assert.equal(order.at(-1) === dave.address || order.indexOf(dave.address) > order.indexOf(charlie.address), true, "no data sorts last");
    // Ascending: Charlie first, Dave still last.
    await w.page.getByRole("button", { name: /^Uptime/ }).click();
    await w.page.waitForURL(/dir=asc/);
    order = (await column(w, "uptime")).map((r) => r.stash);
    assert.ok(order.indexOf(charlie.address) < order.indexOf(bob.address));
    assert.ok(order.indexOf(dave.address) > order.indexOf(bob.address), "no data sorts last in both directions");
    // The window toggle changes figures, not the order, and says so.
    const before = order;
    await w.page.getByLabel("week").check();
    await w.page.waitForURL(/window=week/);
    await w.page.getByText(/Order is by the day figures/).waitFor();
    assert.deepEqual((await column(w, "uptime")).map((r) => r.stash), before);
    await w.page.getByRole("button", { name: "Re-sort by week" }).click();
    await w.page.getByText(/Order is by the day figures/).waitFor({ state: "detached" });
    // Filters.
    await w.page.getByLabel("has data").check();
    await w.page.waitForURL(/data=1/);
    const shown = (await column(w, "uptime")).map((r) => r.stash);
    assert.ok(!shown.includes(dave.address), "has data hides the validator without probes");
    await w.page.getByLabel("uptime objective, percent").fill("50");
    await w.page.waitForURL(/slo=50/);
    assert.ok(!(await column(w, "uptime")).some((r) => r.stash === charlie.address), "the SLO filter hides the validator that is down");
    // The URL carries the state: a reload shows the same view.
    const url = w.page.url();
    const route = parseRoute(new URL(url).hash);
    assert.equal(route.list.window, "week");
    assert.equal(route.list.filter.hasData, true);
    assert.equal(formatRoute(route), new URL(url).hash);
    await w.page.reload();
    await w.page.getByTestId("validator-table").waitFor();
    assert.equal(await w.page.getByLabel("week").isChecked(), true);
    assert.equal(await w.page.getByLabel("has data").isChecked(), true);
    await screenshot(w.page, "list-desktop");
    await clean(w);
  });

  test("the list is usable by keyboard", async () => {
    const w = await watchedPage(browser);
    await w.page.goto(pageUrl());
    await w.page.getByTestId("validator-table").waitFor();
    await w.page.getByRole("button", { name: /^p95/ }).focus();
    await w.page.keyboard.press("Enter");
    await w.page.waitForURL(/sort=p95/);
    await w.page.getByRole("radio", { name: "day", exact: true }).focus();
    await w.page.keyboard.press("ArrowRight");
    await w.page.waitForURL(/window=week/);
    // Tab reaches a validator's link; Enter opens its page.
    await w.page.locator(`tr[data-stash="${bob.address}"] a`).focus();
    await w.page.keyboard.press("Enter");
    await w.page.waitForURL(/#\/validator\//);
    await clean(w);
  });

  test("a validator's page draws its history and each prober's figures", async () => {
    const w = await watchedPage(browser);
    await w.page.goto(pageUrl(`#/validator/${bob.address}`));
    const chart = w.page.getByTestId("history-chart");
    await chart.waitFor();
    assert.ok((await chart.locator("circle.uptime").count()) >= 1, "at least one bucket is drawn");
    const probers = w.page.getByTestId("probers").locator("tbody tr");
    await probers.first().waitFor();
    const targets = await rpc<{ stash: string; probers: string[] }[]>(node, "sli_targets");
    const bobs = targets.find((t) => t.stash === bob.address)!;
    assert.equal(await probers.count(), bobs.probers.length, "one row per prober");
    assert.match((await probers.first().textContent()) ?? "", /up, \d+ ms/, "the latest probe is shown");
    await screenshot(w.page, "validator-desktop");
    await w.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(w.page, "validator-phone");
    await clean(w);
  });

  test("my validators: a typed group with nomination health against an objective", async () => {
    const w = await watchedPage(browser);
    await w.page.goto(pageUrl("#/mine"));
    await w.page.getByLabel("Stash addresses, one per line").fill(`${bob.address}\n${charlie.address}`);
    await w.page.getByRole("button", { name: "Show the group" }).click();
    const health = w.page.getByTestId("health");
    await health.waitFor();
    assert.match((await health.textContent()) ?? "", /1 of 2 validators are below the objective/);
    const flagged = await w.page.$$eval("[data-testid=group] tbody tr", (rows) => rows.map((r) => r.querySelector("[data-col=health]")?.textContent));
    assert.deepEqual(flagged.sort(), ["below objective", "meets"]);
    assert.match(w.page.url(), /stashes=/);
    await clean(w);
  });

  test("at phone width the list reads as cards", async () => {
    const w = await watchedPage(browser, { width: 390, height: 844 });
    await w.page.goto(pageUrl());
    await w.page.getByTestId("validator-table").waitFor();
    await w.page.waitForFunction(() => document.querySelector("[data-testid=validator-table] caption")?.textContent?.includes("loading") === false);
    const width = await w.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling (${width} px)`);
    await screenshot(w.page, "list-phone");
    await clean(w);
  });

  test("the scalability view shows each campaign's model and verdict as scalability_campaign gives them", async () => {
    const w = await watchedPage(browser);
    await w.page.goto(pageUrl("#/scalability"));
    const history = await rpc<{ id: number }[]>(node, "scalability_history", ["ui-test"]);
    assert.equal(history.length, 2);
    for (const { id } of history) {
      const c = await rpc<{ model: { sigma: number; kappa: number; peak_tps: number | null } | null; comparison: { verdict: string } | null }>(node, "scalability_campaign", [id]);
      const card = w.page.getByTestId(`campaign-${id}`);
      await card.waitFor();
      const text = (await card.textContent()) ?? "";
      assert.ok(c.model, `campaign ${id} has a model`);
      assert.ok(text.includes(`σ = ${c.model.sigma.toPrecision(4)}`), text);
      assert.ok(text.includes(`κ = ${c.model.kappa.toPrecision(4)}`), text);
      if (c.comparison) assert.equal(await card.getByTestId("verdict").locator("strong").textContent(), c.comparison.verdict);
      assert.ok((await card.locator("circle.point").count()) > 0, "the measurements are drawn");
    }
    await screenshot(w.page, "scalability-desktop");
    await clean(w);
  });

  test("the telemetry view shows a core's node table with SLI columns joined to validators", async () => {
    // A telemetry core's feed, replayed on loopback: the node named after Bob's stash joins
    // Bob's validator; the others are unmatched. The first connection is dropped after the
    // replay, to see the view reconnect.
    const port = await freePort();
    const feed = new WebSocketServer({ host: "127.0.0.1", port });
    let connections = 0;
    const subscribed: string[] = [];
    feed.on("connection", (ws) => {
      connections += 1;
      const frames = feedFrames(bob.address);
      ws.send(Buffer.from(frames[0]!));
      ws.on("message", (data) => {
        const text = data.toString();
        if (!text.startsWith("subscribe:")) return;
        const hash = text.slice("subscribe:".length);
        subscribed.push(hash);
        for (const f of frames.slice(1)) ws.send(Buffer.from(f.replaceAll(GENESIS, hash)));
        if (connections === 1) setTimeout(() => ws.close(), 500);
      });
    });
    const w = await watchedPage(browser);
    try {
      await w.page.goto(`${ui}/?rpc=${encodeURIComponent(node.url)}&telemetry=${encodeURIComponent(`ws://127.0.0.1:${port}/feed`)}#/telemetry`);
      const table = w.page.getByTestId("telemetry-table");
      await table.waitFor();
      await waitFor("the reconnection", async () => connections >= 2 && subscribed.length >= 2, 30_000, 200);
      await w.page.getByTestId("feed-status").waitFor({ state: "detached" });
      const genesis = await rpc<string>(node, "chain_getBlockHash", [0]);
      assert.equal(subscribed[0], genesis, "the view subscribes to its own chain");
      const row = (name: string) => table.locator(`tr[data-node="${name}"]`);
      await row(bob.address).waitFor();
      assert.equal(await row("soon-gone").count(), 0, "a removed node is gone");
      assert.match((await row("unmonitored-full-node").textContent()) ?? "", /stale/);
      assert.equal(await row("unmonitored-full-node").locator("td[data-col=uptime]").textContent(), "—", "unmatched nodes show —");
      const g = await rpc<GroupJson>(node, "sli_group", [[bob.address]]);
      const uptime = (await row(bob.address).locator("td[data-col=uptime]").textContent()) ?? "";
      assert.match(uptime, /^\d+\.\d\d % \(\d+\)$/, `Bob's node shows his uptime (${uptime}; chain: ${uptimeText(g.members[0]!)})`);
      assert.match((await row(bob.address).textContent()) ?? "", /#122/, "imported blocks update the best block");
      await w.page.getByText(/Ignored feed actions this view does not know: 99/).waitFor();
      // One malformed message per replay, and the feed was replayed on both connections.
      await w.page.getByText(/Malformed feed messages ignored: 2 /).waitFor();
      await screenshot(w.page, "telemetry-desktop");
      await clean(w);
    } finally {
      for (const client of feed.clients) client.terminate();
      await new Promise((r) => feed.close(r));
    }
  });

  test("a telemetry core with another feed version is reported, not misread", async () => {
    const port = await freePort();
    const feed = new WebSocketServer({ host: "127.0.0.1", port });
    feed.on("connection", (ws) => ws.send(Buffer.from(MISMATCH_FRAME)));
    const w = await watchedPage(browser);
    try {
      await w.page.goto(`${ui}/?rpc=${encodeURIComponent(node.url)}&telemetry=${encodeURIComponent(`ws://127.0.0.1:${port}/feed`)}#/telemetry`);
      await w.page.getByTestId("feed-version").filter({ hasText: /feed version 32/ }).waitFor();
      assert.equal(await w.page.getByTestId("telemetry-table").count(), 0);
      await clean(w);
    } finally {
      for (const client of feed.clients) client.terminate();
      await new Promise((r) => feed.close(r));
    }
  });
});
