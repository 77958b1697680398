import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { emptyPaths, startDemoServer } from '../utils/demo-server';
import type { DemoServer } from '../utils/demo-server';

/**
 * Every API example of README.md, run as written over HTTP on the demo data of `npm start` (the
 * real plans and the demo province, seeded the same way) with the token the example names: every
 * ```graphql block (its variables are the ```json block right under it), and every curl command
 * that calls localhost:4000 (an export, GET /exports/…, is downloaded and checked for its type,
 * file name and rows). Each must answer without errors, and every field it shows must have a
 * value somewhere in the answer (an example never shows a field that is always null or a list
 * that is always empty). Examples whose text makes a claim have it checked below (CLAIMS, by
 * heading). A new example is picked up with no change here.
 */

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const DEMO_TOKEN = /\bdemo-(admin|analyst|officer|export)\b/;

interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

interface Example {
  /** The heading the example sits under, and its line in README.md: how a failure names it. */
  heading: string;
  line: number;
  graphql?: { query: string; variables?: Record<string, unknown> };
  curl?: CurlRequest;
  /** A demo token's name, or the arguments of the `cchc token create` the example runs first. */
  token: { demo: string } | { create: string[] } | null;
}

/** Shell words of one command line (quotes, and $NAME from `env` in double quotes and bare words). */
function shellWords(command: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  const expand = (text: string) =>
    text.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (_m, name: string) => {
      if (!(name in env)) throw new Error(`README command uses $${name}, which this test does not set`);
      return env[name];
    });
  for (const [, single, double, bare] of command.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    words.push(single ?? expand(double ?? bare));
  }
  return words;
}

/** A curl command line as a request (the options README uses: -s, -H, -d, -X). */
function parseCurl(command: string, env: Record<string, string>): CurlRequest {
  const words = shellWords(command, env);
  const request: CurlRequest = { method: 'GET', url: '', headers: {} };
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === '-H' || word === '--header') {
      const [name, ...value] = words[++i].split(':');
      request.headers[name.trim().toLowerCase()] = value.join(':').trim();
    } else if (word === '-d' || word === '--data' || word === '--data-raw') {
      request.body = words[++i];
      request.method = 'POST';
    } else if (word === '-X' || word === '--request') {
      request.method = words[++i];
    } else if (word === '-s' || word === '--silent' || word === '-OJ' || word === '-O' || word === '-J') {
      continue;
    } else if (word === '-o' || word === '--output') {
      i++;
    } else if (word.startsWith('-')) {
      throw new Error(`README curl uses ${word}, which this test does not read`);
    } else {
      request.url = /^https?:\/\//.test(word) ? word : `http://${word}`;
    }
  }
  return request;
}

/** The `cchc token create …` arguments of `TOKEN=$(… token create …)` in a shell block, if any. */
function tokenCreatedIn(block: string): string[] | null {
  const match = /TOKEN=\$\((?:npm run -s cchc --|cchc) token create ([^)]*)\)/.exec(block);
  return match ? match[1].trim().split(/\s+/) : null;
}

