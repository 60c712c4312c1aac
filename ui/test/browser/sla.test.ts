// SLA actions in the browser: a nominator with a wallet (a test extension injected through the
// polkadot-js interface, signing in the test process) buys cover on a validator's hourly uptime
// SLA, the validator is stopped for the second period, and the nominator claims the
// compensation. Balances are read from the chain. The dev chain's clock runs 6 s per block: at
// 100 ms blocks an hour passes in a minute.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Binary } from "polkadot-api";
import { Twox128 } from "@polkadot-api/substrate-bindings";
import type { Browser } from "playwright-core";
import { DIST, serve } from "../../scripts/serve.ts";
import type { Connection } from "../../src/chain/client.ts";
import { launch, offLoopback, screenshot, watchedPage } from "../support/browser.ts";
import { chain, send } from "../support/chain.ts";
import { dev, injectWallet } from "../support/keys.ts";
import { nodeBinary, startNode, waitFor, type DevNode } from "../support/node.ts";

const HOUR = 3_600_000;
const UNIT = 10n ** 12n;
const alice = dev("//Alice");
const charlie = dev("//Charlie");
const dave = dev("//Dave");

let node: DevNode;
let validator: DevNode;
let browser: Browser;
let ui: string;
let closeUi: () => void;
let c: Connection;

const now = async () => Number(await c.api.query.Timestamp.Now.getValue({ at: "best" }));
const free = async (who: string) => (await c.api.query.System.Account.getValue(who, { at: "best" })).data.free;

