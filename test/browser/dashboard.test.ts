import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startGraphqlServer } from '../../src/app/server';
import { issueDemoTokens } from '../../src/modules/api-token/demo-tokens';
import { seedDatabase } from '../../src/modules/seed/seed';
import { Role } from '../../src/core/viewer';
import { freePeriods, httpGraphql, submitReport } from '../utils/live-fixtures';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/**
 * The browser end of issue #13 ("Done when"): headless chromium (Debian's, never a download) on
 * the real server over the demo data of `npm start`. Every request the pages make must stay on
 * 127.0.0.1; the IDE loads and runs a query; the dashboard's heat map shows Query.rollup's numbers;
 * screenshots at 1366×768 and 375×812 go to test/artifacts/. Skipped, with a note, without chromium.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
if (!HAVE_CHROMIUM) {
  console.warn(
    `Browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`,
  );
}
const describeInBrowser = HAVE_CHROMIUM ? describe : describe.skip;

jest.setTimeout(180_000);

interface RollupCell {
  communeCode: string;
  areaCode: string | null;
  period: string;
  completionRate: number | null;
}

describeInBrowser('the dashboard and the IDE in a browser', () => {
  let db: TestDatabase;
  let server: { url: string; stop: () => Promise<void> };
  let browser: Browser;
  const tokens = new Map<string, string>();
  /** Requests that tried to leave 127.0.0.1 (aborted), and uncaught page errors, in every context. */
  const offHost: string[] = [];
  const pageErrors: string[] = [];
  const origin = () => new URL(server.url).origin;

  beforeAll(async () => {
    db = await createTestDatabase('empty');
    // What `npm start` loads on its first start (the real plans and demo province 52 Gia Lai).
    await seedDatabase(db.dataSource, { scale: 'demo' });
    for (const { name, token } of await issueDemoTokens(db.dataSource)) tokens.set(name, token);
    // The analyst may run only persisted operations: the dashboard needs nothing else.
    server = await startGraphqlServer({
      dataSource: db.dataSource,
      port: 0,
      isDevelopment: false,
      persistedOnlyRoles: [Role.PROVINCE_ANALYST],
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.drop();
  });
  afterEach(() => {
    expect(offHost).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  /** A fresh context whose every request must go to 127.0.0.1 (others are aborted and recorded). */
  async function newPage(
    viewport = { width: 1366, height: 768 },
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname !== '127.0.0.1') {
        offHost.push(url.href);
        return route.abort();
      }
      return route.continue();
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page };
  }

  const api = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as any;
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  /** Opens the dashboard, signs in with the token, waits for the figures of a period. */
  async function openDashboard(page: Page, token: string, search = '?province=52&period=LAST_QUARTER') {
    await page.goto(`${origin()}/dashboard${search}`);
    await page.fill('#token-input', token);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('body[data-period] #heatmap-table tbody tr');
    await page.waitForSelector('#heatmap-chart canvas');
  }

  /** The heat map's table: commune code → area code ('' for overall) → data-rate. */
  const heatmapTable = (page: Page) =>
    page.$$eval('#heatmap-table tbody tr', (rows) =>
      rows.map((row) => ({
        communeCode: row.getAttribute('data-commune-code') as string,
        name: row.querySelector('th')?.textContent as string,
        cells: Array.from(row.querySelectorAll('td')).map((td: any) => ({
          areaCode: td.getAttribute('data-area-code') ?? '',
          rate: td.getAttribute('data-rate') as string,
        })),
      })),
    );

  const rateText = (rate: number | null) => (rate === null ? '' : String(rate));

  /**
   * The heat map's table equals Query.rollup asked the same question (LAST_QUARTER read in the
   * province's time zone), every commune × area and overall; the API's cells are returned.
   */
  async function expectHeatmapEqualsApi(page: Page): Promise<RollupCell[]> {
    const period = await page.getAttribute('body', 'data-period');
    const { cells, overall } = (await api(
      tokens.get('demo-admin') as string,
      `{ cells: rollup(provinceCode: "52", periods: ["LAST_QUARTER"], groupBy: [COMMUNE, AREA, PERIOD]) { communeCode areaCode period completionRate }
         overall: rollup(provinceCode: "52", periods: ["LAST_QUARTER"], groupBy: [COMMUNE, PERIOD]) { communeCode areaCode period completionRate } }`,
    )) as { cells: RollupCell[]; overall: RollupCell[] };
    expect(new Set(cells.map((c) => c.period))).toEqual(new Set([period]));
    const expected = new Map<string, Map<string, string>>();
    for (const row of [...cells, ...overall]) {
      if (!expected.has(row.communeCode)) expected.set(row.communeCode, new Map());
      expected.get(row.communeCode)?.set(row.areaCode ?? '', rateText(row.completionRate));
    }
    const table = await heatmapTable(page);
    // Demo province: 30 communes × (7 areas + overall).
    expect(table).toHaveLength(30);
    expect(expected.size).toBe(30);
    const shown = new Map(
      table.map((row) => [row.communeCode, new Map(row.cells.map((c) => [c.areaCode, c.rate]))]),
    );
    expect(shown).toEqual(expected);
    return cells;
  }

  it('the IDE at /graphql loads, takes a token and runs an example query', async () => {
    const { context, page } = await newPage();
    await page.goto(`${origin()}/graphql`);
    // The analyst is held to persisted operations here (see beforeAll): the IDE is for the others.
    await page.fill('#token-input', tokens.get('demo-admin') as string);
    await page.click('#token-submit');
    await page.waitForSelector('#ide .graphiql-container');
    await expect(page.textContent('#token-viewer')).resolves.toMatch(/demo-admin/);
    // Run the open example tab and wait for its answer in the result pane.
    const answer = page.waitForResponse(
      (r) =>
        r.url() === server.url &&
        r.request().method() === 'POST' &&
        !/IntrospectionQuery/.test(r.request().postData() ?? ''),
    );
    await page.click('.graphiql-execute-button');
    const response = await answer;
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    await page.waitForFunction(`/"data"/.test(document.querySelector('.result-window')?.textContent ?? '')`);
    await context.close();
  });

  it("shows the demo province's heat map with Query.rollup's numbers, by commune and area and overall", async () => {
    const { context, page } = await newPage();
    const analyst = tokens.get('demo-analyst') as string;
    await openDashboard(page, analyst);
    const period = await page.getAttribute('body', 'data-period');
    const cells = await expectHeatmapEqualsApi(page);
    // Not all the same number: the comparison means something.
    expect(new Set(cells.map((c) => c.completionRate)).size).toBeGreaterThan(5);

    // Reporting completeness and the missing communes, as Province.reporting says.
    const admin = tokens.get('demo-admin') as string;
    const { province } = await api(
      admin,
      `query ($period: String!) { province(code: "52") { reporting(period: $period) { expected submitted missingCommunes { code } }
         overdueTasks(period: $period, first: 1) { totalCount edges { node { task { id timeText } } } } } }`,
      { period },
    );
    await expect(page.textContent('[data-figure=expected]')).resolves.toBe(
      String(province.reporting.expected),
    );
    await expect(page.textContent('[data-figure=submitted]')).resolves.toMatch(
      new RegExp(`^${province.reporting.submitted} `),
    );
    const missing = await page.$$eval('#missing-communes li[data-commune-code]', (items) =>
      items.map((li) => li.getAttribute('data-commune-code')),
    );
    expect(missing.sort()).toEqual(
      province.reporting.missingCommunes.map((c: { code: string }) => c.code).sort(),
    );

    // The overdue list and its drill-down to the task's time text as written.
    expect(province.overdueTasks.totalCount).toBeGreaterThan(0);
    await expect(page.$$eval('#overdue-table tbody tr', (rows) => rows.length)).resolves.toBe(
      Math.min(100, province.overdueTasks.totalCount),
    );
    const first = province.overdueTasks.edges[0].node.task;
    await page.click(`#overdue-table tbody tr[data-task-id="${first.id}"] button`);
    await expect(page.textContent('#task-detail [data-field=timeText]')).resolves.toBe(first.timeText ?? '–');
    await context.close();
  });

  it('sorts the heat map by commune name, by overall rate and by an area', async () => {
    const { context, page } = await newPage();
    await openDashboard(page, tokens.get('demo-analyst') as string);
    const names = (await heatmapTable(page)).map((r) => r.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'vi')));
    const descending = (rates: string[]) => {
      const numbers = rates.filter((r) => r !== '').map(Number);
      // Rates high to low, communes without one last.
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
      expect(rates.slice(numbers.length).every((r) => r === '')).toBe(true);
    };
    await page.selectOption('#heatmap-sort', 'overall');
    descending((await heatmapTable(page)).map((r) => r.cells.find((c) => c.areaCode === '')?.rate ?? ''));
    await page.click('#heatmap-table th button[data-sort="area:PROCEDURES"]');
    descending(
      (await heatmapTable(page)).map((r) => r.cells.find((c) => c.areaCode === 'PROCEDURES')?.rate ?? ''),
    );
    await expect(page.inputValue('#heatmap-sort')).resolves.toBe('area:PROCEDURES');
    await context.close();
  });

  it('speaks Vietnamese by default and English on the toggle; an explicit period code works', async () => {
    const { context, page } = await newPage();
    await openDashboard(page, tokens.get('demo-admin') as string, '?province=52&period=2025Q3');
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('vi');
    await expect(page.textContent('h1')).resolves.toBe('Kết quả cải cách hành chính');
    await expect(page.getAttribute('body', 'data-period')).resolves.toBe('2025Q3');
    // An admin picks among the provinces.
    await expect(page.isVisible('#province')).resolves.toBe(true);
    await page.click('#language');
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('en');
    await expect(page.textContent('h1')).resolves.toBe('Administrative reform progress');
    await expect(page.textContent('#heatmap-title')).resolves.toBe('Completion by commune and reform area');
    // Sign out: the token is forgotten and the form is back.
    await page.click('#sign-out');
    await expect(page.isVisible('#token-form')).resolves.toBe(true);
    await expect(
      page.evaluate(
        "[sessionStorage.getItem('cchc-dashboard-token'), localStorage.getItem('cchc-dashboard-token')]",
      ),
    ).resolves.toEqual([null, null]);
    await context.close();
  });

  it('fits 1366×768 and a 375×812 phone (screenshots in test/artifacts/)', async () => {
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 375, height: 812 },
    ]) {
      const { context, page } = await newPage(viewport);
      await openDashboard(page, tokens.get('demo-analyst') as string);
      // Nothing wider than the screen; every chart drawn within its card.
      await expect(
        page.evaluate<number>('document.documentElement.scrollWidth'),
      ).resolves.toBeLessThanOrEqual(viewport.width);
      for (const id of ['heatmap-chart', 'areas-chart', 'trend-chart']) {
        const box = await page.locator(`#${id} canvas`).first().boundingBox();
        expect(box?.width).toBeGreaterThan(200);
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
      }
      await page.screenshot({
        path: path.join(ARTIFACTS, `dashboard-${viewport.width}x${viewport.height}.png`),
        fullPage: true,
      });
      await context.close();
    }
  });

  it('shows a report submitted through the API within 2 s, without a reload (live)', async () => {
    const { context, page } = await newPage();
    await openDashboard(page, tokens.get('demo-analyst') as string);
    await page.waitForSelector('#live-status[data-state=on]');
    const period = (await page.getAttribute('body', 'data-period')) as string;
    const submittedBefore = await page.textContent('[data-figure=submitted]');
    // A commune the page lists as missing, with no report at all for the period yet.
    const missing = await page.$$eval('#missing-communes li[data-commune-code]', (items) =>
      items.map((li) => li.getAttribute('data-commune-code') as string),
    );
    let chosen: { code: string; planId: string; taskId: string } | null = null;
    for (const code of missing) {
      const [commune] = await db.dataSource.query('SELECT id FROM commune WHERE code = $1', [code]);
      const free = await freePeriods(db.dataSource, commune.id, Number(period.slice(0, 4)));
      if (free.periods.includes(period)) chosen = { code, planId: free.planId, taskId: free.taskId };
      if (chosen) break;
    }
    if (!chosen) throw new Error(`No missing commune of the demo province without a report for ${period}`);
    await page.evaluate('window.__sameDocument = true');

    await submitReport(httpGraphql(server.url), tokens.get('demo-admin') as string, chosen, period);
    // The issue's promise: on the open page within 2 s of the commit (CCHC_LIVE_WAIT_MS widens it on
    // a machine too busy for that; measured ~1.6 s at a load average of 19 on 2 cores).
    await page.waitForSelector(`#missing-communes li[data-commune-code="${chosen.code}"]`, {
      state: 'detached',
      timeout: Number(process.env.CCHC_LIVE_WAIT_MS || 2_000),
    });
    await expect(page.textContent('[data-figure=submitted]')).resolves.not.toBe(submittedBefore);
    // No reload: the same document, now showing the API's new figures.
    await expect(page.evaluate('window.__sameDocument')).resolves.toBe(true);
    await expectHeatmapEqualsApi(page);
    await context.close();
  });
});
