import type { DataSource, EntityManager } from 'typeorm';
import { foldVietnamese } from '../../parsing/area-heading';
import { classifyIndicator } from '../../parsing/indicator-class';
import type { CatalogPhrases } from '../../parsing/indicator-class';

/**
 * Classification and the province → commune cascade as they are kept in the database
 * (docs/INDICATORS.md). Every place that stores indicators calls `classifyAndLinkPlans` in its own
 * transaction: plan import and the seed (insertPlanContent), the generator, createIndicator and
 * updateIndicator; deletes call `relinkPlans`.
 */

/** The catalogue's codes and phrases, in catalogue order (what classifyIndicator reads). */
export async function loadCatalogPhrases(manager: EntityManager): Promise<CatalogPhrases[]> {
  return manager.query('SELECT code, phrases FROM indicator_catalog ORDER BY position');
}

/**
 * Classifies the indicators of the plans (all of them, or only `indicatorIds`) that were not
 * classified by hand, writing only rows whose classification changed. Returns how many changed.
 */
export async function classifyPlanIndicators(
  manager: EntityManager,
  planIds: number[],
  indicatorIds: number[] | null = null,
  catalog?: CatalogPhrases[],
): Promise<number> {
  if (!planIds.length) {
    return 0;
  }
  const phrases = catalog ?? (await loadCatalogPhrases(manager));
  const rows: {
    id: number;
    name: string;
    targetText: string;
    code: string | null;
    confidence: number | null;
    phrase: string | null;
  }[] = await manager.query(
    `SELECT id, name, target_text AS "targetText", catalog_code AS code, catalog_confidence AS confidence,
            catalog_phrase AS phrase
       FROM indicator
      WHERE plan_id = ANY($1::int[]) AND ($2::int[] IS NULL OR id = ANY($2::int[]))
        AND catalog_source IS DISTINCT FROM 'MANUAL'`,
    [planIds, indicatorIds],
  );
  const changed = rows.flatMap((row) => {
    const found = classifyIndicator(row, phrases);
    const next = {
      code: found?.code ?? null,
      confidence: found?.confidence ?? null,
      phrase: found?.phrase ?? null,
    };
    const same =
      next.code === row.code &&
      next.phrase === row.phrase &&
      (next.confidence === null) === (row.confidence === null) &&
      Math.abs((next.confidence ?? 0) - (row.confidence ?? 0)) < 1e-6;
    return same ? [] : [{ id: row.id, ...next }];
  });
  if (changed.length) {
    await manager.query(
      `UPDATE indicator i
          SET catalog_code = c.code, catalog_confidence = c.confidence, catalog_phrase = c.phrase,
              catalog_source = CASE WHEN c.code IS NULL THEN NULL ELSE 'AUTO' END
         FROM unnest($1::int[], $2::text[], $3::real[], $4::text[]) AS c(id, code, confidence, phrase)
        WHERE i.id = c.id`,
      [
        changed.map((c) => c.id),
        changed.map((c) => c.code),
        changed.map((c) => c.confidence),
        changed.map((c) => c.phrase),
      ],
    );
  }
  return changed.length;
}

/**
 * Sets the AUTO province links touched by a change of each plan (relink_province_indicators: a
 * commune plan's own links; for a province plan, those of its communes' plans of the same year).
 */
export async function relinkPlans(manager: EntityManager, planIds: number[]): Promise<number> {
  if (!planIds.length) {
    return 0;
  }
  const [{ changed }] = await manager.query(
    'SELECT COALESCE(sum(relink_province_indicators(id)), 0)::int AS changed FROM unnest($1::int[]) AS id',
    [[...new Set(planIds)]],
  );
  return changed;
}

/** Classify, then relink: what a change of a plan's indicators needs. */
export async function classifyAndLinkPlans(
  manager: EntityManager,
  planIds: number[],
  indicatorIds: number[] | null = null,
): Promise<void> {
  await classifyPlanIndicators(manager, planIds, indicatorIds);
  await relinkPlans(manager, planIds);
}

