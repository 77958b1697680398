// npm start's prestart: compiles (tsc -p tsconfig.build.json) only when the build is stale, so a
// start with a current build goes straight to node. `--stamp` only records a build just made
// (npm run build); `--force` always builds.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** What the build is made from: a newer file or folder here (an edit, an addition, a deletion) makes it stale. */
const BUILD_INPUTS = ['src', 'migrations', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json'];

/** Written after tsc succeeded, never before: a failed or cut build stays stale. */
const STAMP = path.join('dist', '.build-stamp');

/** The newest modification time under `target` (folders count: deleting a file touches its folder). */
function newestChange(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return null;
  }
  let newest = { file: target, mtimeMs: stat.mtimeMs };
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(target)) {
      const inner = newestChange(path.join(target, entry));
      if (inner && inner.mtimeMs > newest.mtimeMs) newest = inner;
    }
  }
  return newest;
}

/**
 * Whether `root`'s build must be made again, and why: no stamp (never built, or the last build
 * failed), or an input changed after the stamp.
 */
function buildStaleness(root, inputs = BUILD_INPUTS, stamp = STAMP) {
  let built;
  try {
    built = fs.statSync(path.join(root, stamp)).mtimeMs;
  } catch {
    return { stale: true, reason: `no finished build (${stamp} is missing)` };
  }
  for (const input of inputs) {
    const newest = newestChange(path.join(root, input));
    if (newest && newest.mtimeMs > built) {
      return { stale: true, reason: `${path.relative(root, newest.file)} changed after the last build` };
    }
  }
  return { stale: false, reason: 'the build is newer than every source' };
}

/** Marks the build in `root` as finished now. */
function writeStamp(root, stamp = STAMP) {
  fs.mkdirSync(path.dirname(path.join(root, stamp)), { recursive: true });
  fs.writeFileSync(path.join(root, stamp), `${new Date().toISOString()}\n`);
}

function main(argv) {
  const root = path.resolve(__dirname, '..');
  if (argv.includes('--stamp')) return writeStamp(root);
  const { stale, reason } = argv.includes('--force')
    ? { stale: true, reason: '--force' }
    : buildStaleness(root);
  if (!stale) {
    console.error(`Build is current (${reason}); not rebuilding.`);
    return;
  }
  console.error(`Building: ${reason}…`);
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeStamp(root);
}

if (require.main === module) main(process.argv.slice(2));

module.exports = { BUILD_INPUTS, STAMP, buildStaleness, writeStamp };
