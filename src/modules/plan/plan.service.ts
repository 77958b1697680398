import type DataLoader from 'dataloader';
import { NotFoundError } from '../../core/errors';
import { parseId } from '../../core/ids';
import type { Plan } from './plan.entity';

/**
 * A plan by its id (as GraphQL passes it), through the request's plan loader: the row comes with
 * its owner, which the read guard checks (FORBIDDEN outside the viewer's scope).
 */
export async function getPlanById(planById: DataLoader<number, Plan | null>, id: string): Promise<Plan> {
  const plan = await planById.load(parseId(id, 'id', 'plan'));
  if (!plan) throw new NotFoundError('Plan', id);
  return plan;
}
