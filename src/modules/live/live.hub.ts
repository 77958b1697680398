import type { LiveEvent } from './live.events';

/**
 * In-process fan-out of the events this process's LISTEN connection receives, to its open
 * subscriptions. Each subscription is an async iterator with its own queue; a subscriber that
 * falls more than MAX_QUEUED events behind loses the oldest (delivery is at most once, and a
 * client that reads too slowly must not hold the server's memory).
 */
export const MAX_QUEUED = 100;

interface Subscriber {
  accepts: (event: LiveEvent) => boolean;
  push: (event: LiveEvent) => void;
  close: () => void;
}

/** Every hub of this process, for openSubscriptionCount (tests may run several servers in one). */
const hubs = new Set<LiveHub>();

/** Open subscriptions of every server of this process (a /metrics gauge). */
export function openSubscriptionCount(): number {
  let count = 0;
  for (const hub of hubs) count += hub.size;
  return count;
}

export class LiveHub {
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;

  constructor() {
    hubs.add(this);
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Hands the event to every subscription whose filter accepts it. */
  publish(event: LiveEvent): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.accepts(event)) subscriber.push(event);
    }
  }

  /**
   * A new subscription: the events `accepts` lets through, from now on, until the consumer returns
   * the iterator (client gone) or the hub closes (server stopping).
   */
  subscribe(accepts: (event: LiveEvent) => boolean): AsyncIterableIterator<LiveEvent> {
    const queue: LiveEvent[] = [];
    let wake: ((result: IteratorResult<LiveEvent>) => void) | null = null;
    let done = this.closed;
    const finish = () => {
      if (done) return;
      done = true;
      this.subscribers.delete(subscriber);
      queue.length = 0;
      wake?.({ value: undefined, done: true });
      wake = null;
    };
    const subscriber: Subscriber = {
      accepts,
      push: (event) => {
        if (wake) {
          const resolve = wake;
          wake = null;
          resolve({ value: event, done: false });
          return;
        }
        if (queue.length >= MAX_QUEUED) queue.shift();
        queue.push(event);
      },
      close: finish,
    };
    if (!done) this.subscribers.add(subscriber);
    const iterator: AsyncIterableIterator<LiveEvent> = {
      next: () => {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (wake = resolve));
      },
      return: () => {
        finish();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw: (error?: unknown) => {
        finish();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Ends every subscription (their streams complete) and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const subscriber of [...this.subscribers]) subscriber.close();
    hubs.delete(this);
  }
}
