import type { DataSource } from 'typeorm';
import { ReformArea } from './reform-area.entity';

/** Reads the seven reform areas (reference data, created by the first migration). */
export function listReformAreas(dataSource: DataSource): Promise<ReformArea[]> {
  return dataSource.getRepository(ReformArea).find({ order: { position: 'ASC' } });
}
