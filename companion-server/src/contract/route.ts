import type { z } from 'zod';
import type { Role } from './common';

/**
 * One HTTP route of the companion server, described once for both sides: the server
 * registers it (validating params, query and body, and the response it sends), the
 * extension calls it and parses the answer with the same schemas.
 */
export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path with `:name` placeholders, e.g. `/api/staff/:staffId`. */
  path: string;
  /** `public`, or the least role allowed: viewer < buyer < admin. */
  access: 'public' | Role;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** A larger request body than the server's default limit (64 KiB), e.g. an uploaded file. */
  bodyLimitBytes?: number;
}

export function defineRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(route: RouteContract<P, Q, B, R>): RouteContract<P, Q, B, R> {
  return route;
}

/** The concrete path for a route, with its placeholders filled in (URL-encoded). */
export function routePath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing route parameter "${name}" for ${path}`);
    return encodeURIComponent(value);
  });
}

export type RouteParams<T> = T extends RouteContract<infer P> ? z.infer<P> : never;
export type RouteQuery<T> = T extends RouteContract<z.ZodType, infer Q> ? z.infer<Q> : never;
export type RouteBody<T> =
  T extends RouteContract<z.ZodType, z.ZodType, infer B> ? z.input<B> : never;
export type RouteResponse<T> =
  T extends RouteContract<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.infer<R> : never;
