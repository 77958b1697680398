import type { DataSource } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../../graphql/errors';
import { Plan } from './plan.entity';

export async function getPlanById(dataSource: DataSource, id: string): Promise<Plan> {
  if (!/^\d{1,9}$/.test(id)) {
    throw new BadUserInputError(`Plan id "${id}" is not a plan id (a positive integer).`, 'id');
  }
  const plan = await dataSource.getRepository(Plan).findOneBy({ id: Number(id) });
  if (!plan) throw new NotFoundError('Plan', id);
  return plan;
}
