// A telemetry core's `/feed` WebSocket: subscribes to one chain, hands every frame to the
// decoder, pings to keep the connection alive, and reconnects with exponential backoff.

import { decodeFrame, type FeedMessage } from "./feed.ts";

export interface FeedSocketStatus {
  state: "connecting" | "open" | "closed";
  attempts: number;
  /** When the next attempt is due (Unix ms), while closed. */
  retryAt: number | null;
}

export const BACKOFF_MS = { first: 1_000, max: 30_000 };

export function backoff(attempt: number): number {
  return Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** Math.max(0, attempt - 1));
}

export interface FeedSocket {
  /** Subscribes to another chain (by genesis hash). */
  subscribe: (genesisHash: string) => void;
  close: () => void;
}

export function openFeed(
  url: string,
  genesisHash: string | null,
  onMessages: (m: FeedMessage[]) => void,
  onStatus: (s: FeedSocketStatus) => void,
): FeedSocket {
  let socket: WebSocket | null = null;
  let attempts = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let ping: ReturnType<typeof setInterval> | null = null;
  let chain = genesisHash;
  const decoder = new TextDecoder();

  const start = () => {
    onStatus({ state: "connecting", attempts, retryAt: null });
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      onStatus({ state: "open", attempts, retryAt: null });
      if (chain) ws.send(`subscribe:${chain}`);
      let n = 0;
      ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(`ping:${++n}`), 30_000);
    };
    ws.onmessage = (e) => {
      const text = typeof e.data === "string" ? e.data : decoder.decode(e.data as ArrayBuffer);
      onMessages(decodeFrame(text));
    };
    ws.onclose = () => {
      if (ping) clearInterval(ping);
      ping = null;
      if (closed) return;
      attempts += 1;
      const wait = backoff(attempts);
      onStatus({ state: "closed", attempts, retryAt: Date.now() + wait });
      timer = setTimeout(start, wait);
    };
  };
  start();

  return {
    subscribe: (hash) => {
      if (socket?.readyState === WebSocket.OPEN) {
        if (chain) socket.send(`unsubscribe:${chain}`);
        socket.send(`subscribe:${hash}`);
      }
      chain = hash;
    },
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      if (ping) clearInterval(ping);
      socket?.close();
    },
  };
}
