import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { Request } from 'express';

/**
 * The GraphQL IDE (GraphiQL 3) served from the npm packages on this machine: Apollo's landing pages
 * load from a CDN, which the product must not depend on. GET /graphql from a browser gets the page;
 * its scripts and styles come from /graphql/ide/*.
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

/** Starts GraphiQL: plain browser JavaScript, served as /graphql/ide/start.js (no inline script). */
const START_SCRIPT = `(function () {
  var defaultQuery = [
    '# cchc-hub: plans of provinces and communes.',
    '# Paste your API token in Headers below',
    '# (npm start prints demo tokens).',
    '',
    '{',
    '  rollup(periods: ["THIS_YEAR"], groupBy: [AREA]) { areaCode taskCount completedCount completionRate }',
    '}',
    '',
  ].join('\\n');
  ReactDOM.createRoot(document.getElementById('ide')).render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: window.location.pathname }),
      defaultQuery: defaultQuery,
      defaultHeaders: JSON.stringify({ Authorization: 'Bearer paste-your-token-here' }, null, 2),
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: true,
    }),
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>cchc-hub · GraphQL IDE</title>
    <link rel="stylesheet" href="graphql/ide/graphiql.min.css" />
    <style>body { margin: 0; height: 100vh; } #ide { height: 100vh; }</style>
  </head>
  <body>
    <div id="ide">Loading the GraphQL IDE…</div>
    <script src="graphql/ide/react.production.min.js"></script>
    <script src="graphql/ide/react-dom.production.min.js"></script>
    <script src="graphql/ide/graphiql.min.js"></script>
    <script src="graphql/ide/start.js"></script>
  </body>
</html>
`;

/** A browser asking for a page (not a GraphQL GET request with a query string). */
const wantsPage = (req: Request) =>
  req.method === 'GET' && req.query.query === undefined && req.accepts(['text/html', 'json']) === 'text/html';

/** Routes mounted at /graphql, before the GraphQL endpoint itself. */
export function ideRouter(): Router {
  const router = Router();
  const cache = new Map<string, Buffer>();
  router.get('/ide/:asset', (req, res) => {
    if (req.params.asset === 'start.js') return res.type('text/javascript').send(START_SCRIPT);
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
      .send(PAGE);
  });
  return router;
}
