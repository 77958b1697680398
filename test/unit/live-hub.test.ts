import fc from 'fast-check';
import { parseLiveEvent } from '../../src/modules/live/live.events';
import type { LiveEvent } from '../../src/modules/live/live.events';
import { LiveHub, MAX_QUEUED, openSubscriptionCount } from '../../src/modules/live/live.hub';
import { propertyParameters } from '../utils/property';

const planEvent = (provinceId: number, communeId: number | null): LiveEvent => ({
  kind: 'plan',
  provinceId,
  provinceCode: String(provinceId),
  communeId,
  communeCode: communeId === null ? null : `c${communeId}`,
  year: 2026,
});

/** Everything the iterator has queued, without waiting for more. */
async function drain(iterator: AsyncIterator<LiveEvent>, count: number): Promise<LiveEvent[]> {
  const got: LiveEvent[] = [];
  for (let i = 0; i < count; i++) got.push((await iterator.next()).value as LiveEvent);
  return got;
}

describe('live hub', () => {
  it('gives each subscriber, in order, exactly the events its filter accepts (the latest MAX_QUEUED when it lags)', async () => {
    const event = fc.record({
      province: fc.integer({ min: 1, max: 4 }),
      commune: fc.option(fc.integer({ min: 1, max: 6 })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
        fc.array(event, { maxLength: 250 }),
        async (provinces, sent) => {
          const hub = new LiveHub();
          const subscriptions = provinces.map((province) => ({
            province,
            iterator: hub.subscribe((e) => e.provinceId === province),
          }));
          expect(hub.size).toBe(provinces.length);
          const events = sent.map((e) => planEvent(e.province, e.commune));
          for (const e of events) hub.publish(e);
          for (const { province, iterator } of subscriptions) {
            const expected = events.filter((e) => e.provinceId === province).slice(-MAX_QUEUED);
            expect(await drain(iterator, expected.length)).toEqual(expected);
          }
          hub.close();
          for (const { iterator } of subscriptions) {
            expect(await iterator.next()).toEqual({ value: undefined, done: true });
          }
          expect(hub.size).toBe(0);
        },
      ),
      propertyParameters(),
    );
  });

  it('wakes a waiting subscriber, forgets one that returns, and counts open subscriptions across hubs', async () => {
    const [a, b] = [new LiveHub(), new LiveHub()];
    const before = openSubscriptionCount();
    const first = a.subscribe(() => true);
    const second = b.subscribe(() => true);
    expect(openSubscriptionCount()).toBe(before + 2);
    const waiting = first.next();
    a.publish(planEvent(1, 2));
    expect((await waiting).value).toEqual(planEvent(1, 2));
    await first.return!();
    expect(openSubscriptionCount()).toBe(before + 1);
    a.publish(planEvent(1, 3));
    expect(await first.next()).toEqual({ value: undefined, done: true });
    b.close();
    expect(await second.next()).toEqual({ value: undefined, done: true });
    expect(openSubscriptionCount()).toBe(before);
    // A closed hub takes no new subscriptions: they end at once.
    expect(await b.subscribe(() => true).next()).toEqual({ value: undefined, done: true });
    a.close();
  });
});

describe('NOTIFY payloads', () => {
  it('reads what the triggers send', () => {
    const report = {
      k: 'report',
      s: 'REOPENED',
      r: 7,
      p: 3,
      y: 2025,
      pe: '2025Q3',
      e: '2025-09-30',
      v: 1,
      vc: '52',
      c: 9,
      cc: '52001',
      at: '2026-11-27T10:00:00.000Z',
    };
    expect(parseLiveEvent(JSON.stringify(report))).toEqual({
      kind: 'report',
      transition: 'REOPENED',
      reportId: 7,
      planId: 3,
      year: 2025,
      period: '2025Q3',
      periodEnd: '2025-09-30',
      provinceId: 1,
      provinceCode: '52',
      communeId: 9,
      communeCode: '52001',
      at: '2026-11-27T10:00:00.000Z',
    });
    expect(parseLiveEvent(JSON.stringify({ k: 'plan', y: 2026, v: 1, vc: '52', c: null, cc: null }))).toEqual(
      { ...planEvent(1, null), provinceCode: '52' },
    );
  });

  it('skips anything else: not JSON, unknown kinds or transitions, missing or mistyped fields', () => {
    const plan = { k: 'plan', y: 2026, v: 1, vc: '52', c: 4, cc: 'x' };
    for (const payload of [
      'not json',
      'null',
      '42',
      JSON.stringify({ ...plan, k: 'task' }),
      JSON.stringify({ ...plan, v: '1' }),
      JSON.stringify({ ...plan, vc: '' }),
      JSON.stringify({ ...plan, c: 4, cc: null }),
      JSON.stringify({ ...plan, y: 2026.5 }),
      JSON.stringify({
        ...plan,
        k: 'report',
        s: 'DELETED',
        r: 1,
        p: 1,
        pe: '2026',
        e: '2026-12-31',
        at: 'x',
      }),
      JSON.stringify({ ...plan, k: 'report', s: 'SUBMITTED', r: 1, p: 1, pe: '2026', e: '2026-12-31' }),
    ]) {
      expect(parseLiveEvent(payload)).toBeNull();
    }
  });
});
