import type { DataSource, EntityManager } from 'typeorm';
import { parseBudgetMillionVnd } from '../../parsing/budget';
import { parsePeriod } from '../../core/period';
import { bulkInsert, columns, nextId, syncIdSequence } from '../../core/db/bulk-insert';
import { Comparator, IndicatorCell, IndicatorDirection, IndicatorUnit } from '../indicator/indicator.enums';
import { ReformAreaCode } from '../reform-area/reform-area.entity';
import { AREA_NAMES_VI } from '../reform-area/reform-area.names';
import { ReportStatus, TaskStatus } from '../report/report.enums';
import { generateTime, INDICATOR_TEMPLATES, statedComparator, TASKS_PER_AREA } from './generator-templates';
import type { IndicatorTemplate } from './generator-templates';
import { PROVINCES } from './provinces';
import type { ProvinceSeed } from './provinces';
import { Random } from './random';
import type { RealTaskSeed } from '../plan-import/real-plan-seed';
import { readRealPlanSeeds } from './real-plans';
import { upsertProvinces } from './seed-provinces';
import { withoutRollupTriggers } from '../rollup/rollup-bulk';

export type Scale = 'demo' | 'province' | 'national';
export const SCALES: readonly Scale[] = ['demo', 'province', 'national'];

/** Generated data describes the world as of this fixed day, so every run gives the same rows. */
export const GENERATED_AS_OF = '2026-11-15';
export const GENERATED_YEARS = [2025, 2026];
export const GENERATED_NOTE = 'Generated commune (synthetic demo/benchmark data, not a real unit).';
const DEMO_PROVINCE = '52'; // Gia Lai, where two of the real plans come from

/** Which provinces, and how many of their communes, a scale generates. */
export function scalePlan(scale: Scale): { province: ProvinceSeed; communes: number }[] {
  const demo = PROVINCES.find((p) => p.code === DEMO_PROVINCE)!;
  if (scale === 'demo') return [{ province: demo, communes: 30 }];
  if (scale === 'province') return [{ province: demo, communes: demo.communeCount }];
  return PROVINCES.map((province) => ({ province, communes: province.communeCount }));
}

const SYLLABLES = [
  'An',
  'Bình',
  'Hòa',
  'Tân',
  'Phú',
  'Thạnh',
  'Long',
  'Hưng',
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Trung',
  'Sơn',
  'Thủy',
  'Lâm',
  'Hải',
  'Minh',
  'Quang',
  'Thuận',
  'Phước',
  'Đức',
  'Nghĩa',
  'Lộc',
  'Thịnh',
  'Xuân',
  'Hạ',
  'Mỹ',
  'Vĩnh',
  'Khánh',
  'Định',
  'Thanh',
  'Cát',
  'Đak',
  'Ia',
  'Kon',
  'Ea',
  'Krông',
  'Yên',
  'Lạc',
];

interface GeneratedCounts {
  communes: number;
  plans: number;
  tasks: number;
  indicators: number;
  reports: number;
  taskProgress: number;
  indicatorValues: number;
}

/**
 * Generates realistic plans and quarterly reports for a scale and loads them with bulk inserts,
 * one transaction per province. Every commune's data comes from a PRNG seeded with its code, so
 * the output is the same on every run; communes already present are skipped, so it can resume.
 */
export async function loadGeneratedData(
  dataSource: DataSource,
  scale: Scale,
  onProgress: (done: number, total: number, label: string) => void = () => undefined,
  options: { rollups?: 'bulk' | 'triggers' } = {},
): Promise<GeneratedCounts> {
  const taskPool = buildTaskPool();
  const totals = noCounts();
  const plan = scalePlan(scale);
  const total = plan.reduce((sum, p) => sum + p.communes, 0);
  let done = 0;
  onProgress(0, total, 'communes');
  for (const { province, communes } of plan) {
    // 'bulk' (the default): the roll-up triggers are off for the province's load and its plans are
    // recomputed once before commit (rollup-bulk.ts); 'triggers' lets them fire, for comparison.
    const counts = await dataSource.transaction((manager) =>
      options.rollups === 'triggers'
        ? loadProvince(manager, province, communes, taskPool).then((loaded) => loaded.result)
        : withoutRollupTriggers(manager, () => loadProvince(manager, province, communes, taskPool)),
    );
    for (const key of Object.keys(totals) as (keyof GeneratedCounts)[]) totals[key] += counts[key];
    done += communes;
    onProgress(done, total, `communes (${province.name})`);
  }
  return totals;
}