/** What classifyAndLinkAllPlans reconsiders, and how it reports progress. */
export interface ClassifyAllOptions {
  /**
   * `unclassified` (the default): indicators never classified, as after a bulk load or an upgrade
   * from before the catalogue; `auto`: every indicator not classified by hand, as after the
   * catalogue's phrases changed. MANUAL classifications are never touched.
   */
  scope?: 'unclassified' | 'auto';
  batchSize?: number;
  /** Called after each batch: plans done, plans in all (province plans relinked count as plans). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Classifies the plans' indicators (ClassifyAllOptions.scope) and relinks every province plan's
 * communes: after a bulk load that bypassed insertPlanContent (the generator), an upgrade, or a
 * catalogue edit (`cchc indicators classify`). Batches of plans, each its own transaction, so a
 * national run never holds one long transaction. Returns how many indicators changed and links set.
 */
export async function classifyAndLinkAllPlans(
  dataSource: DataSource,
  { scope = 'unclassified', batchSize = 2000, onProgress }: ClassifyAllOptions = {},
): Promise<{ classified: number; linked: number }> {
  const catalog = await loadCatalogPhrases(dataSource.manager);
  // The plans to reconsider, and (for `unclassified`) only their never-classified indicators.
  const plans: { id: number; indicatorIds: number[] | null }[] = await dataSource.query(
    scope === 'auto'
      ? `SELECT DISTINCT plan_id AS id, NULL AS "indicatorIds" FROM indicator
          WHERE catalog_source IS DISTINCT FROM 'MANUAL' ORDER BY plan_id`
      : `SELECT plan_id AS id, array_agg(id) AS "indicatorIds" FROM indicator
          WHERE catalog_source IS NULL AND catalog_code IS NULL GROUP BY plan_id ORDER BY plan_id`,
  );
  const planIds = plans.map((plan) => plan.id);
  const indicatorIdsOf = (batch: typeof plans) =>
    scope === 'auto' ? null : batch.flatMap((plan) => plan.indicatorIds!.map(Number));
  const provincePlanIds: number[] = (
    await dataSource.query('SELECT id FROM plan WHERE province_id IS NOT NULL ORDER BY id')
  ).map((row: { id: number }) => row.id);
  const total = planIds.length + provincePlanIds.length;
  let classified = 0;
  for (let i = 0; i < planIds.length; i += batchSize) {
    const batch = plans.slice(i, i + batchSize);
    classified += await dataSource.transaction((manager) =>
      classifyPlanIndicators(
        manager,
        batch.map((plan) => plan.id),
        indicatorIdsOf(batch),
        catalog,
      ),
    );
    onProgress?.(i + batch.length, total);
  }
  let linked = 0;
  for (const [index, planId] of provincePlanIds.entries()) {
    linked += await dataSource.transaction((manager) => relinkPlans(manager, [planId]));
    onProgress?.(planIds.length + index + 1, total);
  }
  if (!total) onProgress?.(0, 0);
  return { classified, linked };
}

/** The commune plans whose indicators link to an indicator of this plan (to relink after it goes). */
export async function communePlansLinkedTo(manager: EntityManager, planId: number): Promise<number[]> {
  const rows: { planId: number }[] = await manager.query(
    `SELECT DISTINCT c.plan_id AS "planId"
       FROM indicator p JOIN indicator c ON c.province_indicator_id = p.id
      WHERE p.plan_id = $1`,
    [planId],
  );
  return rows.map((row) => row.planId);
}

/**
 * What a person set on a plan's indicators, kept across a re-import: MANUAL classifications and
 * MANUAL province links, keyed by the indicator's identity (`indicatorIdentity`).
 */
export interface ManualChoices {
  rows: {
    identity: string;
    classification: { code: string | null } | null;
    provinceLink: { provinceIndicatorId: number | null } | null;
  }[];
}

/**
 * An indicator's identity across re-imports of its plan: its ordinal and its name, folded (case,
 * diacritics and whitespace runs do not count). Indicators of one plan sharing an identity are
 * paired in position order.
 */
export function indicatorIdentity(indicator: { ordinal: string; name: string }): string {
  return `${foldVietnamese(indicator.ordinal)}\u0000${foldVietnamese(indicator.name)}`;
}

/**
 * Reads the MANUAL choices of a plan before its indicators are replaced. Commune links made by hand
 * to this plan's indicators (it is a province plan) cannot survive the replacement: they go back to
 * automatic (the relink after the import sets them again by catalogue code).
 */
export async function takeManualChoices(manager: EntityManager, planId: number): Promise<ManualChoices> {
  const rows: {
    ordinal: string;
    name: string;
    catalogCode: string | null;
    catalogSource: string | null;
    provinceIndicatorId: number | null;
    provinceLinkSource: string | null;
  }[] = await manager.query(
    `SELECT ordinal, name, catalog_code AS "catalogCode", catalog_source AS "catalogSource",
            province_indicator_id AS "provinceIndicatorId", province_link_source AS "provinceLinkSource"
       FROM indicator
      WHERE plan_id = $1 AND (catalog_source = 'MANUAL' OR province_link_source = 'MANUAL')
      ORDER BY position`,
    [planId],
  );
  await manager.query(
    `UPDATE indicator SET province_link_source = NULL
      WHERE province_link_source = 'MANUAL'
        AND province_indicator_id IN (SELECT id FROM indicator WHERE plan_id = $1)`,
    [planId],
  );
  return {
    rows: rows.map((row) => ({
      identity: indicatorIdentity(row),
      classification: row.catalogSource === 'MANUAL' ? { code: row.catalogCode } : null,
      provinceLink:
        row.provinceLinkSource === 'MANUAL' ? { provinceIndicatorId: row.provinceIndicatorId } : null,
    })),
  };
}

/** Puts the MANUAL choices back on the re-imported indicators with the same identity. */
export async function restoreManualChoices(
  manager: EntityManager,
  planId: number,
  choices: ManualChoices | undefined,
): Promise<void> {
  if (!choices?.rows.length) {
    return;
  }
  const indicators: { id: number; ordinal: string; name: string }[] = await manager.query(
    'SELECT id, ordinal, name FROM indicator WHERE plan_id = $1 ORDER BY position',
    [planId],
  );
  const waiting = new Map<string, number[]>();
  for (const indicator of indicators) {
    const identity = indicatorIdentity(indicator);
    waiting.set(identity, [...(waiting.get(identity) ?? []), indicator.id]);
  }
  for (const row of choices.rows) {
    const id = waiting.get(row.identity)?.shift();
    if (id === undefined) {
      continue;
    }
    if (row.classification) {
      await manager.query(
        `UPDATE indicator SET catalog_code = $2, catalog_source = 'MANUAL', catalog_confidence = NULL, catalog_phrase = NULL
          WHERE id = $1`,
        [id, row.classification.code],
      );
    }
    if (row.provinceLink) {
      // The province indicator linked to by hand may be gone: then the link is automatic again.
      await manager.query(
        `UPDATE indicator SET province_indicator_id = $2, province_link_source = 'MANUAL'
          WHERE id = $1 AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM indicator WHERE id = $2))`,
        [id, row.provinceLink.provinceIndicatorId],
      );
    }
  }
}
