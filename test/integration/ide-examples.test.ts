import { readFileSync } from 'node:fs';
import { IDE_EXAMPLES_FILE, loadIdeExamples, readIdeExamples } from '../../src/app/ide/ide-examples';
import { emptyPaths, startDemoServer } from '../utils/demo-server';
import type { DemoServer } from '../utils/demo-server';

/**
 * The IDE's example tabs (src/app/ide/examples.graphql), each run over HTTP exactly as the tab
 * opens (comments included, variables left to their defaults) on the demo data of `npm start`,
 * with the demo token its "# Token:" line names: no errors, and every field it shows has a value
 * somewhere in the answer. The page's start script carries every tab.
 */

const examples = loadIdeExamples();

describe('IDE examples', () => {
  let demo: DemoServer;

  beforeAll(async () => {
    demo = await startDemoServer();
  }, 120_000);
  afterAll(async () => {
    await demo?.stop();
  });

  it('has the six examples of the brief, each a named operation with its token', () => {
    expect(examples.map((e) => e.title)).toEqual([
      'Province dashboard for a quarter',
      'Communes that have not reported',
      'Overdue tasks of an area',
      'Worst communes in an area',
      'Indicator attainment',
      'Trend by quarter',
    ]);
    const operations = readFileSync(IDE_EXAMPLES_FILE, 'utf8').match(/^(query|mutation|subscription)\b/gm);
    expect(examples).toHaveLength(operations!.length);
  });

  it('refuses an example without a name or a token line', () => {
    expect(() => readIdeExamples('# A title\n{ viewer { role } }')).toThrow(/named operation/);
    expect(() => readIdeExamples('# A title\nquery A { viewer { role } }')).toThrow(/Token: demo/);
    // A file header, apart by a blank line, is not part of the first tab.
    const [only] = readIdeExamples('# header\n\n# Title\n# Token: demo-admin\nquery A { viewer { role } }\n');
    expect(only).toEqual({
      name: 'A',
      title: 'Title',
      token: 'demo-admin',
      query: '# Title\n# Token: demo-admin\nquery A { viewer { role } }\n',
    });
  });

  it('asks for a token before GraphiQL mounts, with the stable ids browser tests drive', async () => {
    const page = await (await fetch(demo.url, { headers: { accept: 'text/html' } })).text();
    for (const id of [
      'token-form',
      'token-input',
      'token-submit',
      'token-error',
      'token-viewer',
      'token-forget',
      'ide',
    ]) {
      expect(page).toContain(`id="${id}"`);
    }
    expect(page).toContain('<label for="token-input">API token</label>');
    expect(page).toContain('npm start'); // where demo tokens come from
    expect(page).not.toMatch(/<script>|<script [^>]*>[^<]/); // no inline script (the CSP allows none)
  });

  it('serves every tab in the start script of the page', async () => {
    const script = await (await fetch(new URL('graphql/ide/start.js', demo.url))).text();
    for (const example of examples) expect(script).toContain(JSON.stringify(example.query));
  });

  it.each(examples.map((e) => [e.title, e] as const))(
    '"%s" answers without errors with its token, every field it shows having a value',
    async (title, example) => {
      const token = demo.tokens.get(example.token);
      expect({ title, token: token ? 'found' : 'missing' }).toEqual({ title, token: 'found' });
      const response = await fetch(demo.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: example.query, operationName: example.name }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      expect({ title, status: response.status, errors: body.errors ?? [] }).toEqual({
        title,
        status: 200,
        errors: [],
      });
      expect({ title, empty: emptyPaths(body.data) }).toEqual({ title, empty: [] });
    },
  );
});
