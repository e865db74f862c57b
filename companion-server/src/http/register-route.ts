import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteContract } from '../contract/route';
import { AppError, badRequest, forbidden, unauthorized } from '../errors';
import { roleAllows } from '../staff/staff-service';
import type { Staff } from '../storage/state-schema';

/**
 * Register a route of the shared contract: the role check, then params, query and body
 * validated with the contract's zod schemas, then the handler, whose answer is checked
 * against the response schema before it is sent (a server bug is a 500, never a malformed
 * answer the extension would trip over).
 */

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The signed-in staff member; present on every route that is not public. */
  staff: Staff;
  request: FastifyRequest;
  reply: FastifyReply;
}

export function parseOrThrow<T>(
  schema: z.ZodType<T> | undefined,
  value: unknown,
  where: string,
): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  // Schema messages may end with a full stop already.
  const message = (issue?.message ?? 'not accepted').replace(/\.+$/, '');
  throw badRequest(`Invalid ${where}: ${field}${message}.`, 'invalid_request');
}

/** The route's role check: 401 without a valid key, 403 below the role it needs. */
export function assertAccess(request: FastifyRequest, access: RouteContract['access']): void {
  if (access === 'public') return;
  const staff = request.staff;
  if (!staff) {
    throw unauthorized('Sign in with your staff key: send it as "Authorization: Bearer <key>".');
  }
  if (!roleAllows(staff.role, access)) {
    throw forbidden(`Your role (${staff.role}) may not do this; it needs ${access} or higher.`);
  }
}

export function registerRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(
  app: FastifyInstance,
  route: RouteContract<P, Q, B, R>,
  handler: (
    input: RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>>,
  ) => Promise<z.input<R>> | z.input<R>,
): void {
  app.route({
    method: route.method,
    url: route.path,
    ...(route.bodyLimitBytes ? { bodyLimit: route.bodyLimitBytes } : {}),
    handler: async (request, reply) => {
      const staff = request.staff;
      assertAccess(request, route.access);
      const params = parseOrThrow(route.params, request.params, 'path') as z.infer<P>;
      const query = parseOrThrow(route.query, request.query, 'query') as z.infer<Q>;
      const body = parseOrThrow(route.body, request.body, 'body') as z.infer<B>;
      const result = await handler({ params, query, body, staff: staff as Staff, request, reply });
      const checked = route.response.safeParse(result);
      if (!checked.success) {
        request.log.error(
          { route: route.path, issues: checked.error.issues.slice(0, 3) },
          'response failed its contract',
        );
        throw new AppError(
          500,
          'internal',
          'The server produced an invalid answer; it has been logged.',
        );
      }
      return checked.data;
    },
  });
}
