import type { IdeExample } from './ide-examples';

/**
 * The IDE page and its start script (served as /graphql/ide/start.js: the CSP allows no inline
 * script). Before GraphiQL mounts, a form asks for an API token: without one even the schema
 * cannot load (introspection needs a token too). The token is checked with `{ viewer }`, kept in
 * sessionStorage (this tab only, gone when it closes) and sent as `Authorization: Bearer …` on
 * every request. Stable ids for browser tests: #token-form, #token-input, #token-submit,
 * #token-error, #token-viewer, #token-forget, #ide.
 */
export const IDE_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>cchc-hub · GraphQL IDE</title>
    <link rel="stylesheet" href="graphql/ide/graphiql.min.css" />
    <style>
      body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
      #token-form { max-width: 40rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5; }
      #token-form input { width: 100%; box-sizing: border-box; padding: 0.5rem; font: inherit; font-family: monospace; }
      #token-form button { margin-top: 0.75rem; padding: 0.4rem 1rem; font: inherit; }
      #token-error { color: #b00020; min-height: 1.5em; }
      #ide-bar { display: flex; gap: 1rem; align-items: center; padding: 0.3rem 1rem; font-size: 0.9rem; border-bottom: 1px solid #ddd; }
      #ide { flex: 1; min-height: 0; }
      [hidden] { display: none !important; }
    </style>
  </head>
  <body>
    <form id="token-form" hidden>
      <h1>cchc-hub · GraphQL IDE</h1>
      <p>
        Every request, the schema included, needs an API token. On the demo database
        <code>npm start</code> prints one per role: <code>demo-analyst</code> (province Gia Lai, 52)
        runs every example tab; <code>demo-admin</code>, <code>demo-officer</code> and
        <code>demo-export</code> show what the other roles see. Real tokens come from
        <code>npm run cchc -- token create</code> (README, "Authentication").
      </p>
      <label for="token-input">API token</label>
      <input id="token-input" name="token" type="password" autocomplete="off" spellcheck="false" required />
      <button id="token-submit" type="submit">Open the IDE</button>
      <p id="token-error" role="alert"></p>
      <p>
        The token stays in this browser tab (sessionStorage) until you change it or close the tab,
        and goes out only to this server, as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
    </form>
    <div id="ide-bar" hidden>
      <span id="token-viewer"></span>
      <button id="token-forget" type="button">Change token</button>
    </div>
    <div id="ide" hidden></div>
    <noscript>The GraphQL IDE needs JavaScript; any GraphQL client works with POST /graphql.</noscript>
    <script src="graphql/ide/react.production.min.js"></script>
    <script src="graphql/ide/react-dom.production.min.js"></script>
    <script src="graphql/ide/graphiql.min.js"></script>
    <script src="graphql/ide/start.js"></script>
  </body>
</html>
`;

/** Plain browser JavaScript (no build step): the token form, then GraphiQL with the example tabs. */
export function ideStartScript(examples: readonly IdeExample[]): string {
  const tabs = examples.map((example) => ({ query: example.query }));
  return `(function () {
  'use strict';
  var STORAGE_KEY = 'cchc-hub:token';
  var TABS = ${JSON.stringify(tabs)};
  var url = window.location.pathname;
  var form = document.getElementById('token-form');
  var input = document.getElementById('token-input');
  var error = document.getElementById('token-error');
  var bar = document.getElementById('ide-bar');
  var who = document.getElementById('token-viewer');
  var ide = document.getElementById('ide');
  var root = null;

  function stored() {
    try { return window.sessionStorage.getItem(STORAGE_KEY); } catch (e) { return null; }
  }
  function store(token) {
    try { window.sessionStorage.setItem(STORAGE_KEY, token); } catch (e) { /* private mode: this page only */ }
  }

  /** Back to the form, the token forgotten, with why. */
  function askForToken(message) {
    try { window.sessionStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing stored */ }
    if (root) { root.unmount(); root = null; }
    ide.hidden = true;
    bar.hidden = true;
    form.hidden = false;
    error.textContent = message || '';
    input.value = '';
    input.focus();
  }

  /** Who the token is ({ viewer }), or a message saying why it does not work. */
  function checkToken(token) {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Authorization: 'Bearer ' + token },
      body: JSON.stringify({ query: '{ viewer { role name province { name } commune { name } } }' }),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (body.data && body.data.viewer) return { viewer: body.data.viewer };
        var first = body.errors && body.errors[0];
        return { message: (first && first.message) || 'The server answered HTTP ' + response.status + '.' };
      });
    }, function () {
      return { message: 'The server did not answer: is npm start still running?' };
    });
  }

  function describe(viewer) {
    var place = viewer.commune ? viewer.commune.name : viewer.province ? viewer.province.name : 'every province';
    return 'Token: ' + viewer.name + ' (' + viewer.role + ', ' + place + ')';
  }

  function mount(token, viewer) {
    form.hidden = true;
    bar.hidden = false;
    ide.hidden = false;
    who.textContent = describe(viewer);
    // A token revoked while the page is open (npm start makes new demo tokens each time): ask again.
    var guardedFetch = function (input, init) {
      return window.fetch(input, init).then(function (response) {
        if (response.status === 401) {
          askForToken('The server refused the token (revoked, or made by an earlier npm start). Paste a current one.');
        }
        return response;
      });
    };
    root = ReactDOM.createRoot(ide);
    root.render(
      React.createElement(GraphiQL, {
        fetcher: GraphiQL.createFetcher({ url: url, headers: { Authorization: 'Bearer ' + token }, fetch: guardedFetch }),
        defaultTabs: TABS,
        defaultEditorToolsVisibility: false,
      }),
    );
  }

  function open(token, failurePrefix) {
    return checkToken(token).then(function (result) {
      if (result.viewer) {
        store(token);
        mount(token, result.viewer);
      } else {
        askForToken(failurePrefix + result.message);
      }
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var token = input.value.trim().replace(/^Bearer\\s+/i, '');
    if (!token) return;
    error.textContent = 'Checking the token…';
    open(token, 'That token does not work: ');
  });
  document.getElementById('token-forget').addEventListener('click', function () {
    askForToken('');
  });

  var token = stored();
  if (token) open(token, 'The saved token no longer works: ');
  else askForToken('');
})();
`;
}
