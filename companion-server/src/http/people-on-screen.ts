import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import type { PeopleWaiting } from '../lib/people-waiting';

/**
 * Counts the requests of signed-in staff while they are served (lib/people-waiting.ts), so
 * that a cycle of automated rules steps aside for them. Requests without a staff member (a
 * shop's webhooks, the OAuth callback, the install page) are nobody waiting at a screen.
 * Registered after authentication, which finds the staff member. A request ends when its
 * answer is sent or its client goes away, whichever comes first; ending is idempotent.
 *
 * The rest of the request runs inside `people.serve`, as staff-call-budget.ts runs it in the
 * staff member's call budget: work the request does itself (a rule's preview, "Run now")
 * never steps aside for the very request it answers.
 */
export function registerPeopleOnScreen(app: FastifyInstance, people: PeopleWaiting): void {
  const ends = new WeakMap<FastifyRequest, () => void>();
  const end = async (request: FastifyRequest) => {
    ends.get(request)?.();
  };
  app.addHook(
    'onRequest',
    (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      if (!request.staff) {
        done();
        return;
      }
      ends.set(request, people.begin());
      people.serve(done);
    },
  );
  app.addHook('onResponse', end);
  app.addHook('onRequestAbort', end);
}