/** The examples of a README, in order. The token of one is the first demo token its text names. */
function readmeExamples(text: string): Example[] {
  const lines = text.split('\n');
  const examples: Example[] = [];
  let heading = '(before any heading)';
  // The text since the last heading or code block: where an example names its token.
  let prose: string[] = [];
  const demoToken = () => {
    const name = DEMO_TOKEN.exec(prose.join('\n'))?.[0];
    return name ? { demo: name } : null;
  };
  const closing = (from: number) => {
    let end = from;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    return end;
  };
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (fence) {
      const start = i;
      const end = closing(i + 1);
      const code = lines.slice(start + 1, end).join('\n');
      i = end;
      if (fence[1] === 'graphql') {
        let next = i + 1;
        while (next < lines.length && lines[next].trim() === '') next++;
        let variables: Record<string, unknown> | undefined;
        if (/^```json\s*$/.test(lines[next] ?? '')) {
          const jsonEnd = closing(next + 1);
          variables = JSON.parse(lines.slice(next + 1, jsonEnd).join('\n'));
          i = jsonEnd;
        }
        examples.push({ heading, line: start + 1, graphql: { query: code, variables }, token: demoToken() });
      } else if (['sh', 'bash', 'shell', ''].includes(fence[1])) {
        const created = tokenCreatedIn(code);
        const commands = code.replace(/\\\n\s*/g, ' ').split('\n');
        commands.forEach((command, k) => {
          if (/^\s*curl /.test(command) && command.includes('localhost:4000')) {
            examples.push({
              heading,
              line: start + 2 + k,
              curl: parseCurl(command.trim(), { TOKEN: '$TOKEN' }),
              token: created ? { create: created } : demoToken(),
            });
          }
        });
      }
      prose = [];
      continue;
    }
    if (/^#{1,6} /.test(lines[i])) {
      heading = lines[i].replace(/^#+\s*/, '');
      prose = [];
      continue;
    }
    prose.push(lines[i]);
    for (const [, command] of lines[i].matchAll(/`(curl [^`]+)`/g)) {
      if (!command.includes('localhost:4000')) continue;
      examples.push({
        heading,
        line: i + 1,
        curl: parseCurl(command, { TOKEN: '$TOKEN' }),
        token: demoToken(),
      });
    }
  }
  return examples;
}

type Run = (query: string, variables?: Record<string, unknown>) => Promise<any>;

const unaccent = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** What the text above an example says of its answer, by heading; `run` asks more with its token. */
const CLAIMS: Record<string, (data: any, run: Run) => void | Promise<void>> = {
  'Search communes ignoring diacritics': ({ communes }) => {
    const nodes = communes.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.code)).toContain('dak-doa');
    for (const node of nodes) expect(unaccent(node.name)).toContain('dak doa');
  },

  'With curl': ({ reformAreas }) => {
    expect(reformAreas).toHaveLength(7);
  },

  'The ten communes of Gia Lai furthest behind on administrative procedures in 2025': async (
    { rollup },
    run,
  ) => {
    expect(rollup).toHaveLength(10);
    expect(new Set(rollup.map((r: any) => r.communeCode)).size).toBe(10);
    for (const row of rollup) {
      expect(row).toMatchObject({ areaCode: 'PROCEDURES', communeCode: expect.any(String) });
      expect(row.completionRate).toEqual(expect.any(Number));
    }
    const rates: number[] = rollup.map((r: any) => r.completionRate);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    // Furthest behind: no other commune of the province does worse on PROCEDURES (asked without
    // the area filter, each commune's seven areas).
    const { all } = await run(
      '{ all: rollup(periods: ["2025"], provinceCode: "52", groupBy: [COMMUNE, AREA]) { communeCode areaCode completionRate taskCount } }',
    );
    const ten = new Set(rollup.map((r: any) => r.communeCode));
    const others = all.filter(
      (r: any) => r.areaCode === 'PROCEDURES' && !ten.has(r.communeCode) && r.completionRate !== null,
    );
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(other.completionRate).toBeGreaterThanOrEqual(rates.at(-1)!);
    for (const row of rollup) {
      const same = all.find((r: any) => r.communeCode === row.communeCode && r.areaCode === 'PROCEDURES');
      expect([row.taskCount, row.completionRate]).toEqual([same.taskCount, same.completionRate]);
    }
  },

  "The province's trend by quarter": ({ rollup }) => {
    const quarters = ['2025Q1', '2025Q2', '2025Q3', '2025Q4'];
    expect(rollup).toHaveLength(quarters.length * 7);
    expect([...new Set(rollup.map((r: any) => r.period))]).toEqual(quarters);
  },

  'Three communes on two reform areas, month by month': async ({ rollup }, run) => {
    const months = ['2025-07', '2025-08', '2025-09'];
    const communes = ['52001', '52002', '52003'];
    expect(rollup.map((r: any) => `${r.communeCode} ${r.period}`)).toEqual(
      communes.flatMap((c) => months.map((m) => `${c} ${m}`)),
    );
    // Each row pools the two areas: the sum of the same communes' rows by area, unfiltered.
    const { byArea } = await run(
      `{ byArea: rollup(periods: ["2025-07", "2025-08", "2025-09"], provinceCode: "52", groupBy: [COMMUNE, AREA, PERIOD]) {
        communeCode areaCode period taskCount completedCount } }`,
    );
    for (const row of rollup) {
      const parts = byArea.filter(
        (r: any) =>
          r.communeCode === row.communeCode &&
          r.period === row.period &&
          ['DIGITAL_GOVERNMENT', 'INSTITUTIONS'].includes(r.areaCode),
      );
      expect(parts).toHaveLength(2);
      expect([row.taskCount, row.completedCount]).toEqual([
        parts[0].taskCount + parts[1].taskCount,
        parts[0].completedCount + parts[1].completedCount,
      ]);
    }
  },

  'Every row, a page at a time': async (first, run) => {
    const { query } = examples.find((e) => e.heading === 'Every row, a page at a time')!.graphql!;
    const seen: string[] = [];
    let page = first.rollupConnection;
    for (let guard = 0; guard < 100; guard++) {
      seen.push(...page.edges.map((e: any) => `${e.node.communeCode} ${e.node.areaCode}`));
      if (!page.pageInfo.hasNextPage) break;
      page = (await run(query, { after: page.pageInfo.endCursor })).rollupConnection;
    }
    expect(first.rollupConnection.totalCount).toBeGreaterThan(50);
    expect(seen).toHaveLength(first.rollupConnection.totalCount);
    expect(new Set(seen).size).toBe(seen.length);
  },
};

