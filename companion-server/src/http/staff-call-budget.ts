import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import { withCallBudget } from '../marketing-api/call-budget';

/**
 * The Marketing API calls of a signed-in staff member's request wait in the limiter's
 * `interactive` class under that staff member's id, so that one person's flood of overlay
 * views takes turns with another's single look instead of starving it. Requests without a
 * valid key (the OAuth callback, the install page) keep the default budget. Work a request
 * starts in a class of its own (a bulk-edit job, an export) sets it inside, and that wins.
 *
 * The budget is entered with AsyncLocalStorage around the rest of the request's lifecycle,
 * the way @fastify/request-context does: this onRequest hook, registered right after the one
 * that finds the staff member, runs the later hooks and the handler from inside `done`, so
 * they and everything they await run in the budget. Fastify carries the context across the
 * reading of a request body (its content-type parser resumes in the request's async scope),
 * so a body arriving in later packets keeps it too; test/companion/interactive-fairness.test.ts
 * checks both over real HTTP.
 */
export function registerStaffCallBudget(app: FastifyInstance): void {
  app.addHook(
    'onRequest',
    (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const staff = request.staff;
      if (!staff) {
        done();
        return;
      }
      withCallBudget({ callClass: 'interactive', staffId: staff.id }, done);
    },
  );
}
