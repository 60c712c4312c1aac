// The errors a user meets: the node unreachable when the page opens, the node lost in the
// middle of a session and back, and answers that do not decode. The node is real; only the
// malformed answer needs a proxy that corrupts it.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { DIST, serve } from "../../scripts/serve.ts";
import { launch, offLoopback, watchedPage, type Watched } from "../support/browser.ts";
import { freePort, startNode, type DevNode } from "../support/node.ts";
import { startProxy } from "../support/proxy.ts";

// Chromium reports a refused WebSocket on the console: that is the situation under test.
const REFUSED = [/WebSocket connection to .* failed/, /ERR_CONNECTION_REFUSED/];

let browser: Browser;
let ui: string;
let closeUi: () => void;

async function clean(w: Watched) {
  assert.deepEqual(w.errors, [], "no console errors beyond the refused connections");
  assert.deepEqual(offLoopback(w.requests), [], "no request leaves loopback");
  await w.page.context().close();
}

const banner = (w: Watched) => w.page.getByTestId("connection-banner");

describe("errors a user meets", { timeout: 600_000 }, () => {
  before(async () => {
    const { server, port } = await serve(DIST, 0);
    ui = `http://127.0.0.1:${port}`;
    closeUi = () => server.close();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    closeUi?.();
  });

  test("a node that is down at start shows a banner, and the page recovers when it comes up", async () => {
    const port = await freePort();
    const w = await watchedPage(browser, undefined, REFUSED);
    await w.page.goto(`${ui}/?rpc=${encodeURIComponent(`ws://127.0.0.1:${port}`)}#/validators`);
    await banner(w).filter({ hasText: /cannot be reached/ }).waitFor({ timeout: 30_000 });
    const node = await startNode({ rpcPort: port });
    try {
      await w.page.getByTestId("validator-table").waitFor({ timeout: 90_000 });
      await banner(w).waitFor({ state: "detached" });
      await clean(w);
    } finally {
      await node.stop();
    }
  });

  test("a node lost mid-session: banner, retries, and the list again once it is back", async () => {
    let node: DevNode = await startNode();
    const w = await watchedPage(browser, undefined, REFUSED);
    try {
      await w.page.goto(`${ui}/?rpc=${encodeURIComponent(node.url)}#/validators`);
      await w.page.getByTestId("validator-table").waitFor({ timeout: 90_000 });
      await node.stop();
      await banner(w).filter({ hasText: /cannot be reached/ }).waitFor({ timeout: 30_000 });
      assert.equal(await w.page.getByTestId("validator-table").count(), 1, "the figures stay on screen");
      node = await startNode({ rpcPort: node.rpcPort, basePath: node.basePath });
      await banner(w).waitFor({ state: "detached", timeout: 90_000 });
      await w.page.getByTestId("validator-table").waitFor();
      await clean(w);
    } finally {
      await node.stop();
    }
  });

  test("a malformed answer is shown as an error, the page goes on, and good answers replace it", async () => {
    const node = await startNode();
    const proxy = await startProxy(node.url);
    const w = await watchedPage(browser);
    try {
      proxy.corrupt = "SliApi_sli";
      await w.page.goto(`${ui}/?rpc=${encodeURIComponent(proxy.url)}#/validators`);
      const cell = w.page.locator("[data-testid=validator-table] td[data-col=uptime] .error").first();
      await cell.waitFor({ timeout: 90_000 });
      assert.ok(proxy.corrupted > 0);
      assert.match((await cell.getAttribute("title")) ?? "", /.+/, "the error says why");
      proxy.corrupt = null;
      await w.page.locator("[data-testid=validator-table] td[data-col=uptime] .error").first().waitFor({ state: "detached", timeout: 60_000 });
      await clean(w);
    } finally {
      await proxy.close();
      await node.stop();
    }
  });

  test("a chain without the SLI runtime API says so instead of showing an empty list", async () => {
    // The real node, asked for a method its runtime lacks, through the same path the UI uses.
    const node = await startNode();
    try {
      const { chain } = await import("../support/chain.ts");
      const { explain, MissingMethod } = await import("../../src/chain/client.ts");
      const c = chain(node.url);
      try {
        const unsafe = c.client.getUnsafeApi() as any;
        const e = await unsafe.apis.SliApi.no_such_method().then(() => null, (err: unknown) => err);
        assert.ok(explain("SliApi.no_such_method", e) instanceof MissingMethod, String(e));
      } finally {
        c.close();
      }
    } finally {
      await node.stop();
    }
  });
});
