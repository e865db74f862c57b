import type { Staff } from '../storage/state-schema';

declare module 'fastify' {
  interface FastifyRequest {
    /** The staff member whose key authenticated the request, or null. */
    staff: Staff | null;
  }
}
