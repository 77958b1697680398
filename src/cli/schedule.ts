// `cchc schedule add|list|cancel`: export schedules (docs/EXPORTS.md, "Runs and schedules") through
// the same services as the GraphQL mutations, as the viewer of an API token (else the operator).
// The server's export worker (CCHC_EXPORT_WORKER) runs them; this command only stores them.
import { parseArgs } from 'node:util';
import { createRequestContext } from '../app/request-context';
import { openDatabase } from '../app/database';
import { loadConfig } from '../core/config';
import type { RequestContext } from '../core/request-context';
import { exportFormatOf, exportKindOf, exportLangOf } from '../modules/export/export.service';
import type { ExportFileFormat, ExportLanguage } from '../modules/export-run/export-run.enums';
import type { ExportSchedule } from '../modules/export-run/export-schedule.entity';
import { cancelExport, exportSchedules, scheduleExport } from '../modules/export-run/export-schedule.service';
import { formatTime, textTable } from './table';
import { EXPORT_EXIT, ExportCliError, OPTIONS, asCliError, paramsOf, viewerOfToken } from './export';

export { SCHEDULE_USAGE } from './command-texts';

const { out: _out, ...EXPORT_OPTIONS } = OPTIONS;
const SCHEDULE_OPTIONS = {
  ...EXPORT_OPTIONS,
  cron: { type: 'string' },
  'time-zone': { type: 'string' },
  all: { type: 'boolean' },
} as const;

/** Schedules as an aligned text table. */
function scheduleTable(schedules: ExportSchedule[]): string {
  const rows = [
    ['ID', 'KIND', 'FORMAT', 'CRON', 'TIME ZONE', 'NEXT RUN (UTC)', 'STATUS', 'BY', 'PARAMS'],
    ...schedules.map((s) => [
      String(s.id),
      s.kind.toLowerCase(),
      s.format,
      s.cron,
      s.timeZone,
      formatTime(s.nextRunAt),
      s.status,
      s.requestedBy,
      JSON.stringify(s.params),
    ]),
  ];
  return textTable(rows);
}

/** Runs `work` on the configured database as the token's viewer (or the operator). */
async function asViewer<T>(token: string | undefined, work: (ctx: RequestContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config, { log: (m) => console.error(m) });
  try {
    const viewer = await viewerOfToken(database.dataSource, token, config.adminToken);
    return await work(createRequestContext(database.dataSource, viewer));
  } finally {
    await database.close();
  }
}

/**
 * cchc schedule add|list|cancel. Output: `add` prints the new schedule's id on stdout, `list` a
 * table; what was done goes to stderr. Exit codes as cchc export (2 bad input, 3 bad token, 4
 * not found or forbidden).
 */
export async function scheduleCommand(args: string[]): Promise<string | undefined> {
  const [sub, ...rest] = args;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: SCHEDULE_OPTIONS,
      allowPositionals: true,
    });
    const token = values.token ?? (process.env.CCHC_TOKEN || undefined);
    if (sub === 'add') {
      if (positionals.length !== 1) {
        throw new ExportCliError(
          'schedule add needs one export kind, e.g. schedule add rollup.',
          EXPORT_EXIT.badInput,
        );
      }
      if (!values.cron) {
        throw new ExportCliError(
          'schedule add needs --cron, e.g. --cron "0 2 * * *" (02:00 every day).',
          EXPORT_EXIT.badInput,
        );
      }
      const schedule = await asViewer(token, (ctx) =>
        scheduleExport(ctx, {
          kind: exportKindOf(positionals[0]),
          params: paramsOf(values),
          format: exportFormatOf(values.format ?? 'csv') as ExportFileFormat,
          lang: exportLangOf(values.lang) as ExportLanguage,
          cron: values.cron!,
          timeZone: values['time-zone'] ?? null,
        }),
      );
      console.error(
        `Scheduled export ${schedule.id}: ${schedule.kind.toLowerCase()} as ${schedule.format}, "${schedule.cron}" in ${schedule.timeZone}; next run ${formatTime(schedule.nextRunAt)} UTC, as ${schedule.requestedBy}.`,
      );
      return `${schedule.id}\n`;
    }
    if (sub === 'list') {
      const page = await asViewer(token, (ctx) =>
        exportSchedules(ctx, { first: 500, after: null, includeCancelled: values.all ?? false }),
      );
      return scheduleTable(page.edges.map((edge) => edge.node));
    }
    if (sub === 'cancel') {
      if (positionals.length !== 1) {
        throw new ExportCliError('schedule cancel needs one schedule id.', EXPORT_EXIT.badInput);
      }
      const schedule = await asViewer(token, (ctx) => cancelExport(ctx, positionals[0]));
      console.error(
        `Cancelled export schedule ${schedule.id} (${schedule.kind.toLowerCase()}, "${schedule.cron}").`,
      );
      return undefined;
    }
    throw new ExportCliError(
      `schedule needs add, list or cancel${sub ? `, not "${sub}"` : ''}.`,
      EXPORT_EXIT.badInput,
    );
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new ExportCliError((error as Error).message, EXPORT_EXIT.badInput);
    }
    throw asCliError(error);
  }
}
