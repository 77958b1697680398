import type { DataSource } from 'typeorm';
import { loadGeneratedData } from './generator';
import type { Scale } from './generator';
import { classifyAndLinkAllPlans } from '../indicator-catalog/indicator-classification.service';
import { loadRealPlans } from './real-plans';

export interface SeedOptions {
  scale: Scale | null;
  log?: (message: string) => void;
  onProgress?: (done: number, total: number, label: string) => void;
  /** How generated provinces keep plan_rollup: 'bulk' (default, triggers off, one recompute) or 'triggers'. */
  rollups?: 'bulk' | 'triggers';
}

/** Loads the real plans and, if asked, generated data of a scale. Safe to run again. */
export async function seedDatabase(dataSource: DataSource, options: SeedOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  await loadRealPlans(dataSource, log);
  if (options.scale) {
    const counts = await loadGeneratedData(dataSource, options.scale, options.onProgress, {
      rollups: options.rollups,
    });
    log(
      `Generated (${options.scale}): ${counts.communes} communes, ${counts.plans} plans, ${counts.tasks} tasks, ` +
        `${counts.indicators} indicators, ${counts.reports} reports, ${counts.taskProgress} task progress rows, ` +
        `${counts.indicatorValues} indicator values.`,
    );
    // The generator writes rows in bulk: classify them and link communes to their province plans.
    // Every AUTO row, not only unclassified ones: the generator's own codes come without the
    // classifier's phrase and confidence, which a plan's re-import would then fill in.
    const cascade = await classifyAndLinkAllPlans(dataSource, { scope: 'auto' });
    log(
      `Indicator catalogue: ${cascade.classified} indicators classified, ${cascade.linked} province links set.`,
    );
  }
  // Fresh statistics after bulk loads, or the planner guesses badly until autovacuum gets round to it;
  // and a visibility map for plan_rollup, whose roll-up reads are index-only scans.
  await dataSource.query('VACUUM (ANALYZE) plan_rollup');
  await dataSource.query('ANALYZE');
}

/** True when the database holds no plan yet (first start). */
export async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const [{ exists }] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM plan) AS exists');
  return !exists;
}