const noCounts = (): GeneratedCounts => ({
  communes: 0,
  plans: 0,
  tasks: 0,
  indicators: 0,
  reports: 0,
  taskProgress: 0,
  indicatorValues: 0,
});

type TaskPool = Record<ReformAreaCode, RealTaskSeed[]>;

/**
 * A real task's name without the numbering its own plan gave it ("7.1. Nhiệm vụ 1: Rà soát…",
 * "2.2.Kiểm tra…", "3.4: Chuẩn hóa…"): a generated plan numbers its tasks itself.
 */
export function taskNameWithoutNumbering(name: string): string {
  return name
    .replace(/^\s*(?:\d+(?:\.\d+)+(?=\s)|\d+(?:\.\d+)*\s*[.:)])\s*/u, '')
    .replace(/^Nhiệm vụ\s+\d+\s*[:.]\s*/iu, '')
    .trim();
}

/** Task texts by area, from every real plan: numbering stripped, each name once. */
function buildTaskPool(): TaskPool {
  const pool = Object.fromEntries(
    Object.values(ReformAreaCode).map((code) => [code, [] as RealTaskSeed[]]),
  ) as TaskPool;
  const seen = new Set<string>();
  for (const seed of readRealPlanSeeds()) {
    for (const task of seed.tasks) {
      const name = taskNameWithoutNumbering(task.name);
      const key = `${task.area}|${name.toLowerCase().replace(/\s+/g, ' ')}`;
      if (!name || seen.has(key)) continue;
      seen.add(key);
      pool[task.area].push({ ...task, name });
    }
  }
  for (const [area, tasks] of Object.entries(pool)) {
    const most = TASKS_PER_AREA[area as ReformAreaCode] + 2;
    if (tasks.length < most) {
      throw new Error(
        `The real plans have ${tasks.length} distinct tasks of area ${area}; a plan may need ${most}.`,
      );
    }
  }
  return pool;
}

type Rows = Record<
  'commune' | 'plan' | 'planArea' | 'task' | 'indicator' | 'report' | 'progress' | 'value',
  unknown[][]
>;
type Ids = Record<'commune' | 'plan' | 'task' | 'indicator' | 'report', number>;

interface GeneratedTask {
  id: number;
  due: string | null;
  done: string | null;
  start: string;
  cancelledAt: string | null;
}

interface GeneratedIndicator {
  id: number;
  comparator: Comparator;
  value: number;
  max: number | null;
  percent: boolean;
}

/** A target as a plan states it: its text, comparator and figures. */
interface Target {
  text: string;
  comparator: Comparator;
  value: number;
  max: number | null;
}

const AREAS = Object.values(ReformAreaCode);
const ROMAN_AREAS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];

