import type DataLoader from 'dataloader';
import { BadUserInputError, NotFoundError } from '../../core/errors';
import type { Plan } from './plan.entity';

/**
 * A plan by its id (as GraphQL passes it), through the request's plan loader: the row comes with
 * its owner, which the read guard checks (FORBIDDEN outside the viewer's scope).
 */
export async function getPlanById(planById: DataLoader<number, Plan | null>, id: string): Promise<Plan> {
  if (!/^\d{1,9}$/.test(id)) {
    throw new BadUserInputError(`Plan id "${id}" is not a plan id (a positive integer).`, 'id');
  }
  const plan = await planById.load(Number(id));
  if (!plan) throw new NotFoundError('Plan', id);
  return plan;
}
