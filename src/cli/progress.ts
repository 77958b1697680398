/** A one-line progress bar on stderr (a plain line per step when stderr is not a terminal, as in CI). */
export function progressBar(label: string) {
  const started = Date.now();
  let lastLine = '';
  return (done: number, total: number, detail = '') => {
    const share = total ? done / total : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${detail} ${seconds}s`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line.padEnd(lastLine.length)}`);
      if (done >= total) process.stderr.write('\n');
    } else {
      process.stderr.write(`${line}\n`);
    }
    lastLine = line;
  };
}
