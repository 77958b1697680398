/**
 * A graphql-sse client for tests, in "distinct connections" mode as docs/LIVE.md describes it: POST
 * the operation with `Accept: text/event-stream`, read `next` and `complete` events. Written
 * against the protocol (not graphql-sse's client) so the tests check what goes over the wire.
 */
export interface SseEvent {
  event: string;
  data: any;
}

export interface Subscription {
  status: number;
  /** The JSON body when the server refused before streaming (401, 400…). */
  body?: any;
  /** The next event (`next` or `complete`); fails after `timeoutMs` (a hung stream, not a timing check). */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** The next `next` event's data (the GraphQL result). */
  nextResult(timeoutMs?: number): Promise<{ data?: any; errors?: any[] }>;
  /** Whether the server ended the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export async function subscribe(
  streamUrl: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Subscription> {
  const abort = new AbortController();
  const response = await fetch(streamUrl, {
    method: 'POST',
    signal: abort.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    const fail = () => Promise.reject(new Error(`no stream: HTTP ${response.status} ${text}`));
    return {
      status: response.status,
      body,
      next: fail,
      nextResult: fail,
      ended: Promise.resolve(),
      close() {},
    };
  }

  const events: SseEvent[] = [];
  const waiting: ((event: SseEvent | null) => void)[] = [];
  let finished = false;
  const deliver = (event: SseEvent | null) => {
    const waiter = waiting.shift();
    if (waiter) waiter(event);
    else if (event) events.push(event);
  };
  const ended = (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue; // keep-alive comment
            if (line.startsWith('event:')) name = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (!data.length && name === 'message') continue;
          const text = data.join('\n');
          deliver({ event: name, data: text ? JSON.parse(text) : null });
        }
      }
    } catch {
      // aborted by close()
    } finally {
      finished = true;
      while (waiting.length) deliver(null);
    }
  })();

  const next = (timeoutMs = 60_000) =>
    new Promise<SseEvent>((resolve, reject) => {
      if (events.length) return resolve(events.shift()!);
      if (finished) return reject(new Error('the stream has ended'));
      const waiter = (event: SseEvent | null) => {
        clearTimeout(timer);
        if (event) resolve(event);
        else reject(new Error('the stream has ended'));
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new Error(`no event within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.push(waiter);
    });
  return {
    status: response.status,
    next,
    async nextResult(timeoutMs) {
      const event = await next(timeoutMs);
      if (event.event !== 'next') throw new Error(`expected a next event, got ${JSON.stringify(event)}`);
      return event.data;
    },
    ended,
    close: () => abort.abort(),
  };
}
