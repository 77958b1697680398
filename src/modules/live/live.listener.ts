import { listenForNotifications } from '../../core/db/notification-listener';
import type { NotificationListener } from '../../core/db/notification-listener';
import { LIVE_CHANNEL, parseLiveEvent } from './live.events';
import type { LiveEvent } from './live.events';

export interface LiveListenerOptions {
  /** postgres://… of the API's database. */
  url: string;
  onEvent: (event: LiveEvent) => void;
  log?: (message: string) => void;
}

export type LiveListener = NotificationListener;

/**
 * The live updates' LISTEN connection (core/db/notification-listener.ts: its own pg Client,
 * reopened with backoff when it drops, the drop logged; what was sent meanwhile is not replayed),
 * on LIVE_CHANNEL, each payload read into an event.
 */
export function startLiveListener(options: LiveListenerOptions): LiveListener {
  const log = options.log ?? (() => undefined);
  return listenForNotifications({
    url: options.url,
    name: 'Live updates',
    applicationName: 'cchc-hub live',
    log,
    channels: {
      [LIVE_CHANNEL]: (payload) => {
        const event = parseLiveEvent(payload);
        if (event) options.onEvent(event);
        else log(`Live updates: skipped a payload this version does not read (${payload.length} bytes).`);
      },
    },
  });
}
