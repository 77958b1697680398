import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { Request } from 'express';
import { loadIdeExamples } from './ide-examples';
import { IDE_PAGE, ideStartScript } from './ide-page';

/**
 * The GraphQL IDE (GraphiQL 3) served from the npm packages on this machine: Apollo's landing pages
 * load from a CDN, which the product must not depend on. GET /graphql from a browser gets the page;
 * its scripts and styles come from /graphql/ide/*. The page asks for a token first and opens the
 * examples of examples.graphql as tabs (ide-page.ts).
 */
// Packages' "exports" hide these files from require.resolve: go through package.json instead.
const packageFile = (name: string, file: string) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

const ASSETS: Record<string, { file: string; type: string }> = {
  'graphiql.min.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
  'graphiql.min.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'react.production.min.js': {
    file: packageFile('react', 'umd/react.production.min.js'),
    type: 'text/javascript',
  },
  'react-dom.production.min.js': {
    file: packageFile('react-dom', 'umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
};

/** A browser asking for a page (not a GraphQL GET request with a query string). */
const wantsPage = (req: Request) =>
  req.method === 'GET' && req.query.query === undefined && req.accepts(['text/html', 'json']) === 'text/html';

/** Routes mounted at /graphql, before the GraphQL endpoint itself. */
export function ideRouter(): Router {
  const router = Router();
  // Read once at startup: a broken examples file stops the server rather than the page.
  const startScript = ideStartScript(loadIdeExamples());
  const cache = new Map<string, Buffer>();
  router.get('/ide/:asset', (req, res) => {
    if (req.params.asset === 'start.js') {
      return res.type('text/javascript').set('cache-control', 'no-cache').send(startScript);
    }
    const asset = ASSETS[req.params.asset];
    if (!asset) return res.status(404).type('text/plain').send(`No IDE file named ${req.params.asset}.`);
    if (!cache.has(req.params.asset)) cache.set(req.params.asset, readFileSync(asset.file));
    res.type(asset.type).set('cache-control', 'public, max-age=3600').send(cache.get(req.params.asset));
  });
  router.get('/', (req, res, next) => {
    if (!wantsPage(req)) return next();
    res
      .type('text/html')
      .set(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'",
      )
      .send(IDE_PAGE);
  });
  return router;
}
