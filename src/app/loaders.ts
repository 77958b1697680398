import type { DataSource } from 'typeorm';
import type { Loaders } from '../core/request-context';
import { communeLoaders } from '../modules/commune/commune.loaders';
import { indicatorLoaders } from '../modules/indicator/indicator.loaders';
import { indicatorCatalogLoaders } from '../modules/indicator-catalog/indicator-catalog.loaders';
import { planLoaders } from '../modules/plan/plan.loaders';
import { provinceLoaders } from '../modules/province/province.loaders';
import { reformAreaLoaders } from '../modules/reform-area/reform-area.loaders';
import { reportLoaders } from '../modules/report/report.loaders';
import { reportingLoaders } from '../modules/reporting/reporting.loaders';
import { rollupLoaders } from '../modules/rollup/rollup.loaders';
import { taskLoaders } from '../modules/task/task.loaders';

/** Every relation of the graph, batched per request (one statement per level of a query). */
export function createLoaders(dataSource: DataSource): Loaders {
  return {
    ...reformAreaLoaders(dataSource),
    ...provinceLoaders(dataSource),
    ...communeLoaders(dataSource),
    ...planLoaders(dataSource),
    ...taskLoaders(dataSource),
    ...indicatorLoaders(dataSource),
    ...indicatorCatalogLoaders(dataSource),
    ...reportLoaders(dataSource),
    ...rollupLoaders(dataSource),
    ...reportingLoaders(dataSource),
  };
}
