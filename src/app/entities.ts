import { AuditLogEntry } from '../modules/audit/audit-log.entity';
import { ApiToken } from '../modules/api-token/api-token.entity';
import { Commune } from '../modules/commune/commune.entity';
import { ExportRun } from '../modules/export-run/export-run.entity';
import { ExportSchedule } from '../modules/export-run/export-schedule.entity';
import { IdempotencyKey } from '../modules/idempotency/idempotency-key.entity';
import { Indicator } from '../modules/indicator/indicator.entity';
import { IndicatorCatalogEntry } from '../modules/indicator-catalog/indicator-catalog.entity';
import { PlanArea } from '../modules/plan/plan-area.entity';
import { Plan } from '../modules/plan/plan.entity';
import { Province } from '../modules/province/province.entity';
import { ReformArea } from '../modules/reform-area/reform-area.entity';
import { IndicatorValue } from '../modules/report/indicator-value.entity';
import { StatusReport } from '../modules/report/status-report.entity';
import { TaskProgress } from '../modules/report/task-progress.entity';
import { Task } from '../modules/task/task.entity';

export const ENTITIES = [
  ReformArea,
  Province,
  Commune,
  Plan,
  PlanArea,
  Task,
  Indicator,
  IndicatorCatalogEntry,
  StatusReport,
  TaskProgress,
  IndicatorValue,
  AuditLogEntry,
  IdempotencyKey,
  ApiToken,
  ExportSchedule,
  ExportRun,
];