const examples = readmeExamples(README);

describe('README examples', () => {
  let demo: DemoServer;
  let tokens: Map<string, string>;

  beforeAll(async () => {
    // What `npm start` loads on its first start, and the tokens it prints.
    demo = await startDemoServer();
    ({ tokens } = demo);
    // What an example's `TOKEN=$(npm run -s cchc -- token create …)` makes (the CLI itself is
    // tested in token-cli.test.ts): the same service with the same arguments.
    for (const example of examples) {
      if (!example.token || !('create' in example.token)) continue;
      const key = example.token.create.join(' ');
      if (tokens.has(key)) continue;
      const { values } = parseArgs({
        args: example.token.create,
        options: {
          role: { type: 'string' },
          name: { type: 'string' },
          province: { type: 'string' },
          commune: { type: 'string' },
        },
      });
      const { token } = await createToken(demo.db.dataSource, {
        role: values.role as Role,
        name: values.name!,
        provinceCode: values.province,
        communeCode: values.commune,
      });
      tokens.set(key, token);
    }
  }, 120_000);
  afterAll(async () => {
    await demo?.stop();
  });

  const tokenOf = (example: Example) => {
    if (!example.token) return undefined;
    return tokens.get('demo' in example.token ? example.token.demo : example.token.create.join(' '));
  };

  /** Sends a request as README shows it, to this test's server; the JSON answer. */
  async function send(request: CurlRequest) {
    const url = new URL(request.url);
    const target = new URL(demo.url);
    url.host = target.host;
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
  }

  /**
   * An export example (GET /exports/<kind>.<format>): 200, the format's type, a file name, and
   * rows; for NDJSON every line an object.
   */
  async function expectExport(name: string, request: CurlRequest) {
    const url = new URL(request.url);
    url.host = new URL(demo.url).host;
    const response = await fetch(url, { headers: request.headers });
    const text = await response.text();
    const format = /\.(\w+)$/.exec(url.pathname)![1];
    expect({ example: name, status: response.status, type: response.headers.get('content-type') }).toEqual({
      example: name,
      status: 200,
      type: expect.stringContaining(format === 'ndjson' ? 'application/x-ndjson' : format),
    });
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    const lines = text.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    if (format === 'ndjson') for (const line of lines) expect(JSON.parse(line)).toEqual(expect.any(Object));
  }

  const graphqlRequest = (
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): CurlRequest => ({
    method: 'POST',
    url: 'http://localhost:4000/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });

  it('finds the examples: every graphql block and the curl commands, each with a token', () => {
    const blocks = README.match(/^```graphql\s*$/gm) ?? [];
    expect(examples.filter((e) => e.graphql)).toHaveLength(blocks.length);
    expect(examples.filter((e) => e.curl).length).toBeGreaterThanOrEqual(3);
    const without = examples.filter((e) => !e.token).map((e) => `${e.heading} (README.md:${e.line})`);
    // An example names the demo token to run it with (demo-admin, demo-analyst, demo-officer, demo-export).
    expect(without).toEqual([]);
    // Every claim checked below still has its example.
    const headings = new Set(examples.map((e) => e.heading));
    expect(Object.keys(CLAIMS).filter((h) => !headings.has(h))).toEqual([]);
  });

  it.each(examples.map((e) => [`"${e.heading}" (README.md:${e.line})`, e] as const))(
    '%s answers without errors, every field it shows has a value, and its claim holds',
    async (name, example) => {
      const token = tokenOf(example);
      expect({ example: name, token: token ? 'found' : 'missing' }).toEqual({
        example: name,
        token: 'found',
      });
      const request = example.curl
        ? {
            ...example.curl,
            headers: Object.fromEntries(
              Object.entries(example.curl.headers).map(([k, v]) => [k, v.replace('$TOKEN', token!)]),
            ),
          }
        : graphqlRequest(token!, example.graphql!.query, example.graphql!.variables);
      if (new URL(request.url).pathname.startsWith('/exports/')) {
        await expectExport(name, request);
        return;
      }
      const { status, body } = await send(request);
      expect({ example: name, status, errors: body.errors ?? [] }).toEqual({
        example: name,
        status: 200,
        errors: [],
      });
      expect({ example: name, empty: emptyPaths(body.data) }).toEqual({ example: name, empty: [] });
      expect(Object.keys(body.data ?? {}).length).toBeGreaterThan(0);

      const run: Run = async (query, variables) => {
        const more = await send(graphqlRequest(token!, query, variables));
        expect({ example: name, errors: more.body.errors ?? [] }).toEqual({ example: name, errors: [] });
        return more.body.data;
      };
      await CLAIMS[example.heading]?.(body.data, run);
    },
  );
});
