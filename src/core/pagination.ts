import { Max, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { BadUserInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Relay-style forward pagination arguments. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 0–${MAX_PAGE_SIZE}.` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items after this cursor (an endCursor or edge cursor).',
  })
  after?: string | null;
}

@ObjectType({ description: 'Where a page sits in its list (Relay PageInfo).' })
export class PageInfo {
  @Field({ description: 'True when items follow this page.' })
  hasNextPage: boolean;

  @Field({ description: 'True when items precede this page (an `after` cursor was given).' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item; pass it as `after` for the next page.',
  })
  endCursor: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A GraphQL connection type (edges, node, cursor, pageInfo, totalCount) for `Node`. */
export function ConnectionType<T extends object>(Node: ClassType<T>, nodeDescription: string) {
  @ObjectType(`${Node.name}Edge`, { description: `An edge to a ${nodeDescription}.` })
  class EdgeType {
    @Field(() => Node, { description: `The ${nodeDescription}.` })
    node: T;

    @Field({ description: 'Opaque cursor of this edge.' })
    cursor: string;
  }

  @ObjectType(`${Node.name}Connection`, {
    description: `A page of ${nodeDescription} items (Relay connection).`,
  })
  class ConnectionClass {
    @Field(() => [EdgeType], { description: 'The items of this page, in the list order.' })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: 'Paging state.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Number of items in the whole list (all pages).' })
    totalCount: number;
  }
  return ConnectionClass;
}

/**
 * Cursors are opaque to clients: base64url of "<list>:<sort key>". A cursor of another list, or
 * garbage, is a BAD_USER_INPUT, never silently the first page.
 */
export function encodeCursor(list: string, key: string | number): string {
  return Buffer.from(`${list}:${key}`, 'utf8').toString('base64url');
}

/** The sort key of a list ordered by a positive integer: an id or a position. */
export const INTEGER_KEY = /^[1-9]\d{0,8}$/;

/**
 * The one cursor decoder: the sort key of a cursor of `list`, checked to have the list's key shape
 * (any non-empty text when none is given), so that no service reads a forged key into SQL.
 * BAD_USER_INPUT on "after" otherwise.
 */
export function decodeCursor(list: string, cursor: string, keyShape?: RegExp): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${list}:`;
  if (
    !decoded.startsWith(prefix) ||
    decoded.length === prefix.length ||
    encodeCursor(list, decoded.slice(prefix.length)) !== cursor
  ) {
    throw new BadUserInputError(
      `"after" is not a cursor of this list: pass an endCursor or edge cursor it returned.`,
      'after',
    );
  }
  const key = decoded.slice(prefix.length);
  if (keyShape && !keyShape.test(key)) {
    throw new BadUserInputError('"after" is not a cursor of this list.', 'after');
  }
  return key;
}

/** Builds a connection from up to first+1 rows fetched after the cursor. */
export function toConnection<T>(
  rows: T[],
  args: { first: number; after?: string | null },
  totalCount: number,
  cursorOf: (row: T) => string,
): Connection<T> {
  const page = rows.slice(0, args.first);
  const edges = page.map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > args.first,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
