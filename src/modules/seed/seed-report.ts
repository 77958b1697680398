import type { DataSource } from 'typeorm';

export interface SeedReportRow {
  file: string;
  timeCells: number;
  timeCellsRead: number;
  targetSentences: number;
  targetSentencesRead: number;
}

/**
 * How much of the real plans' language the parsers understood, per document: time cells with at
 * least one milestone (CONDITIONAL included), and indicator sentences that state a figure and got
 * a parsed target. Read from the loaded rows, so it reports what the database really holds.
 */
export async function seedReport(dataSource: DataSource): Promise<SeedReportRow[]> {
  return dataSource.query(`
    SELECT p.source->>'file' AS file,
           (SELECT count(*) FROM task t WHERE t.plan_id = p.id AND t.time_text IS NOT NULL)::int AS "timeCells",
           (SELECT count(*) FROM task t WHERE t.plan_id = p.id AND t.time_text IS NOT NULL
               AND jsonb_array_length(t.milestones) > 0)::int AS "timeCellsRead",
           (SELECT count(*) FROM indicator i WHERE i.plan_id = p.id
               AND (i.comparator IS NOT NULL OR jsonb_array_length(i.parse_warnings) > 0))::int AS "targetSentences",
           (SELECT count(*) FROM indicator i WHERE i.plan_id = p.id AND i.comparator IS NOT NULL)::int AS "targetSentencesRead"
      FROM plan p WHERE p.source IS NOT NULL ORDER BY 1`);
}
