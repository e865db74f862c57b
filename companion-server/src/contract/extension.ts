import { z } from 'zod';
import { defineRoute } from './route';

/** The extension version staff should run, so an older one can say an update is waiting. */
export const latestExtension = defineRoute({
  method: 'GET',
  path: '/api/extension/latest',
  access: 'viewer',
  response: z.object({
    version: z.string().nullable(),
    downloadUrl: z.url(),
    installPageUrl: z.url(),
  }),
});
