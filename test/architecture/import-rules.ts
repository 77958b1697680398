import type { ImportEdge, PackageImport } from './import-graph';

/**
 * The layers of src/ (docs/ARCHITECTURE.md) and the rules between them, as a check over the import
 * graph. From the top:
 * - root: the composition root (src/main.ts, src/app/, src/cli/) wires everything; nothing imports it;
 * - feature: one folder per feature (src/modules/<name>/, src/parsing/), never in a circle;
 * - core: src/core/, shared by all and importing no feature.
 */
export type Layer = 'root' | 'feature' | 'core';

/** Where a src/ file belongs: its layer, and the unit the no-cycle rule is about. */
export function placeOf(file: string): { layer: Layer; unit: string } {
  const parts = file.split('/');
  // The migrations are wired into the data source by the composition root, like a part of it.
  if (parts[0] === 'migrations') return { layer: 'root', unit: 'migrations' };
  if (parts[0] !== 'src') throw new Error(`${file} is not below src/`);
  if (parts.length === 2) return { layer: 'root', unit: file };
  const [, top, second] = parts;
  if (top === 'app' || top === 'cli') return { layer: 'root', unit: `src/${top}` };
  if (top === 'core') return { layer: 'core', unit: 'src/core' };
  if (top === 'modules') return { layer: 'feature', unit: `src/modules/${second}` };
  if (top === 'parsing') return { layer: 'feature', unit: 'src/parsing' };
  throw new Error(`${file}: src/${top}/ is not a known layer; add it to placeOf (docs/ARCHITECTURE.md).`);
}

/** Files that must not know GraphQL: errors are mapped to it in one place only. */
const GRAPHQL_FREE = [/^src\/core\/db\//, /^src\/core\/errors\.ts$/, /^src\/modules\/auth\/policy\.ts$/];
const GRAPHQL_PACKAGES = new Set(['graphql', 'type-graphql', 'graphql-scalars', '@apollo/server']);

/** Every broken rule, one line each (empty when the graph obeys them all). */
export function importRuleViolations(edges: ImportEdge[], packages: PackageImport[] = []): string[] {
  const violations: string[] = [];
  const at = (edge: { from: string; line: number }) => `${edge.from}:${edge.line}`;
  for (const edge of edges) {
    const from = placeOf(edge.from);
    const to = placeOf(edge.to);
    if (to.layer === 'root' && from.layer !== 'root') {
      violations.push(`${at(edge)} imports ${edge.to}: nothing outside the composition root imports it.`);
    } else if (from.layer === 'core' && to.layer === 'feature') {
      violations.push(`${at(edge)} imports ${edge.to}: the core imports no feature module.`);
    }
  }
  for (const found of packages) {
    if (GRAPHQL_FREE.some((pattern) => pattern.test(found.from)) && GRAPHQL_PACKAGES.has(found.pkg)) {
      violations.push(`${at(found)} imports ${found.pkg}: this file must not know GraphQL.`);
    }
  }
  for (const { members, path } of featureCycles(edges)) {
    violations.push(
      `feature modules import each other in a circle (${members.length} folders: ${members.join(', ')}), e.g. ${path.join(' → ')}`,
    );
  }
  return violations;
}

/**
 * Circles between feature folders made of run-time imports. Type-only imports are left out: they
 * vanish from the compiled code, and TypeORM relations need them both ways (Relation<T>).
 * Each circle is given as one path through the strongly connected folders, with the import that
 * makes each step.
 */
export function featureCycles(edges: ImportEdge[]): { members: string[]; path: string[] }[] {
  const next = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    if (edge.typeOnly) continue;
    const from = placeOf(edge.from);
    const to = placeOf(edge.to);
    if (from.layer !== 'feature' || to.layer !== 'feature' || from.unit === to.unit) continue;
    if (!next.has(from.unit)) next.set(from.unit, new Map());
    if (!next.get(from.unit)!.has(to.unit)) next.get(from.unit)!.set(to.unit, edge);
  }
  return stronglyConnected(next)
    .filter((component) => component.length > 1)
    .map((members) => ({ members, path: describeCycle(members, next) }));
}

/** Tarjan's algorithm: the strongly connected components of a graph. */
function stronglyConnected(next: Map<string, Map<string, unknown>>): string[][] {
  const nodes = new Set([...next.keys(), ...[...next.values()].flatMap((targets) => [...targets.keys()])]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node)?.keys() ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component.sort());
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return components;
}

/** A shortest circle through the first folder of a component, each step with the import that makes it. */
function describeCycle(component: string[], next: Map<string, Map<string, ImportEdge>>): string[] {
  const inside = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const target of next.get(node)?.keys() ?? []) {
      if (!inside.has(target) || previous.has(target)) continue;
      previous.set(target, node);
      if (target === start) queue.length = 0;
      else queue.push(target);
    }
  }
  const path: string[] = [start];
  for (let node = previous.get(start)!; node !== start; node = previous.get(node)!) path.unshift(node);
  path.unshift(start);
  const steps = path.slice(0, -1).map((from, i) => {
    const edge = next.get(from)!.get(path[i + 1])!;
    return `${from} (${edge.from}:${edge.line})`;
  });
  return [...steps, start];
}