/** The plan's seven areas, and its tasks: distinct real task texts per area, numbered "<area>.<n>". */
function generatePlanBody(
  random: Random,
  pool: TaskPool,
  planId: number,
  year: number,
  ids: Ids,
  rows: Rows,
): { id: number; due: string | null }[] {
  AREAS.forEach((area, i) =>
    rows.planArea.push([planId, area, i + 1, `${ROMAN_AREAS[i]} ${AREA_NAMES_VI[area]}`]),
  );
  const tasks: { id: number; due: string | null }[] = [];
  let position = 0;
  for (const area of AREAS) {
    const count = Math.max(1, TASKS_PER_AREA[area] + random.int(-2, 2));
    random.sample(pool[area], count).forEach((source, index) => {
      const time = generateTime(random, year);
      const dues = time.milestones
        .map((m) => m.due)
        .filter((d): d is string => d !== null)
        .sort();
      const due = dues.at(-1) ?? null;
      const id = ids.task++;
      rows.task.push([
        id,
        planId,
        area,
        ++position,
        `${AREAS.indexOf(area) + 1}.${index + 1}`,
        source.objective,
        source.name,
        source.activities,
        source.outputs,
        source.leadUnit,
        source.coordinatingUnits,
        source.monitoringUnit,
        time.text,
        time.milestones,
        due,
        source.budgetText,
        parseBudgetMillionVnd(source.budgetText),
      ]);
      tasks.push({ id, due });
    });
  }
  return tasks;
}

/** The province plan's target for a catalogued template, the same on every run for a province and year. */
function provinceTarget(template: IndicatorTemplate, random: Random): Target {
  const spec = template.province!;
  const value = random.pick(spec.values);
  return { text: spec.text(value), comparator: statedComparator(spec.comparator, value), value, max: null };
}

/**
 * How a commune plan takes over the province's target: most set a stricter figure, some copy it,
 * a few set a looser one, some leave the indicator out (null). A move that would leave the
 * indicator's range (above 100 %, below 1) copies the province's target instead.
 */
function communeTarget(template: IndicatorTemplate, province: Target, random: Random): Target | null {
  const roll = random.next();
  if (roll < 0.08) return null;
  const step = template.step ?? 1;
  const move = roll < 0.15 ? -step : roll < 0.4 ? 0 : step * random.int(1, 2);
  const value = province.value + move;
  const ceiling = template.unit === IndicatorUnit.PERCENT ? 100 : Infinity;
  // BETWEEN states a range of two: its top must stay in range too.
  const top = template.comparator === Comparator.BETWEEN ? value + 1 : value;
  if (move === 0 || value < 1 || top > ceiling) return province;
  const comparator = statedComparator(template.comparator, value);
  const max = comparator === Comparator.BETWEEN ? value + 1 : null;
  return { text: template.text(value, max ?? undefined), comparator, value, max };
}

/** A target for a template the province plan does not set. */
function ownTarget(template: IndicatorTemplate, random: Random): Target {
  const value = random.pick(template.values);
  const comparator = statedComparator(template.comparator, value);
  const max = comparator === Comparator.BETWEEN ? value + 1 : null;
  return { text: template.text(value, max ?? undefined), comparator, value, max };
}

function indicatorRow(
  id: number,
  planId: number,
  position: number,
  template: IndicatorTemplate,
  target: Target,
  provinceIndicatorId: number | null,
): unknown[] {
  return [
    id,
    planId,
    template.area,
    position,
    `${position}`,
    template.name,
    target.text,
    target.comparator,
    target.value,
    target.max,
    template.unit,
    template.noun ?? null,
    template.direction ?? IndicatorDirection.INCREASE,
    IndicatorCell.KEY_INDICATORS,
    // The template knows its catalogue entry: the classification the classifier gives its text.
    template.catalogCode ?? null,
    template.catalogCode ? 'AUTO' : null,
    template.catalogCode ? 1 : null,
    provinceIndicatorId,
    provinceIndicatorId === null ? null : 'AUTO',
  ];
}

/**
 * The province's own plan for a year (owner: the province), with tasks and the catalogued
 * indicators' targets; created unless present. Returns its indicators' ids by template name (a plan
 * not made by the generator has none), for the commune plans' links.
 */
