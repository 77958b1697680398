// The usage texts and exit codes of `cchc export` and `cchc schedule`, apart from their code: cchc.ts
// prints them for every command, and loads the commands themselves only when they run.

export const EXPORT_USAGE = `  cchc export <kind> [--province <code>] [--commune <code>] [--period <period>]… [--group-by <dims>]
              [--area <code>] [--year <year>] [--approved-only] [--overdue-only]
              [--format csv|xlsx|ndjson] [--lang vi|en] [--out <file>] [--token <token>]
                                                     an export (docs/EXPORTS.md); kinds: rollup, tasks,
                                                     indicators, reporting, plan. As the token's viewer
                                                     (--token or CCHC_TOKEN), else as the operator.
                                                     Exit 2 bad input, 3 bad token, 4 not found/forbidden.`;

/** Exit codes of `cchc export` (docs/EXPORTS.md). */
export const EXPORT_EXIT = { ok: 0, failed: 1, badInput: 2, unauthenticated: 3, refused: 4 } as const;

/** A failure of `cchc export` with its exit code and message. */
export class ExportCliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const SCHEDULE_USAGE = `  cchc schedule add <kind> [the export options above, without --out] --cron "<min hour day month weekday>"
              [--time-zone <IANA zone>] [--format csv|xlsx|ndjson] [--lang vi|en] [--token <token>]
                                                     a recurring export, run by the server's export worker
                                                     as the token (else the operator); prints its id
  cchc schedule list [--all] [--token <token>]       schedules (active ones; --all adds cancelled)
  cchc schedule cancel <id> [--token <token>]        no more runs of that schedule`;
