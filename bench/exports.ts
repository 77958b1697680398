import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';

// Export cases of `npm run bench` (docs/BENCHMARKS.md, "Exports"): a national task list streamed
// over HTTP from the server process, rows per second and the server's peak RSS above idle.

export interface ExportCase {
  name: string;
  /** Path and query of GET /exports/<kind>.<format>. */
  path: string;
}

/** The national task list of both plan years (~400,000 rows), and one province as XLSX. */
export const EXPORT_CASES: ExportCase[] = [
  { name: '(e) national task list, CSV', path: '/exports/tasks.csv?period=2025,2026' },
  { name: '(f) national task list, NDJSON', path: '/exports/tasks.ndjson?period=2025,2026' },
  { name: '(g) one province (79) task list, XLSX', path: '/exports/tasks.xlsx?province=79&period=2025,2026' },
];

export interface ExportResult {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  idleRssMiB: number;
  peakRssMiB: number;
  /** CPU seconds the server process used during the export. */
  serverCpuSeconds: number;
  /** CPU seconds PostgreSQL's processes used during it (those alive before and after). */
  postgresCpuSeconds: number;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); 0 when it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the command (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/** CPU seconds of the postmaster and its children (the backends), by pid. */
export function postgresCpu(postmasterPid: number): Map<number, number> {
  const cpu = new Map<number, number>([[postmasterPid, cpuSecondsOf(postmasterPid)]]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.split(') ')[1].split(' ')[1]) === postmasterPid) {
        cpu.set(Number(entry), cpuSecondsOf(Number(entry)));
      }
    } catch {
      // The process ended while being read.
    }
  }
  return cpu;
}

/** CPU used between two readings of postgresCpu, over the processes alive at both. */
export const cpuSpent = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce(
    (sum, [pid, seconds]) => sum + (before.has(pid) ? seconds - before.get(pid)! : seconds),
    0,
  );

/**
 * Rows of a CSV or NDJSON byte stream: line ends outside double quotes (a CSV cell may hold a line
 * break), less the header row of a CSV. Counted as the bytes arrive, never held; the scan uses
 * Buffer.indexOf so that the counting client takes little of the CPU the server needs.
 */
function rowCounter(format: string) {
  let quoted = false;
  let lines = 0;
  return {
    add(chunk: Buffer) {
      if (format !== 'csv') {
        for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lines++;
        return;
      }
      let at = 0;
      for (;;) {
        const quote = chunk.indexOf(0x22, at);
        const newline = quoted ? -1 : chunk.indexOf(0x0a, at);
        if (newline >= 0 && (quote < 0 || newline < quote)) {
          lines++;
          at = newline + 1;
        } else if (quote >= 0) {
          quoted = !quoted;
          at = quote + 1;
        } else {
          return;
        }
      }
    },
    rows: () => (format === 'csv' ? lines - 1 : lines),
  };
}

/** GET a URL with a bearer token; the response, with its body unread. */
function get(url: string, token: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { authorization: `Bearer ${token}` } }, resolve).on('error', reject);
  });
}

/**
 * Downloads one export with the token, reading the body as it comes; samples the server's RSS
 * every 20 ms and reads the CPU time the server and PostgreSQL spent. The row count of an XLSX file is not counted (rows/s is left out for it).
 */
export async function runExportCase(
  baseUrl: string,
  token: string,
  exportCase: ExportCase,
  server: { pid: number; rssMiB: () => number; postmasterPid: number },
): Promise<ExportResult> {
  const { rssMiB } = server;
  const serverCpu = cpuSecondsOf(server.pid);
  const postgresBefore = postgresCpu(server.postmasterPid);
  const format = /\.(\w+)\?/.exec(exportCase.path)![1];
  const idleRssMiB = rssMiB();
  let peakRssMiB = idleRssMiB;
  const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, rssMiB())), 20);
  const start = process.hrtime.bigint();
  try {
    const response = await get(`${baseUrl}${exportCase.path}`, token);
    if (response.statusCode !== 200) throw new Error(`${exportCase.path}: HTTP ${response.statusCode}`);
    const counter = rowCounter(format);
    let bytes = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (format !== 'xlsx') counter.add(chunk);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const rows = format === 'xlsx' ? NaN : counter.rows();
    return {
      rows,
      bytes,
      seconds,
      rowsPerSecond: rows / seconds,
      idleRssMiB,
      peakRssMiB,
      serverCpuSeconds: cpuSecondsOf(server.pid) - serverCpu,
      postgresCpuSeconds: cpuSpent(postgresBefore, postgresCpu(server.postmasterPid)),
    };
  } finally {
    clearInterval(sampler);
  }
}
