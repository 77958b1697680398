import type { RequestContext } from '../../core/request-context';
import { planBatch } from '../overdue/as-of.service';
import type { AsOfScope, PlanBatch } from '../overdue/as-of.service';

/**
 * Plans read per batch of a task or indicator list: about 60 tasks each in generated data, so some
 * 6,000 rows (a few MB) a batch; fewer, larger batches cost fewer round trips.
 */
export const PLANS_PER_BATCH = 100;

/** Batches read ahead of the one being written: the database works while the writer does. */
const READ_AHEAD = 2;

/**
 * What a list reads, plan batch by plan batch, in the order of planBatch: its rows (export.sources.ts)
 * or its finished lines (export.lines.ts). Up to READ_AHEAD batches are read while the current one
 * is written (each batch's plans are found one after the other, by keyset; their rows are read at
 * the same time), so memory holds a few batches at most. A batch of which `size` says 0 is skipped.
 */
export function planBatches<R>(
  ctx: RequestContext,
  scope: AsOfScope,
  read: (batch: PlanBatch) => Promise<R>,
  size: (read: R) => number,
): AsyncIterable<R> {
  type Read = { result: R | null; last: boolean };
  return {
    async *[Symbol.asyncIterator]() {
      // The plans of the next batch to read; null once the list is read to its end.
      let plans: Promise<PlanBatch | null> = planBatch(ctx.dataSource, scope, null, PLANS_PER_BATCH);
      const reads: Promise<Read>[] = [];
      const readNext = () => {
        const current = plans;
        const full = (b: PlanBatch | null): b is PlanBatch => b !== null && b.plans.size === PLANS_PER_BATCH;
        plans = current.then((b) =>
          full(b) ? planBatch(ctx.dataSource, scope, b.last, PLANS_PER_BATCH) : null,
        );
        const next = current.then(async (b) => ({
          result: b?.plans.size ? await read(b) : null,
          last: !full(b),
        }));
        // A read ahead that fails is reported when its turn comes (or never, if the export stops first).
        plans.catch(() => undefined);
        next.catch(() => undefined);
        reads.push(next);
      };
      for (let i = 0; i <= READ_AHEAD; i++) readNext();
      for (;;) {
        const { result, last } = await reads.shift()!;
        if (result !== null && size(result) > 0) yield result;
        if (last) return;
        readNext();
      }
    },
  };
}