async function provincePlan(
  manager: EntityManager,
  province: ProvinceSeed,
  provinceId: number,
  year: number,
  pool: TaskPool,
  ids: Ids,
  rows: Rows,
): Promise<{ targets: Map<IndicatorTemplate, Target>; indicatorIds: Map<string, number> }> {
  const random = new Random(`province-plan:${province.code}:${year}`);
  const catalogued = INDICATOR_TEMPLATES.filter((t) => t.province);
  const targets = new Map(catalogued.map((t) => [t, provinceTarget(t, random)]));
  const [present] = await manager.query('SELECT id FROM plan WHERE province_id = $1 AND year = $2', [
    provinceId,
    year,
  ]);
  if (present) {
    const found: { id: number; name: string }[] = await manager.query(
      'SELECT id, name FROM indicator WHERE plan_id = $1 ORDER BY position',
      [present.id],
    );
    return { targets, indicatorIds: new Map(found.reverse().map((i) => [i.name, i.id])) };
  }
  const planId = ids.plan++;
  rows.plan.push([
    planId,
    null,
    provinceId,
    year,
    `${random.int(100, 400)}/KH-UBND`,
    `${year - 1}-12-${random.int(10, 30)}`,
    `Kế hoạch cải cách hành chính năm ${year} của UBND tỉnh ${province.name}`,
  ]);
  generatePlanBody(random, pool, planId, year, ids, rows);
  const indicatorIds = new Map<string, number>();
  catalogued.forEach((template, i) => {
    const id = ids.indicator++;
    indicatorIds.set(template.name, id);
    rows.indicator.push(indicatorRow(id, planId, i + 1, template, targets.get(template)!, null));
  });
  return { targets, indicatorIds };
}