describe("SLA cover through a browser wallet", { timeout: 900_000 }, () => {
  before(async () => {
    node = await startNode({ args: ["--dev-block-time", "100"] });
    validator = await startNode({ args: ["--dev-block-time", "1000"] });
    const { server, port } = await serve(DIST, 0);
    ui = `http://127.0.0.1:${port}`;
    closeUi = () => server.close();
    browser = await launch();
    c = chain(node.url);
    // Probe every 10 blocks; Charlie's validator is the second node; no dispute window.
    const sudo = (call: { decodedCall: unknown }) => send(c.api.tx.Sudo.sudo({ call: call.decodedCall as any }), alice);
    await sudo(c.api.tx.Monitoring.set_settings({ settings: { period_blocks: 10, probers_per_target: 3, timeout_ms: 1_000, min_probers: 1, allow_private_hosts: true } }));
    await sudo(c.api.tx.Monitoring.force_register({ targets: [[charlie.address, [Binary.fromText(`${validator.httpUrl}/health`)]]] }));
    const key = Twox128(new TextEncoder().encode(":DisputeWindow:"));
    await sudo(c.api.tx.System.set_storage({ items: [[key, new Uint8Array(8)]] }));
    // Charlie offers uptime ≥ 90 % over two hourly periods from the next whole hour at least
    // 15 minutes away, with a 1 % premium and a 200 STK bond, with the `stacktical` CLI.
    await waitFor("the clock", async () => (await now()) > 0);
    const first = Math.ceil(((await now()) + 15 * 60_000) / HOUR) * HOUR;
    const cli = join(dirname(nodeBinary()), "stacktical");
    assert.ok(existsSync(cli), `${cli} is built with the node`);
    execFileSync(cli, ["sla", "offer", "--chain", node.url, "--suri", "//Charlie", "--member", charlie.address, "--objective", "uptime>=90", "--credit", "deviation:50", "--cadence", "hours:1", "--first", String(first), "--periods", "2", "--min-probes", "30", "--premium", "1", "--leverage", "2", "--period-cap", "50", "--bond", "200"], { stdio: "pipe" });
    await waitFor("the market", async () => (await c.api.query.Compensation.Markets.getValue(0, { at: "best" })) !== undefined);
  });
  after(async () => {
    c?.close();
    await browser?.close();
    closeUi?.();
    await validator?.stop();
    await node?.stop();
  });

  test("buy cover, see the breached period, claim the compensation", async () => {
    const w = await watchedPage(browser);
    const wallet = await injectWallet(w.page, [dave]);
    await w.page.goto(`${ui}/?rpc=${encodeURIComponent(node.url)}#/validator/${charlie.address}`);
    await w.page.getByRole("button", { name: "Connect stacktical-test" }).click();
    const panel = w.page.getByTestId("sla-0");
    await panel.waitFor();
    await panel.getByText(/You hold no cover/).waitFor();

    // Buy 100 STK of cover for both periods: the premium is 1 STK a period.
    await panel.getByLabel("Cover").fill("100");
    await panel.getByLabel(/for/).fill("2");
    await panel.getByText("premium 2 STK").waitFor();
    const before = await free(dave.address);
    await panel.getByRole("button", { name: "Buy cover" }).click();
    await panel.getByTestId("tx-outcome").filter({ hasText: /Buy cover: included/ }).waitFor({ timeout: 60_000 });
    assert.equal(wallet.signed, 1, "the wallet signed it");
    const position = await c.api.apis.SlaApi.position(0, dave.address, { at: "best" });
    assert.ok(position.success && position.value.cover?.amount === 100n * UNIT, "the chain holds Dave's cover");
    const spent = before - (await free(dave.address));
    assert.ok(spent >= 2n * UNIT && spent < 2n * UNIT + UNIT / 10n, `the premium and a fee were paid (${spent})`);
    await panel.getByText(/Your cover: 100 STK for periods 0–1/).waitFor({ timeout: 30_000 });

    // Period 0 with the validator up; stopped for period 1.
    const start = Number((await c.api.query.Sla.Slas.getValue(0, { at: "best" }))!.start_ms);
    await waitFor("the second period", async () => (await now()) >= start + HOUR, 300_000);
    await validator.stop();
    await waitFor("both periods final", async () => (await c.api.query.Sla.Slas.getValue(0, { at: "best" }))?.state.type === "Ended", 300_000);

    // The page shows both verdicts and the money each period moved.
    await w.page.reload();
    await w.page.getByRole("button", { name: "Connect stacktical-test" }).click();
    const periods = panel.getByTestId("periods");
    await periods.locator("tbody tr").nth(1).waitFor({ timeout: 60_000 });
    const verdicts = await periods.locator("td[data-col=verdict]").allTextContents();
    assert.deepEqual(verdicts.map((v) => v.split(" ")[0]), ["met", "breached"]);
    await screenshot(w.page, "sla-desktop");

    // Claim: the compensation (50 % of 100 STK) and nothing else reaches Dave.
    const claimable = await c.api.apis.SlaApi.position(0, dave.address, { at: "best" });
    assert.ok(claimable.success && claimable.value.claimable_cover > 0n);
    const owed = claimable.value.claimable_cover;
    const beforeClaim = await free(dave.address);
    await panel.getByRole("button", { name: /^Claim/ }).click();
    await panel.getByTestId("tx-outcome").filter({ hasText: /Claim: included/ }).waitFor({ timeout: 60_000 });
    const gained = (await free(dave.address)) - beforeClaim;
    assert.ok(gained > owed - UNIT / 10n && gained <= owed, `Dave received the compensation less a fee (${gained} of ${owed})`);
    assert.equal(wallet.signed, 2);

    // The list shows the offer's terms and its recent verdicts on Charlie's row.
    await w.page.goto(`${ui}/?rpc=${encodeURIComponent(node.url)}#/validators`);
    const sla = w.page.locator(`tr[data-stash="${charlie.address}"] td[data-col=sla]`);
    await sla.getByText(/recent: met breached/).waitFor({ timeout: 60_000 });
    // The bond shown is what the chain holds now: 200 STK less the compensation paid from it.
    const market = await c.api.query.Compensation.Markets.getValue(0, { at: "best" });
    assert.ok(market && market.bond < 200n * UNIT, "the compensation came from the bond first");
    assert.match((await sla.textContent()) ?? "", new RegExp(`#0 uptime ≥ 90\\.00 % per hour, premium 1\\.00 %, bond ${market.bond / UNIT} STK`));
    assert.deepEqual(w.errors, []);
    assert.deepEqual(offLoopback(w.requests), []);
    await w.page.context().close();
  });
});
