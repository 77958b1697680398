import { InitialSchema1795424491181 } from './1795424491181-initial-schema';
import { CommuneSearch1795424600000 } from './1795424600000-commune-search';
import { ParseWarnings1795430000000 } from './1795430000000-parse-warnings';
import { ReportDueDay1795440000000 } from './1795440000000-report-due-day';
import { PlanRollup1795450000000 } from './1795450000000-plan-rollup';
import { ReportWorkflow1795470000000 } from './1795470000000-report-workflow';
import { ApiToken1795460000000 } from './1795460000000-api-token';
import { IndicatorStatedIn1795480600000 } from './1795480600000-indicator-stated-in';
import { ExportRuns1795490300000 } from './1795490300000-export-runs';
import { TaskMilestonesText1795495000000 } from './1795495000000-task-milestones-text';
import { TokenChangeNotify1795496000000 } from './1795496000000-token-change-notify';
import { ProvinceChangeNotify1795497000000 } from './1795497000000-province-change-notify';
import { RollupCountedOnly1795500200000 } from './1795500200000-rollup-counted-only';
import { IndicatorCatalog1795500000000 } from './1795500000000-indicator-catalog';
import { LiveNotify1795500100000 } from './1795500100000-live-notify';
import { IndicatorMet1795520000000 } from './1795520000000-indicator-met';
import { RollupDelta1795540000000 } from './1795540000000-rollup-delta';
import { ProvinceRollup1795550000000 } from './1795550000000-province-rollup';
import { RollupRelevantUpdates1795560000000 } from './1795560000000-rollup-relevant-updates';
import { IndicatorCatalogPlanIndex1795560100000 } from './1795560100000-indicator-catalog-plan-index';
import { ProvinceRollupGrid1795590000000 } from './1795590000000-province-rollup-grid';
import { PlanIndicatorRollup1795600000000 } from './1795600000000-plan-indicator-rollup';

/** Every migration, oldest first (listed explicitly so ts-node, jest and dist all find them). */
export const MIGRATIONS = [
  InitialSchema1795424491181,
  CommuneSearch1795424600000,
  ParseWarnings1795430000000,
  ReportDueDay1795440000000,
  PlanRollup1795450000000,
  ApiToken1795460000000,
  ReportWorkflow1795470000000,
  IndicatorStatedIn1795480600000,
  ExportRuns1795490300000,
  TaskMilestonesText1795495000000,
  TokenChangeNotify1795496000000,
  ProvinceChangeNotify1795497000000,
  IndicatorCatalog1795500000000,
  LiveNotify1795500100000,
  RollupCountedOnly1795500200000,
  IndicatorMet1795520000000,
  RollupDelta1795540000000,
  ProvinceRollup1795550000000,
  RollupRelevantUpdates1795560000000,
  IndicatorCatalogPlanIndex1795560100000,
  ProvinceRollupGrid1795590000000,
  PlanIndicatorRollup1795600000000,
];