async function loadProvince(
  manager: EntityManager,
  province: ProvinceSeed,
  communeCount: number,
  pool: TaskPool,
): Promise<{ result: GeneratedCounts; planIds: number[] }> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['cchc-seed']);
  await upsertProvinces(manager, [province.code]);
  const [{ id: provinceId }] = await manager.query('SELECT id FROM province WHERE code = $1', [
    province.code,
  ]);
  const codes = Array.from(
    { length: communeCount },
    (_, i) => `${province.code}${String(i + 1).padStart(3, '0')}`,
  );
  const present = new Set<string>(
    (await manager.query('SELECT code FROM commune WHERE code = ANY($1)', [codes])).map(
      (r: { code: string }) => r.code,
    ),
  );
  const missing = codes.filter((code) => !present.has(code));
  if (!missing.length) return { result: noCounts(), planIds: [] };

  const ids: Ids = {
    commune: await nextId(manager, 'commune'),
    plan: await nextId(manager, 'plan'),
    task: await nextId(manager, 'task'),
    indicator: await nextId(manager, 'indicator'),
    report: await nextId(manager, 'status_report'),
  };
  const rows: Rows = {
    commune: [],
    plan: [],
    planArea: [],
    task: [],
    indicator: [],
    report: [],
    progress: [],
    value: [],
  };
  const provincePlans = new Map<number, Awaited<ReturnType<typeof provincePlan>>>();
  for (const year of GENERATED_YEARS) {
    provincePlans.set(year, await provincePlan(manager, province, provinceId, year, pool, ids, rows));
  }

  for (const code of missing) {
    const random = new Random(`commune:${code}`);
    const communeId = ids.commune++;
    const name = `${random.pick(SYLLABLES)} ${random.pick(SYLLABLES)}`;
    const kind = random.chance(0.004) ? 'DAC_KHU' : random.chance(0.22) ? 'PHUONG' : 'XA';
    rows.commune.push([communeId, code, name, kind, provinceId, GENERATED_NOTE]);
    // How this commune reports: most on time, some late, a few not at all.
    const diligence = random.next();
    const profile =
      diligence < 0.6 ? 'good' : diligence < 0.85 ? 'average' : diligence < 0.95 ? 'late' : 'missing';

    for (const year of GENERATED_YEARS) {
      const planId = ids.plan++;
      rows.plan.push([
        planId,
        communeId,
        null,
        year,
        `${random.int(10, 250)}/KH-UBND`,
        `${year - 1}-12-${random.int(10, 30)}`,
        `Kế hoạch cải cách hành chính năm ${year} của UBND ${kind === 'PHUONG' ? 'phường' : 'xã'} ${name}`,
      ]);
      const tasks: GeneratedTask[] = generatePlanBody(random, pool, planId, year, ids, rows).map(
        ({ id, due }) => ({ id, due, ...taskFate(random, profile, year, due) }),
      );

      const { targets, indicatorIds } = provincePlans.get(year)!;
      const indicators: GeneratedIndicator[] = [];
      let position = 0;
      for (const template of INDICATOR_TEMPLATES) {
        const provinceTarget = targets.get(template);
        const target = provinceTarget
          ? communeTarget(template, provinceTarget, random)
          : ownTarget(template, random);
        if (!target) continue;
        const id = ids.indicator++;
        rows.indicator.push(
          indicatorRow(id, planId, ++position, template, target, indicatorIds.get(template.name) ?? null),
        );
        indicators.push({
          id,
          comparator: target.comparator,
          value: target.value,
          max: target.max,
          percent: template.unit === IndicatorUnit.PERCENT,
        });
      }
      // Each indicator's values over the year's quarters, climbing (reports may skip some).
      const series = indicators.map((indicator) => actualSeries(random, indicator, profile, year));

      for (let quarter = 1; quarter <= 4; quarter++) {
        const period = parsePeriod(`${year}Q${quarter}`)!;
        const deadline = addDays(period.end, 5);
        if (deadline > GENERATED_AS_OF) continue;
        if (profile === 'missing' || (profile === 'late' && random.chance(0.2))) continue;
        const lateDays =
          profile === 'late'
            ? random.int(3, 40)
            : profile === 'average' && random.chance(0.2)
              ? random.int(1, 15)
              : 0;
        const submittedOn = addDays(deadline, lateDays - (lateDays ? 0 : random.int(0, 4)));
        const isLatest = addDays(period.end, 100) > GENERATED_AS_OF;
        const status =
          isLatest && random.chance(0.04)
            ? ReportStatus.DRAFT
            : random.chance(0.03)
              ? ReportStatus.RETURNED
              : isLatest
                ? ReportStatus.SUBMITTED
                : ReportStatus.APPROVED;
        const reportId = ids.report++;
        const submitted =
          status === ReportStatus.DRAFT
            ? null
            : `${submittedOn}T0${random.int(1, 9)}:${random.int(10, 59)}:00+07:00`;
        rows.report.push([
          reportId,
          planId,
          period.code,
          period.start,
          period.end,
          status,
          submitted,
          submitted ? `Văn phòng HĐND và UBND ${name}` : null,
        ]);
        for (const task of tasks) rows.progress.push([reportId, task.id, ...progressAt(task, period.end)]);
        indicators.forEach((indicator, i) =>
          rows.value.push([reportId, indicator.id, series[i][quarter - 1]]),
        );
      }
    }
  }

  await bulkInsert(
    manager,
    'commune',
    columns('id:int code:text name:text kind:text province_id:int note:text'),
    rows.commune,
  );
  await bulkInsert(
    manager,
    'plan',
    columns(
      'id:int commune_id:int province_id:int year:smallint document_number:text issue_date:date title:text',
    ),
    rows.plan,
  );
  await bulkInsert(
    manager,
    'plan_area',
    columns('plan_id:int area_code:text position:smallint heading:text'),
    rows.planArea,
  );
  await bulkInsert(
    manager,
    'task',
    columns(
      'id:int plan_id:int area_code:text position:int ordinal:text objective:text name:text activities:text outputs:text lead_unit:text coordinating_units:text monitoring_unit:text time_text:text milestones:jsonb due_on:date budget_text:text budget_million_vnd:numeric',
    ),
    rows.task,
  );
  await bulkInsert(
    manager,
    'indicator',
    columns(
      'id:int plan_id:int area_code:text position:int ordinal:text name:text target_text:text comparator:text target_value:numeric target_max:numeric unit:text unit_noun:text direction:text stated_in:text catalog_code:text catalog_source:text catalog_confidence:real province_indicator_id:int province_link_source:text',
    ),
    rows.indicator,
  );
  await bulkInsert(
    manager,
    'status_report',
    columns(
      'id:int plan_id:int period:text period_start:date period_end:date status:text submitted_at:timestamptz submitted_by:text',
    ),
    rows.report,
  );
  await bulkInsert(
    manager,
    'task_progress',
    columns('report_id:int task_id:int status:text percent:smallint'),
    rows.progress,
  );
  await bulkInsert(
    manager,
    'indicator_value',
    columns('report_id:int indicator_id:int actual_value:numeric'),
    rows.value,
  );
  for (const table of ['commune', 'plan', 'task', 'indicator', 'status_report']) {
    await syncIdSequence(manager, table);
  }

  const result = {
    communes: rows.commune.length,
    plans: rows.plan.length,
    tasks: rows.task.length,
    indicators: rows.indicator.length,
    reports: rows.report.length,
    taskProgress: rows.progress.length,
    indicatorValues: rows.value.length,
  };
  return { result, planIds: rows.plan.map((row) => row[0] as number) };
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** When a task starts, gets done (or never), or is cancelled, given how diligent the commune is. */
function taskFate(random: Random, profile: string, year: number, due: string | null) {
  const anchor = due ?? `${year}-${String(random.int(3, 12)).padStart(2, '0')}-15`;
  const slip =
    {
      good: random.int(-40, 10),
      average: random.int(-20, 45),
      late: random.int(0, 120),
      missing: random.int(0, 150),
    }[profile] ?? 0;
  const never = random.chance(profile === 'good' ? 0.04 : 0.12);
  const done = never ? null : addDays(anchor, slip);
  const start = addDays(done ?? anchor, -random.int(30, 150));
  const cancelledAt = random.chance(0.02) ? addDays(start, random.int(10, 120)) : null;
  return { done, start, cancelledAt };
}

