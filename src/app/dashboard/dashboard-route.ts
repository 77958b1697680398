import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { PROJECT_ROOT } from '../../core/config';
import type { PersistedManifest } from '../persisted-documents';

/**
 * The reference dashboard (docs/DASHBOARD.md) at GET /dashboard: static files from
 * public/dashboard/ (found from the package root, so the same under ts-node and from dist/), and
 * ECharts and graphql-sse from node_modules. The page reads its data from POST /graphql with the
 * user's own token, by persisted operation id: there is no server-side shortcut here.
 */

export const DASHBOARD_DIR = path.join(PROJECT_ROOT, 'public', 'dashboard');

// Packages' "exports" hide these files from require.resolve: go through package.json instead.
const packageFile = (name: string, file: string) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

const FILES: Record<string, { file: string; type: string }> = {
  'dashboard.js': { file: path.join(DASHBOARD_DIR, 'dashboard.js'), type: 'text/javascript' },
  'dashboard.css': { file: path.join(DASHBOARD_DIR, 'dashboard.css'), type: 'text/css' },
  'echarts.min.js': { file: packageFile('echarts', 'dist/echarts.min.js'), type: 'text/javascript' },
  'graphql-sse.min.js': {
    file: packageFile('graphql-sse', 'umd/graphql-sse.min.js'),
    type: 'text/javascript',
  },
};

/** 'self' only: no inline script, nothing from another host (the charts draw on canvas). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Routes mounted at /dashboard. */
export function dashboardRouter(manifest: PersistedManifest): Router {
  const router = Router();
  const cache = new Map<string, Buffer>();
  const read = (file: string) => {
    if (!cache.has(file)) cache.set(file, readFileSync(file));
    return cache.get(file) as Buffer;
  };
  // The page asks by name; ids change whenever an operation's text does.
  const operationIds = Object.fromEntries(manifest.operations.map((o) => [o.name, o.id]));
  router.use((_req, res, next) => {
    res.set('content-security-policy', CONTENT_SECURITY_POLICY).set('x-content-type-options', 'nosniff');
    next();
  });
  router.get('/', (_req, res) => {
    res
      .type('text/html')
      .set('cache-control', 'no-cache')
      .send(read(path.join(DASHBOARD_DIR, 'index.html')));
  });
  router.get('/operations.json', (_req, res) => res.set('cache-control', 'no-cache').json(operationIds));
  router.get('/:file', (req, res) => {
    const asset = FILES[req.params.file];
    if (!asset) return res.status(404).type('text/plain').send(`No dashboard file named ${req.params.file}.`);
    res.type(asset.type).set('cache-control', 'no-cache').send(read(asset.file));
  });
  return router;
}
