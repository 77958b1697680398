import pg from 'pg';
import { LIVE_CHANNEL, parseLiveEvent } from './live.events';
import type { LiveEvent } from './live.events';

/** Backoff of reconnection attempts: the first wait, doubled each time up to the last. */
export const RECONNECT_FIRST_MS = 250;
export const RECONNECT_MAX_MS = 10_000;

export interface LiveListenerOptions {
  /** postgres://… of the API's database. */
  url: string;
  onEvent: (event: LiveEvent) => void;
  log?: (message: string) => void;
}

export interface LiveListener {
  /** Resolves once LISTEN is in place (the first connection). */
  ready: Promise<void>;
  /** Whether the LISTEN connection is up now. */
  readonly connected: boolean;
  stop: () => Promise<void>;
}

/**
 * The one LISTEN connection of this process: its own pg Client, not one of the pool's (a pooled
 * connection would be handed to requests and lose the LISTEN). When it drops it is opened again
 * with backoff, and the drop is logged; what was sent while it was down is not replayed.
 */
export function startLiveListener(options: LiveListenerOptions): LiveListener {
  const log = options.log ?? (() => undefined);
  let client: pg.Client | null = null;
  let connected = false;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let delay = RECONNECT_FIRST_MS;
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connect = async () => {
    retryTimer = null;
    if (stopped) return;
    const current = new pg.Client({ connectionString: options.url, application_name: 'cchc-hub live' });
    client = current;
    const dropped = (reason: string) => {
      if (client !== current) return;
      client = null;
      connected = false;
      current.removeAllListeners();
      current.on('error', () => undefined);
      void current.end().catch(() => undefined);
      if (stopped) return;
      log(`Live updates: the LISTEN connection ${reason}; reconnecting in ${delay} ms.`);
      retryTimer = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    };
    current.on('error', (error) => dropped(`failed (${error.message})`));
    current.on('end', () => dropped('closed'));
    current.on('notification', (message) => {
      if (message.channel !== LIVE_CHANNEL || message.payload === undefined) return;
      const event = parseLiveEvent(message.payload);
      if (event) options.onEvent(event);
      else {
        log(`Live updates: skipped a payload this version does not read (${message.payload.length} bytes).`);
      }
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      dropped(`could not be opened (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (client !== current) return;
    connected = true;
    if (delay !== RECONNECT_FIRST_MS) log('Live updates: the LISTEN connection is back.');
    delay = RECONNECT_FIRST_MS;
    markReady();
  };
  void connect();

  return {
    ready,
    get connected() {
      return connected;
    },
    stop: async () => {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const current = client;
      client = null;
      connected = false;
      markReady();
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
