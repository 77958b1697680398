/** A time as the CLI tables show it: "2025-10-01 19:00" (UTC), or "-". */
export const formatTime = (time: Date | null) =>
  time ? time.toISOString().slice(0, 16).replace('T', ' ') : '-';

/** Rows (the first one the header) as a text table, columns aligned by two spaces. */
export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
