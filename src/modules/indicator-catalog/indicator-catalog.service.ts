import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import { queryRows, writeTransaction } from '../../core/db/transaction';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import { parsePhrase } from '../../parsing/indicator-class';
import { AuditAction, AuditEntity } from '../audit/audit.enums';
import { writeAudit } from '../audit/audit.service';
import { authorize, canEditIndicatorCatalog } from '../auth/policy';
import { IndicatorCatalogEntry } from './indicator-catalog.entity';
import type {
  UpdateIndicatorCatalogEntryArgs,
  UpsertIndicatorCatalogEntryArgs,
} from './indicator-catalog.type';

/** Every catalogue entry, in catalogue order (Query.indicatorCatalog). */
export function indicatorCatalog(ctx: RequestContext): Promise<IndicatorCatalogEntry[]> {
  return ctx.loaders.indicatorCatalog.load('all');
}

/** The catalogue's audit entries are national: no province, commune or plan. */
const NATIONAL = { provinceId: null, communeId: null, planId: null };

function checkPhrases(phrases: string[]): void {
  phrases.forEach((phrase, index) => {
    if (!parsePhrase(phrase)) {
      throw new BadUserInputError(
        `Phrase ${index + 1} ("${phrase}") has no words to match: write words, "a … b", "+word" or "-word".`,
        `input.phrases.${index}`,
      );
    }
  });
  if (!phrases.some((phrase) => !/^\s*[+-]/.test(phrase))) {
    throw new BadUserInputError(
      'An entry needs at least one key phrase (one not starting with + or -): the classifier matches by them.',
      'input.phrases',
    );
  }
}

async function lockEntry(manager: EntityManager, code: string): Promise<IndicatorCatalogEntry | null> {
  const [row] = await queryRows<IndicatorCatalogEntry>(
    manager,
    `SELECT ${entityColumns(manager.connection, IndicatorCatalogEntry, 'e')} FROM indicator_catalog e
      WHERE code = $1 FOR UPDATE`,
    [code],
  );
  return row ?? null;
}

function staleEntry(code: string, sent: number, current: number): ConflictError {
  return new ConflictError(
    `Catalogue entry ${code} was changed by someone else since you read it (you sent version ${sent}; it is now at version ${current}). Reload it and apply your change again. Nothing was saved.`,
  );
}

/**
 * Creates a catalogue entry, or replaces an existing one whole (ADMIN; audited). Its unit and
 * direction can change only while no indicator is classified under it. New phrases apply to the
 * indicators stored or changed from now on (docs/INDICATORS.md).
 */
export function upsertIndicatorCatalogEntry(
  ctx: RequestContext,
  args: UpsertIndicatorCatalogEntryArgs,
): Promise<IndicatorCatalogEntry> {
  authorize(canEditIndicatorCatalog(ctx.viewer), 'edit the indicator catalogue');
  const { input, expectedVersion } = args;
  checkPhrases(input.phrases);
  return writeTransaction(ctx.dataSource, async (manager) => {
    // One writer of the catalogue at a time: a new entry takes the next position.
    await manager.query('LOCK TABLE indicator_catalog IN SHARE ROW EXCLUSIVE MODE');
    const current = await lockEntry(manager, input.code);
    if (current && expectedVersion != null && expectedVersion !== current.version) {
      throw staleEntry(input.code, expectedVersion, current.version);
    }
    if (current && (current.unit !== input.unit || current.direction !== input.direction)) {
      const [{ count }] = await manager.query(
        'SELECT count(*)::int AS count FROM indicator WHERE catalog_code = $1',
        [input.code],
      );
      if (count > 0) {
        throw new ConflictError(
          `${count} indicator(s) are classified as ${input.code}; its unit and direction cannot change under them. Add a new entry instead. Nothing was saved.`,
        );
      }
    }
    const fields = [input.nameVi, input.nameEn, input.unit, input.direction, input.definition, input.phrases];
    const [stored] = await queryRows<IndicatorCatalogEntry>(
      manager,
      current
        ? `UPDATE indicator_catalog e SET name_vi = $2, name_en = $3, unit = $4, direction = $5, definition = $6,
                  phrases = $7, version = version + 1
            WHERE code = $1
           RETURNING ${entityColumns(manager.connection, IndicatorCatalogEntry, 'e')}`
        : `INSERT INTO indicator_catalog AS e (code, position, name_vi, name_en, unit, direction, definition, phrases)
           SELECT $1, COALESCE(max(position), 0) + 1, $2, $3, $4, $5, $6, $7 FROM indicator_catalog
           RETURNING ${entityColumns(manager.connection, IndicatorCatalogEntry, 'e')}`,
      [input.code, ...fields],
    );
    await writeAudit(manager, ctx.viewer, NATIONAL, [
      {
        entity: AuditEntity.INDICATOR_CATALOG,
        entityId: stored.position,
        action: current ? AuditAction.UPDATE : AuditAction.CREATE,
        old: current,
        new: stored,
      },
    ]);
    return stored;
  });
}

/** Changes the names, definition or phrases of a catalogue entry (ADMIN; audited; versioned). */
export function updateIndicatorCatalogEntry(
  ctx: RequestContext,
  args: UpdateIndicatorCatalogEntryArgs,
): Promise<IndicatorCatalogEntry> {
  authorize(canEditIndicatorCatalog(ctx.viewer), 'edit the indicator catalogue');
  const { code, version, input } = args;
  if (input.phrases) {
    checkPhrases(input.phrases);
  }
  return writeTransaction(ctx.dataSource, async (manager) => {
    const current = await lockEntry(manager, code);
    if (!current) {
      throw new NotFoundError('Indicator catalogue entry', code);
    }
    if (version !== current.version) {
      throw staleEntry(code, version, current.version);
    }
    const [stored] = await queryRows<IndicatorCatalogEntry>(
      manager,
      `UPDATE indicator_catalog e
          SET name_vi = COALESCE($2, name_vi), name_en = COALESCE($3, name_en),
              definition = COALESCE($4, definition), phrases = COALESCE($5, phrases), version = version + 1
        WHERE code = $1
       RETURNING ${entityColumns(manager.connection, IndicatorCatalogEntry, 'e')}`,
      [code, input.nameVi ?? null, input.nameEn ?? null, input.definition ?? null, input.phrases ?? null],
    );
    await writeAudit(manager, ctx.viewer, NATIONAL, [
      {
        entity: AuditEntity.INDICATOR_CATALOG,
        entityId: stored.position,
        action: AuditAction.UPDATE,
        old: current,
        new: stored,
      },
    ]);
    return stored;
  });
}