function progressAt(
  task: { done: string | null; start: string; cancelledAt: string | null },
  periodEnd: string,
): [TaskStatus, number] {
  if (task.cancelledAt && task.cancelledAt <= periodEnd) return [TaskStatus.CANCELLED, 0];
  if (task.done && task.done <= periodEnd) return [TaskStatus.COMPLETED, 100];
  if (task.start > periodEnd) return [TaskStatus.NOT_STARTED, 0];
  const end = task.done ?? addDays(periodEnd, 90);
  const span = Date.parse(end) - Date.parse(task.start);
  const share = span > 0 ? (Date.parse(periodEnd) - Date.parse(task.start)) / span : 0.5;
  return [TaskStatus.IN_PROGRESS, Math.min(95, Math.max(5, Math.round(share * 100)))];
}

/**
 * An indicator's actual values at the end of each quarter: they start well below where the year
 * ends and climb (never down), each commune at its own pace; diligent communes tend to end at or
 * above the target, others short of it. Counts are whole; percentages have one decimal, ≤ 100.
 */
function actualSeries(
  random: Random,
  indicator: GeneratedIndicator,
  profile: string,
  year: number,
): number[] {
  const target = indicator.comparator === Comparator.BETWEEN ? indicator.max! : indicator.value;
  const skill = { good: 1.06, average: 0.98, late: 0.9, missing: 0.85 }[profile] ?? 1;
  // A commune does a little better in the second year.
  const end = target * (skill + (year - GENERATED_YEARS[0]) * 0.02 + (random.next() - 0.5) * 0.14);
  const start = end * (0.55 + random.next() * 0.25);
  const values: number[] = [];
  let previous = 0;
  for (let quarter = 1; quarter <= 4; quarter++) {
    const trend = start + ((end - start) * (quarter - 1)) / 3;
    const noisy = Math.max(previous, trend * (1 + (random.next() - 0.5) * 0.04));
    const value = indicator.percent
      ? Math.min(100, Math.max(0, Math.round(noisy * 10) / 10))
      : Math.max(0, Math.round(noisy));
    values.push(value);
    previous = value;
  }
  return values;
}
