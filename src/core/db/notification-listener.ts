import pg from 'pg';

/** Backoff of reconnection attempts: the first wait, doubled each time up to the last. */
export const RECONNECT_FIRST_MS = 250;
export const RECONNECT_MAX_MS = 10_000;

/** What a channel's handler gets: the NOTIFY payload (text, at most 8000 bytes). */
export type NotificationHandler = (payload: string) => void;

export interface NotificationListenerOptions {
  /** postgres://… of the database the notifications are sent on. */
  url: string;
  /** Channel name → handler. Names are SQL identifiers of letters, digits and underscores. */
  channels: Record<string, NotificationHandler>;
  /**
   * Called with false when the connection drops and with true once LISTEN is in place again (also
   * the first time). What was sent while it was down is lost: a cache must stop trusting itself.
   */
  onConnectionChange?: (connected: boolean) => void;
  log?: (message: string) => void;
  /** Who is listening, in log lines ("Notifications" by default). */
  name?: string;
  /** application_name of the connection, as pg_stat_activity shows it. */
  applicationName?: string;
}

export interface NotificationListener {
  /** Resolves once LISTEN is in place on the first connection (or the listener is stopped). */
  ready: Promise<void>;
  /** Whether the LISTEN connection is up now. */
  readonly connected: boolean;
  stop(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * One LISTEN connection: its own pg Client, not one of the pool's (a pooled connection is handed
 * to requests and would lose its LISTEN). NOTIFY is delivered at commit, so a handler only ever
 * hears of committed writes, from any process on the database. When the connection drops it is
 * opened again with backoff and the drop is logged; notifications sent meanwhile are not replayed.
 */
export function listenForNotifications(options: NotificationListenerOptions): NotificationListener {
  const log = options.log ?? (() => undefined);
  const channels = Object.keys(options.channels);
  const name = options.name ?? `Notifications (${channels.join(', ')})`;
  for (const channel of channels) {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`Not a channel name: "${channel}".`);
  }
  let client: pg.Client | null = null;
  let connected = false;
  let stopped = false;
  let delay = RECONNECT_FIRST_MS;
  let retryTimer: NodeJS.Timeout | null = null;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const setConnected = (value: boolean) => {
    if (connected === value) return;
    connected = value;
    options.onConnectionChange?.(value);
  };

  const dropped = (why: string) => {
    setConnected(false);
    const current = client;
    client = null;
    current?.removeAllListeners();
    current?.on('error', () => undefined);
    void current?.end().catch(() => undefined);
    if (stopped) return;
    log(`${name}: the LISTEN connection ${why}; reconnecting in ${delay} ms.`);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async () => {
    if (stopped) return;
    const current = new pg.Client({
      connectionString: options.url,
      application_name: options.applicationName ?? 'cchc-hub listener',
    });
    client = current;
    current.on('error', (error) => dropped(`failed (${error.message})`));
    current.on('end', () => {
      if (client === current) dropped('closed');
    });
    current.on('notification', (message) => {
      const handler = message.channel ? options.channels[message.channel] : undefined;
      if (!handler) return;
      try {
        handler(message.payload ?? '');
      } catch (error) {
        log(
          `Notifications: the handler of ${message.channel} failed (${(error as Error)?.message ?? error}).`,
        );
      }
    });
    try {
      await current.connect();
      for (const channel of channels) await current.query(`LISTEN ${channel}`);
    } catch (error) {
      if (client === current) {
        dropped(`could not be opened (${error instanceof Error ? error.message : String(error)})`);
      }
      return;
    }
    if (client !== current || stopped) return;
    if (delay !== RECONNECT_FIRST_MS) {
      log(`${name}: the LISTEN connection is back.`);
    }
    delay = RECONNECT_FIRST_MS;
    setConnected(true);
    markReady();
  };
  void connect();

  return {
    ready,
    get connected() {
      return connected;
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const current = client;
      client = null;
      setConnected(false);
      markReady();
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
