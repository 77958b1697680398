import DataLoader from 'dataloader';
import type { Connection } from './pagination';

/**
 * A DataLoader for a paginated child list (Province.communes, Plan.tasks): keys are a parent id
 * plus the field's arguments. Keys with the same arguments are fetched together by `fetchPages`
 * (one statement for all parents), so a request costs one statement per distinct argument set,
 * whatever the number of parents.
 */
export function pagedLoader<Request extends object, Node>(
  fetchPages: (parentIds: number[], request: Request) => Promise<Connection<Node>[]>,
) {
  type Key = Request & { parentId: number };
  const argumentsOf = ({ parentId: _p, ...request }: Key) => JSON.stringify(request);
  return new DataLoader<Key, Connection<Node>, string>(
    async (keys) => {
      const groups = new Map<string, Key[]>();
      for (const key of keys) groups.set(argumentsOf(key), [...(groups.get(argumentsOf(key)) ?? []), key]);
      const results = new Map<Key, Connection<Node>>();
      for (const group of groups.values()) {
        const pages = await fetchPages(
          group.map((k) => k.parentId),
          group[0],
        );
        group.forEach((key, i) => results.set(key, pages[i]));
      }
      return keys.map((key) => results.get(key)!);
    },
    { cacheKeyFn: (key) => `${key.parentId}:${argumentsOf(key)}` },
  );
}
